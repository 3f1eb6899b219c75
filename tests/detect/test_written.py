"""The project's own labelled mail (tests/detect/written, and tests/detect/unseen which is measured but
never trained on): well-formed data.

The folder is data for learning and measuring detection, so these tests check only that it is usable:
every message is labelled and parses, and every label follows the corpus's scheme. What detection
finds in it is measured by the training command, not asserted here. French, Spanish and German series
(and a few bilingual messages) are written here because the shared corpus has almost no French meetings.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.mail.parser import parse

HERE = Path(__file__).parent / "written"
FOLDERS = (HERE, Path(__file__).parent / "unseen")


def _labels(folder: Path) -> list[dict[str, Any]]:
    text = (folder / "labels.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


LABELS: list[dict[str, Any]] = _labels(HERE)
# Every label with the folder its message is in.
ALL = [(folder, label) for folder in FOLDERS for label in _labels(folder)]
IDS = [f"{folder.name}/{label['file']}" for folder, label in ALL]
KINDS = {"announce", "change", "scheduling", "report", "none"}
# A label without `lang` is English; "mixed" is a message written in two or more languages.
LANGS = {"en", "fr", "es", "de", "mixed"}
STATUSES = {"confirmed", "tentative", "cancelled"}
LABEL_KEYS = {"file", "kind", "meetings", "confirm_by", "note"}
MEETING_KEYS = {"title", "date", "end_date", "time", "tz", "status", "location", "evidence"}
# A series of messages stands for one list in leave-one-list-out evaluation.
FILE_NAME = re.compile(r"[a-z]+-\d{3}\.eml")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _iso_day(value: object) -> date:
    assert isinstance(value, str) and len(value) == 10, value
    return date.fromisoformat(value)


def _sent_day(folder: Path, label: dict[str, Any]) -> date:
    sent = parse((folder / label["file"]).read_bytes()).date
    assert sent is not None, f"{label['file']} has no readable Date"
    return sent.date()


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_every_message_is_labelled_once(folder: Path) -> None:
    names = sorted(p.name for p in folder.glob("*.eml"))
    labelled = [label["file"] for label in _labels(folder)]
    assert names, "no messages"
    assert len(labelled) == len(set(labelled))
    assert names == sorted(labelled)


def test_file_names_name_their_series() -> None:
    names = [name for folder in FOLDERS for name in _names(folder)]
    assert [name for name in names if not FILE_NAME.fullmatch(name)] == []
    # A series is in one folder: trained on, or only measured.
    assert not {n.split("-")[0] for n in _names(FOLDERS[0])} & {n.split("-")[0] for n in _names(FOLDERS[1])}


def _names(folder: Path) -> list[str]:
    return [p.name for p in folder.glob("*.eml")]


@pytest.mark.parametrize(("folder", "label"), ALL, ids=IDS)
def test_label_follows_the_scheme(folder: Path, label: dict[str, Any]) -> None:
    assert set(label) - {"lang"} == LABEL_KEYS
    assert label.get("lang", "en") in LANGS
    assert label["kind"] in KINDS
    assert isinstance(label["note"], str)
    # A message that announces, changes or schedules names its meetings; one with none announces nothing.
    assert (label["kind"] == "none") == (not label["meetings"]) or label["kind"] == "report"
    sent = _sent_day(folder, label)
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


@pytest.mark.parametrize(("folder", "label"), ALL, ids=IDS)
def test_evidence_is_the_messages_own_text(folder: Path, label: dict[str, Any]) -> None:
    # Labels list only what the author wrote (the Subject counts), never quoted text.
    mail = parse((folder / label["file"]).read_bytes())
    own = " ".join(f"{mail.subject}\n{mail.text}".split())
    assert [m["evidence"] for m in label["meetings"] if " ".join(m["evidence"].split()) not in own] == []


@pytest.mark.parametrize(("folder", "label"), ALL, ids=IDS)
def test_message_parses(folder: Path, label: dict[str, Any]) -> None:
    mail = parse((folder / label["file"]).read_bytes())
    assert mail.defects == ()
    assert mail.message_id and mail.sender and mail.list_id and mail.subject
    assert mail.date is not None
    assert mail.text.strip()
    # Accented words in a declared legacy charset or an encoded header decode to what was written.
    assert "\ufffd" not in mail.subject + mail.text


def _series_by_language() -> dict[str, list[list[dict[str, Any]]]]:
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in LABELS:
        series[label["file"].split("-")[0]].append(label)
    by_language: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for labels in series.values():
        by_language[labels[0].get("lang", "en")].append(labels)
    return by_language


@pytest.mark.parametrize(("lang", "lists"), [("fr", 5), ("es", 3), ("de", 3)])
def test_each_language_has_lists_of_its_own_with_every_kind_of_traffic(lang: str, lists: int) -> None:
    # Leave-one-list-out needs several lists per language, and each list mixes ordinary traffic with
    # announcements and with tentative, moved and cancelled meetings, as real lists do.
    series = _series_by_language()[lang]
    assert len(series) >= lists
    for labels in series:
        assert {label.get("lang", "en") for label in labels} == {lang}, labels[0]["file"]
        assert len(labels) >= 12, labels[0]["file"]
        statuses = Counter(m["status"] for label in labels for m in label["meetings"])
        assert set(statuses) == STATUSES, labels[0]["file"]
        assert any(label["kind"] in {"none", "report"} for label in labels), labels[0]["file"]


def test_mixed_language_messages_are_labelled() -> None:
    assert len([label for label in LABELS if label.get("lang") == "mixed"]) >= 10
