"""Rule 7, calendar parts: a VEVENT is a meeting as stated, with the status its METHOD/STATUS give.

Outlook writes Windows zone names in TZID ("Pacific Standard Time", even in summer); they are mapped
to the IANA zone they stand for, so that the wall-clock time stays the one the organiser chose.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.detect.lexicon import WINDOWS_ZONES
from bot.detect.model import Mention
from bot.mail.model import CalendarEvent
from bot.meeting import MeetingDetails, MeetingStatus, When


def iana_zone(tzid: str | None) -> str | None:
    if not tzid:
        return None
    name = WINDOWS_ZONES.get(tzid.strip().strip('"').lower(), tzid.strip().strip('"'))
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def event_status(event: CalendarEvent) -> MeetingStatus:
    if (event.method or "").upper() == "CANCEL" or (event.status or "").upper() == "CANCELLED":
        return MeetingStatus.CANCELLED
    if (event.status or "").upper() == "TENTATIVE":
        return MeetingStatus.TENTATIVE
    return MeetingStatus.CONFIRMED


def to_mention(event: CalendarEvent, default_zone: str, fallback_title: str) -> Mention | None:
    if event.start is None:
        return None
    zone = iana_zone(event.tzid)
    start = _in_zone(event.start, zone, default_zone)
    end = _in_zone(event.end, zone, default_zone) if event.end is not None else None
    label = None if not isinstance(start, datetime) else zone or str(start.tzinfo or default_zone)
    details = MeetingDetails(
        title=(event.summary or fallback_title or "meeting").strip(),
        when=When(start, end, label),
        location=(event.location or "").strip() or None,
        status=event_status(event),
    )
    return Mention(
        details,
        quoted=False,
        confidence=0.95,
        why=("calendar:part",),
        evidence=f"calendar event {event.summary or ''}".strip(),
        uid=event.uid,
        sequence=event.sequence,
    )


def _in_zone(value: date | datetime, zone: str | None, default_zone: str) -> date | datetime:
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        # A floating time: the organiser's wall clock, read in the list's zone.
        return value.replace(tzinfo=ZoneInfo(zone or default_zone))
    # The event's wall clock in its own zone, read with the IANA rules: the same instant where the
    # sender's VTIMEZONE is right, and no walk through its recurrence rules for every conversion.
    return value.replace(tzinfo=ZoneInfo(zone)) if zone else value
