"""Calendar parts (text/calendar bodies, .ics attachments) as CalendarEvents, read with icalendar.

Zones: icalendar resolves a TZID that is an IANA name, maps Windows names that Outlook writes
("Pacific Standard Time") to IANA zones, and builds a zone from the calendar's own VTIMEZONE for any
other TZID. A TZID it still cannot resolve leaves the time naive, and is reported as a defect rather
than guessed; a time without TZID is floating and stays naive.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import icalendar

from bot.mail.model import CalendarEvent


def read_calendar(data: bytes | str) -> tuple[list[CalendarEvent], list[str]]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError... on bad input
        return [], [f"calendar: unreadable ({type(exc).__name__})"]
    method = _text(calendar.get("METHOD"))
    events: list[CalendarEvent] = []
    defects: list[str] = []
    for component in calendar.walk("VEVENT"):
        try:
            event, problems = _event(component, method)
        except Exception as exc:  # one broken event must not lose the others
            defects.append(f"calendar: bad event ({type(exc).__name__})")
            continue
        events.append(event)
        defects += problems
    return events, defects


def _event(component: Any, method: str | None) -> tuple[CalendarEvent, list[str]]:
    defects: list[str] = []
    start, tzid = _when(component, "DTSTART", defects)
    end, _ = _when(component, "DTEND", defects)
    rrule = component.get("RRULE")
    sequence = component.get("SEQUENCE")
    return (
        CalendarEvent(
            uid=_text(component.get("UID")),
            sequence=_int(sequence),
            method=method.upper() if method else None,
            status=(_text(component.get("STATUS")) or "").upper() or None,
            start=start,
            end=end,
            tzid=tzid,
            summary=_text(component.get("SUMMARY")),
            location=_text(component.get("LOCATION")),
            rrule=rrule.to_ical().decode("utf-8", "replace") if rrule is not None else None,
        ),
        defects,
    )


def _when(component: Any, name: str, defects: list[str]) -> tuple[date | datetime | None, str | None]:
    prop = component.get(name)
    if prop is None:
        return None, None
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    try:
        value = component.decoded(name)
    except Exception:  # a malformed value: report it, keep the rest of the event
        defects.append(f"calendar: bad {name}")
        return None, tzid
    if isinstance(value, datetime) and tzid and value.tzinfo is None:
        defects.append(f"calendar: unknown zone {tzid}")
    if not isinstance(value, date):
        return None, tzid
    return value, (str(tzid) if tzid else None)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
