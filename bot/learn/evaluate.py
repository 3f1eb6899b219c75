"""Training on every corpus, and the leave-one-list-out evaluation scored by the corpus's own scorer:
the detection figures, the status and start time decided by the rules beside the learned ones, and
how well the meeting probability is calibrated on the lists left out."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.detect import DetectOptions
from bot.detect.decision import Calibration, DecisionModel, TimeModel, sigmoid
from bot.detect.explain import explain
from bot.detect.pipeline import Candidate
from bot.detect.report import message_dict
from bot.learn.calibration import reliability
from bot.learn.corpus import Labelled, load
from bot.learn.examples import gather
from bot.learn.fit import Settings
from bot.learn.train import fit_time, train
from bot.mail import parse


def messages_of(corpora: Sequence[Path]) -> list[Labelled]:
    found = [m for folder in corpora for m in load(folder).messages]
    return sorted(found, key=lambda m: (m.list_name, m.file))


def train_all(corpora: Sequence[Path], settings: Settings) -> DecisionModel:
    messages = messages_of(corpora)
    lists = tuple(sorted({m.list_name for m in messages}))
    return train([gather(m) for m in messages], settings, trained_on=lists)


@dataclass(slots=True)
class _Run:
    """The held-out predictions of one way of deciding status and time."""

    title: str
    predictions: list[str]


def leave_one_list_out(corpora: Sequence[Path], settings: Settings, scorer: Path, *, baseline: bool) -> str:
    """For each list, train on the others and detect in its mail; then score all of it at once."""
    messages = messages_of(corpora)
    gathered = {m.file: gather(m) for m in messages}
    shipped = _Run("leave-one-list-out", [])
    rules = _Run("status and time by the rules", [])
    learned = _Run("status and time learned", [])
    untimed = _Run("time learned, also untimed", [])
    calibration: list[tuple[float, float, int]] = []
    # Every decision learned, calibration included, so that each can be set beside what ships.
    both = replace(settings, learned_status=True, learned_time=True, calibrate=True)
    for held_out in sorted({m.list_name for m in messages}):
        train_on = [gathered[m.file] for m in messages if m.list_name != held_out]
        model = train(train_on, both)
        also_untimed = TimeModel(fit_time([t for g in train_on for t in g.time], settings), untimed=True)
        time = also_untimed if settings.learned_untimed else model.time
        as_shipped = replace(
            model,
            status=model.status if settings.learned_status else None,
            time=time if settings.learned_time else None,
        )
        if not settings.calibrate:
            as_shipped = replace(as_shipped, calibration=Calibration(), threshold=settings.threshold)
        for m in (m for m in messages if m.list_name == held_out):
            line, trace = _predict(m, DetectOptions(model=as_shipped))
            shipped.predictions.append(line)
            calibration += _probabilities(m, trace, model)
            rules.predictions.append(
                _predict(m, DetectOptions(model=replace(model, status=None, time=None)))[0]
            )
            learned.predictions.append(_predict(m, DetectOptions(model=model))[0])
            with_untimed = replace(model, status=None, time=also_untimed)
            untimed.predictions.append(_predict(m, DetectOptions(model=with_untimed))[0])
    report = _scored(shipped.title, corpora, shipped.predictions, scorer, messages)
    report += _compared(corpora, scorer, messages, (rules, learned, untimed))
    report += reliability(calibration)
    if baseline:
        by_rules = [_predict(m, DetectOptions(rules_only=True))[0] for m in messages]
        title = "hand rules alone (fitted to dev: not a held-out figure)"
        report += _scored(title, corpora, by_rules, scorer, messages)
    return report


def _predict(message: Labelled, options: DetectOptions) -> tuple[str, list[Candidate]]:
    mail = parse(message.raw)
    trace: list[Candidate] = []
    mentions, _ = explain(mail, options, trace=trace)
    return json.dumps(message_dict(message.file, mail, mentions)), trace


def _probabilities(
    message: Labelled, trace: list[Candidate], model: DecisionModel
) -> list[tuple[float, float, int]]:
    """(raw, calibrated, truth) of each own and Subject candidate on or after the message's day."""
    first_day = parse(message.raw).date
    return [
        (
            sigmoid(model.margin(c.features)),
            model.calibration.probability(model.margin(c.features)),
            int(c.day in message.days),
        )
        for c in trace
        if c.origin != "quoted"
        and c.probability is not None
        and (first_day is None or c.day >= first_day.date())
    ]


def _compared(corpora: Sequence[Path], scorer: Path, messages: list[Labelled], runs: Sequence[_Run]) -> str:
    """The overall line of each way of deciding, per subset: status, start time, not confirmed."""
    out = ""
    for subset, keep in subsets(corpora, messages):
        out += f"== status and time, held out: {subset} ==\n"
        labels = _only(_labels(corpora), keep)
        for run in runs:
            predictions = _only(run.predictions, keep, key="source")
            scored = _run_scorer(scorer, labels, predictions)
            overall = next((line for line in scored.splitlines() if line.startswith("all ")), "")
            out += f"{run.title:<30} {overall.removeprefix('all').strip()}\n"
            out += f"{'':<30} {_counts(labels, predictions)}\n"
    return out


def _counts(labels: list[str], predictions: list[str]) -> str:
    """The scorer's status, not-confirmed and start-time figures as counts (the decision to ship a
    learned status or time turns on single dates): each labelled date the prediction also gives."""
    predicted: dict[str, dict[str, dict[str, object]]] = {}
    for line in predictions:
        body = json.loads(line)
        days = predicted.setdefault(Path(str(body["source"])).name, {})
        for m in body["meetings"]:
            if not m["quoted"]:
                days.setdefault(str(m["start"])[:10], m)
    tally: Counter[str] = Counter()
    for line in labels:
        label = json.loads(line)
        found = predicted.get(label["file"], {})
        for truth in label.get("meetings", []):
            m = found.get(truth["date"])
            if m is None:
                continue
            right = m["status"] == truth["status"]
            tally["status"] += 1
            tally["status_ok"] += right
            if truth["status"] != "confirmed":
                tally["nc"] += 1
                tally["nc_ok"] += right
            start = str(m["start"])
            if truth.get("time"):
                tally["time"] += 1
                tally["time_ok"] += len(start) >= 16 and start[11:16] == truth["time"]
            else:
                tally["untimed"] += 1
                tally["untimed_timed"] += len(start) >= 16
    return (
        f"status {tally['status_ok']}/{tally['status']}, not confirmed {tally['nc_ok']}/{tally['nc']}, "
        f"start time {tally['time_ok']}/{tally['time']}, "
        f"a time given to a date labelled without one {tally['untimed_timed']}/{tally['untimed']}"
    )


def _scored(
    title: str, corpora: Sequence[Path], predictions: list[str], scorer: Path, messages: list[Labelled]
) -> str:
    labels = _labels(corpora)
    out = ""
    for subset, keep in subsets(corpora, messages):
        out += f"== {title}: {subset} ==\n"
        out += _run_scorer(scorer, _only(labels, keep), _only(predictions, keep, key="source"))
    return out


# The languages the figures are given for, beside every list together; "mixed" messages (one text in
# two languages) count only there.
_LANGUAGE_NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French"}


def subsets(corpora: Sequence[Path], messages: list[Labelled]) -> list[tuple[str, set[str] | None]]:
    # The shared corpora (outside the repository): the lists the issues' figures are defined on.
    shared = {m.file for folder in corpora if not _inside_repository(folder) for m in load(folder).messages}
    subsets: list[tuple[str, set[str] | None]] = [("all lists", None)]
    for code, name in _LANGUAGE_NAMES.items():
        files = {m.file for m in messages if m.lang == code}
        if files:
            subsets.append((name, files))
        if files & shared:
            subsets.append((f"{name}, shared corpora", files & shared))
    return subsets


def _labels(corpora: Sequence[Path]) -> list[str]:
    return [line for folder in corpora for line in _label_lines(folder)]


def _inside_repository(folder: Path) -> bool:
    return folder.resolve().is_relative_to(Path(__file__).resolve().parents[2])


def _label_lines(folder: Path) -> list[str]:
    text = (folder / "labels.jsonl").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def _only(lines: list[str], files: set[str] | None, key: str = "file") -> list[str]:
    if files is None:
        return lines
    return [line for line in lines if json.loads(line)[key] in files]


def _run_scorer(scorer: Path, labels: list[str], predictions: list[str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        label_file, pred_file = Path(tmp) / "labels.jsonl", Path(tmp) / "pred.jsonl"
        label_file.write_text("\n".join(labels) + "\n", encoding="utf-8")
        pred_file.write_text("\n".join(predictions) + "\n", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(scorer), str(label_file), str(pred_file)],
            capture_output=True,
            text=True,
            check=False,
        )
    return done.stdout + done.stderr
