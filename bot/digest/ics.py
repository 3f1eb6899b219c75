"""The lists' calendar data: one event builder for the digests' attachments, the one-event files and the
subscribable feed of a whole list.

Calendar programs are told the same thing about a meeting wherever they read it: a stable UID (the
store's), a SEQUENCE that grows with each change, the STATUS, an ORGANIZER (the bot's address), an end
always (RFC 5545 reads an event without one as lasting no time, and Outlook, Google and Apple show such
an event as a zero-minute one), a DESCRIPTION that says the status, the confirm-by day and the sentence
the date was read from, a URL to the meeting's page when the web interface has a public address, and a
VTIMEZONE for every zone used. Pure: the time is an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from bot import __version__
from bot.digest.language import Language, words_in
from bot.digest.model import MeetingSnapshot
from bot.digest.titles import bare_title
from bot.meeting import MeetingStatus
from bot.text import printable

PRODID = f"-//listminder//listminder {__version__}//EN"
ICAL_STATUS = {
    MeetingStatus.TENTATIVE: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}
DEFAULT_LENGTH = timedelta(hours=1)
DEFAULT_REFRESH = timedelta(hours=1)
DEFAULT_KEEP_CANCELLED = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CalendarOptions:
    """What every event of a list's calendar carries beside the meeting itself.

    ``organizer``: the bot's from address. ``default_length``: how long a timed meeting lasts when the
    mail gives no end. ``public_base_url``: the web interface's public address, None when it has none
    (then no event links to a page). ``language``: the list's, for the words of the description."""

    time_zone: str
    organizer: str
    default_length: timedelta = DEFAULT_LENGTH
    public_base_url: str | None = None
    language: str = "en"

    def __post_init__(self) -> None:
        if self.default_length <= timedelta(0):
            raise ValueError("a meeting's default length must be positive")

    @property
    def words(self) -> Language:
        return words_in(self.language)


def _base(public_base_url: str) -> str:
    return public_base_url.rstrip("/")


def meeting_url(public_base_url: str, meeting_id: int) -> str:
    """The meeting's page."""
    return f"{_base(public_base_url)}/meetings/{meeting_id}"


def meeting_ics_url(public_base_url: str, meeting_id: int) -> str:
    """The meeting alone as a calendar file, to import."""
    return f"{meeting_url(public_base_url, meeting_id)}.ics"


def feed_url(public_base_url: str, list_name: str) -> str:
    """The list's subscribable feed."""
    return f"{_base(public_base_url)}/lists/{list_name}/meetings.ics"


def webcal_url(public_base_url: str, list_name: str) -> str:
    """The feed under the webcal scheme, which calendar programs open as a subscription rather than
    an import."""
    url = feed_url(public_base_url, list_name)
    scheme, _, rest = url.partition("://")
    return f"webcal://{rest}" if scheme in ("http", "https") else url


def _line(text: str) -> str:
    return printable(text).strip()


def event_zone(meeting: MeetingSnapshot, list_zone: ZoneInfo) -> ZoneInfo:
    """The meeting's own zone when detection knew its IANA name, else the list's: the instant is the
    same either way. Abbreviations are left out even where tzdata has a legacy zone of that name
    ("EST", "CET"): calendar programs know zones by Region/City."""
    name = meeting.when.time_zone
    if name and ("/" in name or name == "UTC"):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return list_zone


def _timed_span(
    meeting: MeetingSnapshot, list_zone: ZoneInfo, length: timedelta
) -> tuple[datetime, datetime]:
    """Start and end of a timed meeting in its zone; never an end at or before the start."""
    when, zone = meeting.when, event_zone(meeting, list_zone)
    start = when.start_instant(list_zone).astimezone(zone)
    end = when.end_instant(list_zone)
    if end is None and when.end_date is not None:
        # A timed start with a plain last day (from 09:00 on the 3rd to the 5th): to the end of that day.
        end = datetime.combine(when.end_date + timedelta(days=1), time(0), tzinfo=zone)
    if end is None or end <= start:
        return start, start + length
    return start, end.astimezone(zone)


def _day_span(meeting: MeetingSnapshot) -> tuple[date, date]:
    first = meeting.when.first_day
    # DTEND of a DATE event is exclusive: the day after the last day.
    return first, max(meeting.when.end_date or first, first) + timedelta(days=1)


def description(meeting: MeetingSnapshot, words: Language) -> str:
    """The status, the confirm-by day of a tentative date, and the sentence the meeting was read from
    (or last changed by)."""
    lines = [f"{words.gettext('Status:')} {words.word(meeting.status.value)}"]
    if meeting.status is MeetingStatus.TENTATIVE and meeting.confirm_by is not None:
        lines.append(words.gettext("Confirmation expected by %(day)s.", day=words.day(meeting.confirm_by)))
    if meeting.evidence and _line(meeting.evidence):
        lines.append(f"“{_line(meeting.evidence)}”")
    return "\n".join(lines)


def meeting_event(meeting: MeetingSnapshot, options: CalendarOptions, *, at: datetime) -> icalendar.Event:
    """The VEVENT of a meeting, the same in a digest's attachment, a one-event file and the feed."""
    list_zone = ZoneInfo(options.time_zone)
    event = icalendar.Event()
    event.add("uid", _line(meeting.uid))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", at.astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("summary", bare_title(_line(meeting.title)))
    event.add("status", ICAL_STATUS[meeting.status])
    event.add("organizer", icalendar.vCalAddress(f"mailto:{options.organizer}"))
    if meeting.location and _line(meeting.location):
        event.add("location", _line(meeting.location))
    event.add("description", description(meeting, options.words))
    if options.public_base_url:
        event.add("url", meeting_url(options.public_base_url, meeting.id))
    start: date | datetime
    end: date | datetime
    if meeting.when.all_day:
        start, end = _day_span(meeting)
    else:
        start, end = _timed_span(meeting, list_zone, options.default_length)
    event.add("dtstart", start)
    event.add("dtend", end)
    return event


def _calendar(name: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name is not None:
        cal.add("x-wr-calname", _line(name))
    return cal


def _finish(cal: icalendar.Calendar, meetings: Sequence[MeetingSnapshot], list_zone: ZoneInfo) -> bytes:
    if meetings:
        years = [m.when.start_instant(list_zone).year for m in meetings]
        # Only the years the events need: the whole default range would be kilobytes per zone.
        cal.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    return bytes(cal.to_ical())


def calendar(
    meetings: Sequence[MeetingSnapshot],
    options: CalendarOptions,
    *,
    at: datetime,
    name: str,
) -> bytes:
    """A METHOD:PUBLISH calendar of the meetings (a digest's attachment), with a VTIMEZONE for every
    TZID it uses."""
    cal = _calendar(name)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, options, at=at))
    return _finish(cal, meetings, ZoneInfo(options.time_zone))


def meeting_calendar(meeting: MeetingSnapshot, options: CalendarOptions, *, at: datetime) -> bytes:
    """One meeting as a calendar file (``/meetings/ID.ics``): the same UID and SEQUENCE as in the feed
    and the digests, so that importing it updates the event it already is."""
    cal = _calendar(None)
    cal.add_component(meeting_event(meeting, options, at=at))
    return _finish(cal, [meeting], ZoneInfo(options.time_zone))


def in_feed(meeting: MeetingSnapshot, at: datetime, keep_cancelled: timedelta) -> bool:
    """A cancelled meeting stays in the feed for ``keep_cancelled`` after its last change, so that the
    calendars subscribed to it see the CANCELLED event and remove it; after that it is left out."""
    if meeting.status is not MeetingStatus.CANCELLED:
        return True
    return at - meeting.updated_at <= keep_cancelled


def list_feed(
    meetings: Sequence[MeetingSnapshot],
    options: CalendarOptions,
    *,
    at: datetime,
    name: str,
    refresh: timedelta = DEFAULT_REFRESH,
    keep_cancelled: timedelta = DEFAULT_KEEP_CANCELLED,
) -> bytes:
    """A list's subscribable feed: every meeting given (the caller picks the window), cancelled ones
    only for ``keep_cancelled`` after their cancellation, named ``name`` (X-WR-CALNAME) and asking to
    be fetched again every ``refresh`` (REFRESH-INTERVAL, RFC 7986, and X-PUBLISHED-TTL, which Outlook
    and Apple read). Events are in a fixed order (start, then UID), so that an unchanged list gives the
    same bytes apart from DTSTAMP."""
    kept = [m for m in meetings if in_feed(m, at, keep_cancelled)]
    list_zone = ZoneInfo(options.time_zone)
    kept.sort(key=lambda m: (m.when.start_instant(list_zone), m.uid))
    cal = _calendar(name)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(refresh))
    for meeting in kept:
        cal.add_component(meeting_event(meeting, options, at=at))
    return _finish(cal, kept, list_zone)
