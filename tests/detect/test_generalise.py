"""Detection on mail of lists the rules were not written on (tests/detect/generalise, hand-labelled).

Each message's labelled meeting days and statuses (labels.jsonl, the corpus's labelling rules) must be
what detection finds in the message's own text. Messages the rules still get wrong are listed in
KNOWN_FAILURES with the reason, as strict expected failures.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.detect import DetectOptions, Mention, detect
from bot.mail.parser import parse

HERE = Path(__file__).parent / "generalise"
LABELS = [
    json.loads(line) for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line
]

# file -> why detection still gets it wrong.
KNOWN_FAILURES: dict[str, str] = {}


def _day(m: Mention) -> str:
    start = m.when.first_day
    assert isinstance(start, date)
    return start.isoformat()


def _cases() -> list[Any]:
    cases = []
    for label in LABELS:
        marks = []
        if label["file"] in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[label["file"]]))
        cases.append(pytest.param(label, id=label["file"], marks=marks))
    return cases


@pytest.mark.parametrize("label", _cases())
def test_labelled_days_and_statuses(label: dict[str, Any]) -> None:
    mail = parse((HERE / label["file"]).read_bytes())
    found = [m for m in detect(mail, DetectOptions()) if not m.quoted]
    got: dict[str, str] = {}
    for m in found:
        got.setdefault(_day(m), m.status.value)
    expected = {m["date"]: m["status"] for m in label["meetings"]}
    assert got == expected


def test_every_message_is_labelled() -> None:
    assert sorted(p.name for p in HERE.glob("*.eml")) == sorted(label["file"] for label in LABELS)
