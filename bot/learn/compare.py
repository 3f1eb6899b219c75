"""Learned status and time against the rules', quickly: leave-one-list-out over the dates both the
rules and the labels give (``python -m bot.learn compare``). For each list, the status and time
decisions are trained on the other lists and read that list's dates; the rules' status and chosen
time are counted beside them, per subset of the lists. The figures that decide what ships are those
of ``lolo``, which runs the whole detection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bot.learn.corpus import Labelled, load
from bot.learn.examples import gather
from bot.learn.fit import Settings
from bot.learn.train import fit_status, fit_time


def compare(messages: Sequence[Labelled], corpora: Sequence[Path], settings: Settings) -> str:
    gathered = [gather(m) for m in messages]
    tally: dict[str, Counter[str]] = {}
    for held_out in sorted({g.list_name for g in gathered}):
        rest = [g for g in gathered if g.list_name != held_out]
        status_model = fit_status([e for g in rest for e in g.status], settings)
        time_model = fit_time([group for g in rest for group in g.time if not group.untimed], settings)
        for g in (g for g in gathered if g.list_name == held_out):
            counts = tally.setdefault(g.file, Counter())
            for e in g.status:
                _count_status(counts, e.truth, e.settled, status_model.decide(e.features)[0])
            for group in (group.options for group in g.time if not group.untimed):
                counts["t"] += 1
                counts["t_rules"] += any(e.label and "tm:rules" in e.features for e in group)
                counts["t_learned"] += max(group, key=lambda e: time_model.margin(e.features)).label
    out = ""
    for subset, files in _subsets(corpora, messages):
        c = sum((tally[f] for f in files), Counter())
        out += (
            f"{subset}: status over {c['n']} found dates: rules {c['rules']}, learned {c['learned']}; "
            f"not confirmed ({c['nc']}): rules {c['nc_rules']}, learned {c['nc_learned']}; "
            f"start time over {c['t']} dates with a choice: rules {c['t_rules']}, learned {c['t_learned']}\n"
        )
    return out


def _count_status(tally: Counter[str], truth: str, by_rules: str, learned: str) -> None:
    tally["n"] += 1
    tally["rules"] += by_rules == truth
    tally["learned"] += learned == truth
    if truth != "confirmed":
        tally["nc"] += 1
        tally["nc_rules"] += by_rules == truth
        tally["nc_learned"] += learned == truth


def _subsets(corpora: Sequence[Path], messages: Sequence[Labelled]) -> list[tuple[str, list[str]]]:
    root = Path(__file__).resolve().parents[2]
    shared = {m.file for f in corpora if not f.resolve().is_relative_to(root) for m in load(f).messages}
    english = [m.file for m in messages if m.lang == "en"]
    return [
        ("all lists", [m.file for m in messages]),
        ("English", english),
        ("English, shared corpora", [f for f in english if f in shared]),
    ]
