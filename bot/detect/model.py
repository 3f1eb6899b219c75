"""The values `bot.detect.detect` returns: meetings as one message mentions them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Status(StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class DetectOptions:
    """What detection needs to know about the list a message came from.

    ``time_zone``: the list's IANA zone, for times written without one and to settle ambiguous
    abbreviations. ``date_order``: "DMY" or "MDY", the list's habit for numeric dates when validity
    and the rest of the message do not settle it.
    """

    time_zone: str = "UTC"
    date_order: str = "DMY"


@dataclass(frozen=True, slots=True)
class Mention:
    """One meeting as one message states it.

    ``start``/``end``: a date for a day, an aware datetime in the meeting's own zone when a time is
    known. ``time_zone``: IANA name or abbreviation as understood, None when no time was given.
    ``quoted``: found only in text quoted from an earlier message. ``uid``/``sequence``: from a
    calendar part, when the mention came from one.
    """

    title: str
    start: date | datetime
    end: date | datetime | None
    all_day: bool
    time_zone: str | None
    location: str | None
    status: Status
    confirm_by: date | None
    quoted: bool
    confidence: float
    evidence: str
    uid: str | None = None
    sequence: int | None = None
