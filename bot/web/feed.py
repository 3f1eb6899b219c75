"""The list's subscribable calendar and a meeting's one-event calendar, answered with validators.

Which meetings a feed holds is decided here; how an event is written is the digests' calendar code's
(one event builder for the attachment and the feed). The validator is computed from what the body
depends on, before the body is built: a calendar app polling an unchanged feed gets its 304 without
the calendar being written, and a changed one is written once and kept for the next reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.digest.language import words_in
from bot.digest.render import calendar
from bot.digest.source import snapshot_of
from bot.meeting import MeetingStatus
from bot.store.records import Meeting
from bot.web.http import entity_tag

# Past meetings stay in a feed this long, so that a calendar keeps the recent ones.
PAST_KEPT = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """What a list's feed is made from, besides its meetings."""

    list_name: str
    time_zone: str
    language: str
    cancelled_retention_days: int


def feed_meetings(
    meetings: Sequence[Meeting], today: date, at: datetime, retention_days: int
) -> list[Meeting]:
    """The meetings of the last year and ahead; a cancelled one only for ``retention_days`` after it was
    cancelled (long enough for every subscribed calendar to remove it)."""
    kept = []
    for meeting in meetings:
        if meeting.when.last_day < today - PAST_KEPT:
            continue
        if meeting.status is MeetingStatus.CANCELLED and at - meeting.updated_at > timedelta(
            days=retention_days
        ):
            continue
        kept.append(meeting)
    return kept


def feed_tag(spec: FeedSpec, meetings: Sequence[Meeting], today: date) -> str:
    parts = [
        spec.list_name,
        spec.time_zone,
        spec.language,
        str(spec.cancelled_retention_days),
        today.isoformat(),
    ]
    parts += [f"{m.uid}/{m.sequence}/{m.updated_at.isoformat()}" for m in meetings]
    return entity_tag(parts)


def last_modified(meetings: Sequence[Meeting]) -> datetime | None:
    return max((m.updated_at for m in meetings), default=None)


def feed_body(spec: FeedSpec, meetings: Sequence[Meeting], at: datetime) -> bytes:
    words = words_in(spec.language)
    name = words.gettext("%(list)s meetings", list=spec.list_name)
    snapshots = [snapshot_of(m, ()) for m in meetings]
    return calendar(snapshots, time_zone=spec.time_zone, at=at, name=name, words=words)


class BodyCache:
    """The last body of each feed under its validator: readers of an unchanged feed share one body."""

    def __init__(self) -> None:
        self._bodies: dict[str, tuple[str, bytes]] = {}

    def get(self, key: str, tag: str) -> bytes | None:
        found = self._bodies.get(key)
        return found[1] if found is not None and found[0] == tag else None

    def put(self, key: str, tag: str, body: bytes) -> None:
        self._bodies[key] = (tag, body)
