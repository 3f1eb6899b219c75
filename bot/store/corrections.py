"""An admin's corrections as typed on the command line, turned into a meeting's field values."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from typing import NoReturn

from bot.errors import ListminderError
from bot.meeting import MeetingStatus
from bot.store.merge import FieldValue
from bot.store.records import Meeting
from bot.text import printable


def edit_values(
    meeting: Meeting,
    *,
    list_zone: str,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    location: str | None = None,
    confirm_by: str | None = None,
) -> dict[str, FieldValue]:
    """The fields an edit sets. A time given without an offset is read in the meeting's zone (else the
    list's); a start that is a bare date makes the meeting all-day."""
    values: dict[str, FieldValue] = {}
    if title is not None:
        values["title"] = _one_line("--title", title) or _refuse("--title", title, "an empty title")
    zone = _zone(meeting.when.time_zone) or _zone(list_zone)
    if start is not None:
        when = _when("--start", start, zone)
        values.update(start=when, all_day=not isinstance(when, datetime), time_zone=_zone_name(when, zone))
    if end is not None:
        values["end"] = _when("--end", end, zone) if end else None
    if location is not None:
        values["location"] = _one_line("--location", location) or None
    if confirm_by is not None:
        values["confirm_by"] = _day("--confirm-by", confirm_by) if confirm_by else None
    return values


def status_values(status: MeetingStatus) -> dict[str, FieldValue]:
    return {"status": status}


def _when(option: str, text: str, zone: zoneinfo.ZoneInfo | None) -> date | datetime:
    try:
        if "T" not in text and " " not in text.strip():
            return date.fromisoformat(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        _refuse(option, text, "an ISO date (2007-02-12) or date-time (2007-02-12T10:00)")
    if value.tzinfo is None:
        value = (
            value.replace(tzinfo=zone) if zone is not None else _refuse(option, text, "a time with an offset")
        )
    return value


def _one_line(option: str, text: str) -> str:
    """The text without its outer spaces. A line break or a control character inside is refused, not
    cleaned: the admin sees at once that the pasted text held more than it showed, and what is stored
    (and shown in digests, calendars and the history) is exactly what was typed."""
    stripped = text.strip()
    if printable(stripped) != stripped:
        _refuse(option, text, "one line of text, without line breaks or control characters")
    return stripped


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _refuse(option, text, "an ISO date (2006-12-31)")


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _zone_name(when: date | datetime, zone: zoneinfo.ZoneInfo | None) -> str | None:
    if not isinstance(when, datetime):
        return None
    if isinstance(when.tzinfo, zoneinfo.ZoneInfo):
        return when.tzinfo.key
    return when.tzname()


def _refuse(option: str, text: str, wanted: str) -> NoReturn:
    raise ListminderError(f"{option} {text!r}: expected {wanted}")
