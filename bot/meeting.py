"""What a meeting is, whoever holds it: detection finds it, the store keeps it, digests show it.

``When`` owns the questions asked of a meeting's time (is it over, which day, which instant, how it
reads); ``MeetingDetails`` is the rest of what a meeting is. The records that add identity or history
(detect's Mention, the store's Meeting and merge state, the digest's snapshot) wrap a MeetingDetails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The IANA names of UTC itself: a list kept in UTC needs no UTC beside its times.
_UTC_ALIASES = ("UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich")
_UTC_NAMES = frozenset(_UTC_ALIASES) | {f"Etc/{name}" for name in _UTC_ALIASES}


class MeetingStatus(StrEnum):
    """A meeting's status (not a message's state, nor the daemon's)."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


def day_text(day: date) -> str:
    """'Mon 12 Feb 2007', the same in every locale the daemon may run under."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def is_utc(zone_name: str) -> bool:
    return zone_name in _UTC_NAMES


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    # Meetings should carry aware times; a naive one can only mean the zone the reader asks in.
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


DayText = Callable[[date], str]
ClockText = Callable[[datetime], str]


def clock_text(moment: datetime) -> str:
    """'14:30', the same in every locale the daemon may run under."""
    return moment.strftime("%H:%M")


def _timed_text(start: datetime, end: datetime | None, day: DayText, clock: ClockText) -> str:
    zone_name = start.tzname() or ""
    if end is None:
        return f"{day(start.date())}, {clock(start)} {zone_name}".rstrip()
    if end.date() == start.date():
        return f"{day(start.date())}, {clock(start)}–{clock(end)} {zone_name}".rstrip()
    ends = f"{day(end.date())} {clock(end)}"
    return f"{day(start.date())} {clock(start)} – {ends} {zone_name}".rstrip()


@dataclass(frozen=True, slots=True)
class WhenText:
    """A meeting's time as readers of a list see it: in the list's zone, with UTC where a time is known."""

    local: str
    utc: str | None


@dataclass(frozen=True, slots=True)
class When:
    """When a meeting is: all-day (a day, or a range of days to ``end``, its last day inclusive) or timed
    (``start`` an aware datetime in the meeting's own zone, ``end`` its finish or None).

    A timed start may end on a plain last day (a conference from 09:00 on the 3rd to the 5th), and an
    admin may correct one end without the other, so ``end`` keeps whichever kind it was given.
    ``time_zone``: the IANA name or abbreviation as understood, None when no time is known.
    """

    start: date | datetime
    end: date | datetime | None = None
    time_zone: str | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        """The day it begins, in its own zone."""
        return _day(self.start)

    @property
    def last_day(self) -> date:
        """The day it ends, in its own zone (the first day when no end is known)."""
        return _day(self.end if self.end is not None else self.start)

    @property
    def end_date(self) -> date | None:
        """The end when it is a plain day; None when there is none or it is a time."""
        return None if self.end is None or isinstance(self.end, datetime) else self.end

    def start_instant(self, zone: ZoneInfo) -> datetime:
        """When it begins; an all-day meeting begins at midnight of ``zone``."""
        if isinstance(self.start, datetime):
            return _aware(self.start, zone)
        return datetime.combine(self.start, time(0), tzinfo=zone)

    def end_instant(self, zone: ZoneInfo) -> datetime | None:
        """When it finishes, when a finishing time is known."""
        return _aware(self.end, zone) if isinstance(self.end, datetime) else None

    def start_day_in(self, zone: ZoneInfo) -> date:
        """The day of ``zone`` on which it begins (a call at 01:00 in Tokyo is the day before in Zurich)."""
        return self.start_instant(zone).astimezone(zone).date()

    def is_over(self, at: datetime, zone: ZoneInfo) -> bool:
        """Finished before ``at``. Timed: its finishing time, else its start, has passed. All-day: its last
        day is before ``at``'s day in ``zone``."""
        if not self.all_day:
            finish = self.end_instant(zone) or self.start_instant(zone)
            return finish < at
        return self.last_day < at.astimezone(zone).date()

    def describe(self, zone: ZoneInfo, day: DayText = day_text, clock: ClockText = clock_text) -> WhenText:
        """The text digests show: days for an all-day meeting, else times in ``zone`` with UTC beside
        them (unless ``zone`` is UTC). ``day`` and ``clock`` say how a day and a time of day read (a
        digest in the list's language passes its own)."""
        if self.all_day:
            first, last = self.first_day, self.last_day
            local = day(first) if last <= first else f"{day(first)} – {day(last)}"
            return WhenText(local=local, utc=None)
        start, end = self.start_instant(zone), self.end_instant(zone)
        local = _timed_text(start.astimezone(zone), end.astimezone(zone) if end else None, day, clock)
        if is_utc(zone.key):
            return WhenText(local=local, utc=None)
        utc_zone = ZoneInfo("UTC")
        utc = _timed_text(start.astimezone(utc_zone), end.astimezone(utc_zone) if end else None, day, clock)
        return WhenText(local=local, utc=utc)

    @property
    def start_iso(self) -> str:
        """The JSON form: an ISO date for a day, an ISO datetime with its offset for a time."""
        return self.start.isoformat()

    @property
    def end_iso(self) -> str | None:
        return None if self.end is None else self.end.isoformat()

    @property
    def span_text(self) -> str:
        """'start .. end' in ISO forms, as the command line's tables show it."""
        return self.start_iso if self.end is None else f"{self.start_iso} .. {self.end_iso}"

    @staticmethod
    def parse_point(text: str) -> date | datetime:
        """A start or end from its ISO form."""
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    """What a meeting is: its title, when, where, its status and the day its date should be confirmed
    by (``confirm_by``, for a tentative date)."""

    title: str
    when: When
    location: str | None
    status: MeetingStatus
    confirm_by: date | None = None


class WrapsDetails:
    """Read access to the wrapped ``details`` under the names readers (and admins' templates) use."""

    __slots__ = ()
    details: MeetingDetails

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def when(self) -> When:
        return self.details.when

    @property
    def location(self) -> str | None:
        return self.details.location

    @property
    def status(self) -> MeetingStatus:
        return self.details.status

    @property
    def confirm_by(self) -> date | None:
        return self.details.confirm_by
