"""Could status be learned too? Leave-one-list-out, a learned status (two logistic models over each
found date's features: cancelled or not, tentative or not) against the rules' status, on the dates
both find. ``python -m bot.learn status`` prints the comparison; detection ships whichever is better
(the rules, as long as this says so)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.detect.message import detect_mail
from bot.detect.pipeline import Candidate
from bot.learn.corpus import Labelled
from bot.learn.examples import OPTIONS
from bot.learn.fit import Example, Settings, fit
from bot.mail import parse


@dataclass(frozen=True, slots=True)
class _Found:
    list_name: str
    features: tuple[str, ...]
    truth: str
    by_rules: str


def compare(messages: Sequence[Labelled], corpora: Sequence[Path], settings: Settings) -> str:
    statuses = _label_statuses(corpora)
    found = [f for m in messages for f in _found(m, statuses[m.file])]
    tally: Counter[str] = Counter()
    for held_out in sorted({f.list_name for f in found}):
        train = [f for f in found if f.list_name != held_out]
        cancelled = fit([Example(f.features, int(f.truth == "cancelled")) for f in train], settings)
        tentative = fit([Example(f.features, int(f.truth == "tentative")) for f in train], settings)
        for f in (f for f in found if f.list_name == held_out):
            learned = "cancelled" if cancelled.probability(f.features) >= 0.5 else "confirmed"
            if learned == "confirmed" and tentative.probability(f.features) >= 0.5:
                learned = "tentative"
            _count(tally, f, learned)
    return (
        f"status over {tally['n']} found dates: rules {tally['rules']}, learned {tally['learned']}; "
        f"not confirmed ({tally['nc']}): rules {tally['nc_rules']}, learned {tally['nc_learned']}\n"
    )


def _count(tally: Counter[str], f: _Found, learned: str) -> None:
    tally["n"] += 1
    tally["rules"] += f.by_rules == f.truth
    tally["learned"] += learned == f.truth
    if f.truth != "confirmed":
        tally["nc"] += 1
        tally["nc_rules"] += f.by_rules == f.truth
        tally["nc_learned"] += learned == f.truth


def _found(message: Labelled, truth: dict[str, str]) -> list[_Found]:
    """The own-text dates both the rules and the labels name, with the features of the first candidate
    of each and the status the message-level rules settled on (itself a feature)."""
    trace: list[Candidate] = []
    mentions = detect_mail(parse(message.raw), OPTIONS, None, trace)
    settled = {m.when.first_day.isoformat(): m.status.value for m in mentions if not m.quoted}
    out: dict[str, _Found] = {}
    for c in trace:
        day = c.day.isoformat()
        if c.origin == "quoted" or day not in truth or day not in settled or day in out:
            continue
        features = (*c.features, f"settled:{settled[day]}")
        out[day] = _Found(message.list_name, features, truth[day], settled[day])
    return list(out.values())


def _label_statuses(corpora: Sequence[Path]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for folder in corpora:
        for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                out[label["file"]] = {m["date"]: m["status"] for m in label.get("meetings", [])}
    return out
