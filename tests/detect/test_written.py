"""The project's own labelled mail (tests/detect/written): well-formed training data.

The folder is data for learning and measuring detection, so these tests check only that it is usable:
every message is labelled and parses, and every label follows the corpus's scheme. What detection
finds in it is measured by the training command, not asserted here.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.mail.parser import parse

HERE = Path(__file__).parent / "written"
LABELS: list[dict[str, Any]] = [
    json.loads(line) for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line
]
KINDS = {"announce", "change", "scheduling", "report", "none"}
STATUSES = {"confirmed", "tentative", "cancelled"}
LABEL_KEYS = {"file", "kind", "meetings", "confirm_by", "note"}
MEETING_KEYS = {"title", "date", "end_date", "time", "tz", "status", "location", "evidence"}
# A series of messages stands for one list in leave-one-list-out evaluation.
FILE_NAME = re.compile(r"[a-z]+-\d{3}\.eml")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _iso_day(value: object) -> date:
    assert isinstance(value, str) and len(value) == 10, value
    return date.fromisoformat(value)


def _sent_day(label: dict[str, Any]) -> date:
    sent = parse((HERE / label["file"]).read_bytes()).date
    assert sent is not None, f"{label['file']} has no readable Date"
    return sent.date()


def test_every_message_is_labelled_once() -> None:
    names = sorted(p.name for p in HERE.glob("*.eml"))
    labelled = [label["file"] for label in LABELS]
    assert names, "no messages"
    assert len(labelled) == len(set(labelled))
    assert names == sorted(labelled)


def test_file_names_name_their_series() -> None:
    assert [p.name for p in HERE.glob("*.eml") if not FILE_NAME.fullmatch(p.name)] == []


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_label_follows_the_scheme(label: dict[str, Any]) -> None:
    assert set(label) == LABEL_KEYS
    assert label["kind"] in KINDS
    assert isinstance(label["note"], str)
    # A message that announces, changes or schedules names its meetings; one with none announces nothing.
    assert (label["kind"] == "none") == (not label["meetings"]) or label["kind"] == "report"
    sent = _sent_day(label)
    if label["confirm_by"] is not None:
        _iso_day(label["confirm_by"])
    for meeting in label["meetings"]:
        assert set(meeting) == MEETING_KEYS
        start = _iso_day(meeting["date"])
        assert start >= sent, f"{meeting['date']} is before the message's Date"
        if meeting["end_date"] is not None:
            assert _iso_day(meeting["end_date"]) > start
        assert meeting["status"] in STATUSES
        assert meeting["time"] is None or TIME.fullmatch(meeting["time"])
        assert meeting["evidence"]


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_evidence_is_the_messages_own_text(label: dict[str, Any]) -> None:
    # Labels list only what the author wrote (the Subject counts), never quoted text.
    mail = parse((HERE / label["file"]).read_bytes())
    own = " ".join(f"{mail.subject}\n{mail.text}".split())
    assert [m["evidence"] for m in label["meetings"] if " ".join(m["evidence"].split()) not in own] == []


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_message_parses(label: dict[str, Any]) -> None:
    mail = parse((HERE / label["file"]).read_bytes())
    assert mail.defects == ()
    assert mail.message_id and mail.sender and mail.list_id and mail.subject
    assert mail.date is not None
    assert mail.text.strip()
