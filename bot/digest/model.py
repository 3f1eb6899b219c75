"""The values digests are made of: meetings as the store hands them over, and what composition decides.

The store is adapted to produce `MeetingSnapshot`s; everything after that (composition, rendering,
the reminders that are due) is a pure function of snapshots and a given time. Templates read a
snapshot's details under their own names (``entry.meeting.title``, ``.location``, ``.status``,
``.confirm_by``), which admins' templates rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.meeting import MeetingDetails, WhenText, WrapsDetails


class ChangeKind(StrEnum):
    NEW = "new"
    CONFIRMED = "confirmed"
    MOVED = "moved"
    CANCELLED = "cancelled"
    EDITED = "edited"


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a meeting, as the store's history records it (``at`` is aware). ``old``: for a
    move of the start, the start it had before (its ISO form), so that a digest can say where from."""

    kind: ChangeKind
    at: datetime
    old: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingSnapshot(WrapsDetails):
    """A meeting as the store keeps it, with its identity and its changes.

    ``changes``: the meeting's history, oldest first; composition only looks at the ones after the
    previous digest. ``evidence``: the sentence the meeting was read from or last changed by, which its
    calendar event quotes; None when unknown.
    """

    id: int
    list: str
    uid: str
    sequence: int
    details: MeetingDetails
    created_at: datetime
    updated_at: datetime
    changes: tuple[Change, ...] = ()
    evidence: str | None = None


class DigestKind(StrEnum):
    REMINDER = "reminder"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Entry:
    """One meeting in a digest, with what the digest says about it."""

    meeting: MeetingSnapshot
    when: WhenText
    # Changes since the previous digest, in a fixed order (new, confirmed, moved, cancelled).
    marks: tuple[ChangeKind, ...] = ()
    overdue: bool = False
    # Pending digests: the confirmation is expected within the digest's horizon (and is not overdue).
    due_soon: bool = False
    # Marked as moved: where from (the start before the first move since the previous digest).
    moved_from: WhenText | None = None

    @property
    def status_marked(self) -> bool:
        """A mark says the meeting's status already ("confirmed", "cancelled"): a badge of the status
        beside it would say it twice."""
        return any(mark.value == self.meeting.status.value for mark in self.marks)


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
    # The list's language (``language`` in its config): the subject and the entries' times are in it
    # already, and the templates are rendered in it.
    language: str = "en"

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
    when: WhenText
    subject: str
    language: str = "en"
