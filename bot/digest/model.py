"""The values digests are made of: meetings as the store hands them over, and what composition decides.

The store is adapted to produce `MeetingSnapshot`s; everything after that (composition, rendering,
the reminders that are due) is a pure function of snapshots and a given time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.detect.model import Status


class ChangeKind(StrEnum):
    NEW = "new"
    CONFIRMED = "confirmed"
    MOVED = "moved"
    CANCELLED = "cancelled"
    EDITED = "edited"


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a meeting, as the store's history records it (``at`` is aware)."""

    kind: ChangeKind
    at: datetime


@dataclass(frozen=True, slots=True)
class MeetingSnapshot:
    """A meeting as the store keeps it.

    ``start``/``end``: a date for an all-day meeting (``end`` is its last day, inclusive), an aware
    datetime in the meeting's own zone when a time is known. ``time_zone``: the IANA name or
    abbreviation detection understood, or None. ``changes``: the meeting's history, oldest first;
    composition only looks at the ones after the previous digest.
    """

    id: int
    list: str
    uid: str
    sequence: int
    title: str
    start: date | datetime
    end: date | datetime | None
    all_day: bool
    time_zone: str | None
    location: str | None
    status: Status
    confirm_by: date | None
    created_at: datetime
    updated_at: datetime
    changes: tuple[Change, ...] = ()


class DigestKind(StrEnum):
    REMINDER = "reminder"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class When:
    """A meeting's time as readers of a list see it: in the list's zone, with UTC where a time is known."""

    local: str
    utc: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One meeting in a digest, with what the digest says about it."""

    meeting: MeetingSnapshot
    when: When
    # Changes since the previous digest, in a fixed order (new, confirmed, moved, cancelled).
    marks: tuple[ChangeKind, ...] = ()
    overdue: bool = False
    # Pending digests: the confirmation is expected within the digest's horizon (and is not overdue).
    due_soon: bool = False


@dataclass(frozen=True, slots=True)
class Digest:
    """A composed digest: what to say, not yet how (rendering) nor to whom (the sender)."""

    kind: DigestKind
    list_name: str
    time_zone: str
    at: datetime
    horizon_days: int
    entries: tuple[Entry, ...]
    subject: str

    @property
    def empty(self) -> bool:
        return not self.entries

    @property
    def overdue_count(self) -> int:
        return sum(1 for entry in self.entries if entry.overdue)


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A per-meeting reminder that is due: sent once per meeting UID, offset and SEQUENCE."""

    meeting: MeetingSnapshot
    offset: timedelta
    offset_text: str
    sequence: int
    when: When
    subject: str
