"""What the pages show, as plain values built from the store's records: pure, no I/O.

A meeting's row on a list page (its time in the list's zone, with that time's UTC offset, its status,
whether its confirmation is overdue) and a meeting's story (its history grouped into the events that
made it: created, moved, confirmed, cancelled, edited, each with who or what caused it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.digest.language import Language
from bot.meeting import MeetingStatus
from bot.store.records import HistoryEntry, Meeting


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    title: str
    local: str
    utc: str | None
    # "UTC+01:00": the offset of the list's zone at that time, for a reader elsewhere to convert.
    offset: str | None
    location: str | None
    status: str
    confirm_by: str | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """One change of a meeting: what happened, when, and what caused it."""

    kind: str
    at: datetime
    sequence: int
    # "field: old -> new" lines; empty for a creation (the first state is the meeting's details).
    changes: tuple[tuple[str, str | None, str | None], ...]
    message_key: str | None
    actor: str


def utc_offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def meeting_row(meeting: Meeting, zone: ZoneInfo, words: Language, today: date) -> MeetingRow:
    when = words.when(meeting.when, zone)
    offset = None if meeting.when.all_day else utc_offset(meeting.when.start_instant(zone).astimezone(zone))
    confirm_by = meeting.confirm_by
    tentative = meeting.status is MeetingStatus.TENTATIVE
    return MeetingRow(
        id=meeting.id,
        title=meeting.title,
        local=when.local,
        utc=when.utc,
        offset=offset,
        location=meeting.location,
        status=meeting.status.value,
        confirm_by=words.day(confirm_by) if confirm_by is not None and tentative else None,
        overdue=tentative and confirm_by is not None and confirm_by < today,
    )


def split_by_time(
    meetings: Sequence[Meeting], at: datetime, zone: ZoneInfo
) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming (not over yet at ``at``) in order of time, and past ones, the latest first."""
    upcoming = [m for m in meetings if not m.when.is_over(at, zone)]
    past = [m for m in meetings if m.when.is_over(at, zone)]
    return upcoming, list(reversed(past))


def story(history: Sequence[HistoryEntry]) -> list[StoryEvent]:
    """The history grouped by the write that made it (one message or one correction), oldest first."""
    groups: list[list[HistoryEntry]] = []
    for entry in history:
        last = groups[-1][0] if groups else None
        same = last is not None and (last.sequence, last.message_key, last.actor, last.action) == (
            entry.sequence,
            entry.message_key,
            entry.actor,
            entry.action,
        )
        if same:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return [_event(group) for group in groups]


def _event(group: list[HistoryEntry]) -> StoryEvent:
    first = group[0]
    changes = tuple((e.field or "", e.old, e.new) for e in group if e.action != "created")
    return StoryEvent(
        kind=_kind(group),
        at=first.at,
        sequence=first.sequence,
        changes=changes,
        message_key=first.message_key,
        actor=first.actor,
    )


def _kind(group: list[HistoryEntry]) -> str:
    """created, cancelled, confirmed, moved or edited: the change a reader cares most about first."""
    if group[0].action == "created":
        return "created"
    fields = {e.field: e.new for e in group}
    status = fields.get("status")
    if status == MeetingStatus.CANCELLED.value:
        return "cancelled"
    if "start" in fields:
        return "moved"
    if status == MeetingStatus.CONFIRMED.value:
        return "confirmed"
    return "edited"


def created_summary(event: StoryEvent, history: Sequence[HistoryEntry]) -> dict[str, str | None]:
    """The fields a meeting was created with (kept as JSON in its first history entry)."""
    for entry in history:
        if entry.action == "created" and entry.sequence == event.sequence and entry.new:
            try:
                found = json.loads(entry.new)
            except ValueError:
                return {}
            return (
                {str(k): (None if v is None else str(v)) for k, v in found.items()}
                if isinstance(found, dict)
                else {}
            )
    return {}
