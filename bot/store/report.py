"""Meetings and their history as `listminder meetings` and `listminder meeting show` print them.

Titles, places and Message-IDs come from mail: the text rows pass every value through ``printable``,
so that a hostile Subject can neither drive the terminal nor add a line. ``meeting_dict`` keeps the
values whole; its JSON is written by ``bot.text.json_text``, which escapes what a terminal would act on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.store.records import HistoryEntry, Meeting
from bot.text import printable


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    """The `meetings --json` object: the fields of a meeting in `detect --json` (without quoted,
    evidence, confidence), plus id, list, uid, sequence, created_at, updated_at; and calendar_uid, the
    event's UID in the list's calendars (the uid, but for a later list's copy of a cross-posted one)."""
    return {
        "id": meeting.id,
        "list": meeting.list_name,
        "uid": meeting.uid,
        "calendar_uid": meeting.calendar_uid,
        "sequence": meeting.sequence,
        "title": meeting.title,
        "start": meeting.when.start_iso,
        "end": meeting.when.end_iso,
        "all_day": meeting.when.all_day,
        "time_zone": meeting.when.time_zone,
        "location": meeting.location,
        "status": meeting.status.value,
        "confirm_by": _iso(meeting.confirm_by),
        "created_at": _iso(meeting.created_at),
        "updated_at": _iso(meeting.updated_at),
    }


def meeting_rows(meetings: list[Meeting]) -> list[str]:
    """One line per meeting under a header line."""
    rows = [f"{'ID':>5}  {'START':<25}  {'STATUS':<9}  {'LIST':<12}  TITLE  @ LOCATION"]
    for m in meetings:
        when = m.when.span_text
        title, place, list_name = printable(m.title), printable(m.location or "-"), printable(m.list_name)
        rows.append(f"{m.id:>5}  {when:<25}  {m.status.value:<9}  {list_name:<12}  {title}  @ {place}")
    return rows


def meeting_detail(meeting: Meeting, history: list[HistoryEntry]) -> list[str]:
    """A meeting's fields, then its history, oldest first."""
    fields = meeting_dict(meeting)
    width = max(len(name) for name in fields)
    rows = [
        f"{name:<{width}}  {'-' if value is None else printable(str(value))}"
        for name, value in fields.items()
    ]
    if meeting.corrected:
        rows.append(f"{'corrected':<{width}}  {', '.join(sorted(meeting.corrected))} (by an admin)")
    rows.append("")
    rows.append("history:")
    rows.extend(f"  {_history_line(entry)}" for entry in history)
    return rows


def _history_line(entry: HistoryEntry) -> str:
    at = entry.at.strftime("%Y-%m-%d %H:%M:%S")
    who = f"message {entry.message_key}" if entry.message_key is not None else entry.actor
    if entry.action == "created":
        what = f"created {entry.new}"
    else:
        what = f"{entry.field}: {entry.old or '-'} -> {entry.new or '-'}"
    return printable(f"{at} UTC  seq {entry.sequence}  {entry.action:<9} by {who}: {what}")
