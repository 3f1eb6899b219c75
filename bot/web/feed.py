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

from bot.digest.ics import CalendarOptions, list_feed, meeting_calendar
from bot.digest.language import words_in
from bot.digest.source import snapshot_of
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
    refresh_minutes: int
    organizer: str
    default_length_min: int
    public_base_url: str | None

    @property
    def options(self) -> CalendarOptions:
        return CalendarOptions(
            time_zone=self.time_zone,
            organizer=self.organizer,
            default_length=timedelta(minutes=self.default_length_min),
            public_base_url=self.public_base_url,
            language=self.language,
        )


def window(today: date, at: datetime, retention_days: int) -> tuple[date, datetime]:
    """A feed holds the meetings from a year ago on, and a cancelled one only for ``retention_days``
    after it was cancelled (long enough for every subscribed calendar to remove it)."""
    return today - PAST_KEPT, at - timedelta(days=retention_days)


def feed_tag(spec: FeedSpec, today: date, content: Sequence[object]) -> str:
    """The validator of a feed: what the calendar depends on besides the meetings (the settings, the
    day, which moves the window), and ``content``, what identifies the meetings' state."""
    return entity_tag([str(value) for value in (*_spec_values(spec), today, *content)])


def meeting_state(meeting: Meeting) -> tuple[object, ...]:
    return (meeting.calendar_uid, meeting.sequence, meeting.updated_at.isoformat())


def last_modified(meetings: Sequence[Meeting]) -> datetime | None:
    return max((m.updated_at for m in meetings), default=None)


def _spec_values(spec: FeedSpec) -> tuple[object, ...]:
    return (
        spec.list_name, spec.time_zone, spec.language, spec.cancelled_retention_days, spec.refresh_minutes,
        spec.organizer, spec.default_length_min, spec.public_base_url,
    )  # fmt: skip


def feed_body(spec: FeedSpec, meetings: Sequence[Meeting], at: datetime) -> bytes:
    name = words_in(spec.language).gettext("%(list)s meetings", list=spec.list_name)
    return list_feed(
        [snapshot_of(m, ()) for m in meetings],
        spec.options,
        at=at,
        name=name,
        refresh=timedelta(minutes=spec.refresh_minutes),
        keep_cancelled=timedelta(days=spec.cancelled_retention_days),
    )


def one_meeting_body(spec: FeedSpec, meeting: Meeting, at: datetime) -> bytes:
    return meeting_calendar(snapshot_of(meeting, ()), spec.options, at=at)


class BodyCache:
    """The last body of each feed under its validator: readers of an unchanged feed share one body."""

    def __init__(self) -> None:
        self._bodies: dict[str, tuple[str, bytes]] = {}

    def get(self, key: str, tag: str) -> bytes | None:
        found = self._bodies.get(key)
        return found[1] if found is not None and found[0] == tag else None

    def put(self, key: str, tag: str, body: bytes) -> None:
        self._bodies[key] = (tag, body)
