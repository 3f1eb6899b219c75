"""Labelled corpora: a folder with ``labels.jsonl`` and its messages (in ``mail/`` or beside it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.errors import ListminderError


class CorpusError(ListminderError):
    """A labelled corpus that cannot be read."""


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled message: its list (the file name's prefix), its bytes and its meeting days, with
    each day's labelled status and start time ("HH:MM", when one is labelled)."""

    list_name: str
    file: str
    raw: bytes
    days: frozenset[date]
    lang: str
    statuses: tuple[tuple[date, str], ...] = ()
    times: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    folder: Path
    labels_file: Path
    messages: tuple[Labelled, ...]


def load(folder: Path) -> Corpus:
    labels_file = folder / "labels.jsonl"
    mail_dir = folder / "mail" if (folder / "mail").is_dir() else folder
    try:
        lines = labels_file.read_text(encoding="utf-8").splitlines()
        messages = tuple(_message(json.loads(line), mail_dir) for line in lines if line.strip())
    except (OSError, ValueError, KeyError) as exc:
        raise CorpusError(f"{folder}: cannot read its labelled mail: {exc}") from exc
    return Corpus(folder, labels_file, tuple(sorted(messages, key=lambda m: m.file)))


def _message(label: dict[str, object], mail_dir: Path) -> Labelled:
    file = str(label["file"])
    meetings = label.get("meetings") or []
    assert isinstance(meetings, list)
    return Labelled(
        list_name=file.split("-")[0],
        file=file,
        raw=(mail_dir / file).read_bytes(),
        days=frozenset(date.fromisoformat(m["date"]) for m in meetings),
        lang=str(label.get("lang") or "en"),
        statuses=tuple(
            (date.fromisoformat(m["date"]), str(m.get("status") or "confirmed")) for m in meetings
        ),
        times=tuple((date.fromisoformat(m["date"]), str(m["time"])) for m in meetings if m.get("time")),
    )
