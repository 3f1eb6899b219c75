"""Training on every corpus, and the leave-one-list-out evaluation scored by the corpus's own scorer."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot.detect import DetectOptions, detect
from bot.detect.decision import DecisionModel
from bot.detect.report import message_dict
from bot.learn.corpus import Labelled, load
from bot.learn.examples import examples
from bot.learn.fit import Example, Settings, fit
from bot.mail import parse


def messages_of(corpora: Sequence[Path]) -> list[Labelled]:
    found = [m for folder in corpora for m in load(folder).messages]
    return sorted(found, key=lambda m: (m.list_name, m.file))


def train_all(corpora: Sequence[Path], settings: Settings) -> DecisionModel:
    messages = messages_of(corpora)
    lists = tuple(sorted({m.list_name for m in messages}))
    return fit(examples(messages), settings, trained_on=lists)


def leave_one_list_out(corpora: Sequence[Path], settings: Settings, scorer: Path, *, baseline: bool) -> str:
    """For each list, train on the others and detect in its mail; then score all of it at once."""
    messages = messages_of(corpora)
    by_file = {m.file: examples([m]) for m in messages}
    predictions: list[str] = []
    for held_out in sorted({m.list_name for m in messages}):
        train: list[Example] = [e for m in messages if m.list_name != held_out for e in by_file[m.file]]
        model = fit(train, settings)
        predictions += [_predict(m, DetectOptions(model=model)) for m in messages if m.list_name == held_out]
    report = _scored("leave-one-list-out", corpora, predictions, scorer, messages)
    if baseline:
        rules = [_predict(m, DetectOptions(rules_only=True)) for m in messages]
        title = "hand rules alone (fitted to dev: not a held-out figure)"
        report += _scored(title, corpora, rules, scorer, messages)
    return report


def _predict(message: Labelled, options: DetectOptions) -> str:
    mail = parse(message.raw)
    return json.dumps(message_dict(message.file, mail, detect(mail, options)))


def _scored(
    title: str, corpora: Sequence[Path], predictions: list[str], scorer: Path, messages: list[Labelled]
) -> str:
    english = {m.file for m in messages if m.lang == "en"}
    # The shared corpora (outside the repository): the lists the figures are defined on.
    shared = {m.file for folder in corpora if not _inside_repository(folder) for m in load(folder).messages}
    labels = [line for folder in corpora for line in _label_lines(folder)]
    out = ""
    subsets = (("all lists", None), ("English", english), ("English, shared corpora", english & shared))
    for subset, keep in subsets:
        out += f"== {title}: {subset} ==\n"
        out += _run_scorer(scorer, _only(labels, keep), _only(predictions, keep, key="source"))
    return out


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
