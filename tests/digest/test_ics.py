"""The calendar data: every event as calendar programs need it, read back by icalendar, by a second
parser (ical) and by libical's restriction check; the list's feed and the one-event file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from bot.digest.ics import (
    CalendarOptions,
    calendar,
    feed_url,
    list_feed,
    meeting_calendar,
    meeting_ics_url,
    meeting_url,
    webcal_url,
)
from bot.digest.model import MeetingSnapshot
from bot.meeting import MeetingStatus
from tests.digest.libical import restriction_check
from tests.digest.meetings import MAG, SEED, at, meeting

BOT = "listminder@example.org"
OPTIONS = CalendarOptions("Europe/Zurich", BOT, public_base_url="https://lists.example.org/meetings/")
NOW = at(2006, 12, 1, 9)
NEW_YORK = ZoneInfo("America/New_York")
TEN_AM = datetime(2007, 3, 12, 10, 0, tzinfo=NEW_YORK)
CALL = meeting(id=7, uid="call@x", start=TEN_AM, all_day=False, time_zone="America/New_York")
CANCELLED = meeting(id=3, uid="gone@x", title="gone", status=MeetingStatus.CANCELLED, sequence=4)
CONFIRMED = meeting(id=4, uid="sure@x", status=MeetingStatus.CONFIRMED, confirm_by=None, sequence=2)


def events(ics: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(ics)
    found: dict[str, icalendar.Event] = {}
    for event in parsed.walk("VEVENT"):
        assert isinstance(event, icalendar.Event)
        found[str(event["UID"])] = event
    return found


def feed(meetings: Sequence[MeetingSnapshot], **kwargs: object) -> bytes:
    return list_feed(meetings, OPTIONS, at=NOW, name="mmwg meetings", **kwargs)  # type: ignore[arg-type]


ALL = (*SEED, CALL, CANCELLED, CONFIRMED)


def test_every_event_has_an_organizer_an_end_a_status_and_a_description() -> None:
    for event in events(feed(ALL)).values():
        assert str(event["ORGANIZER"]) == f"mailto:{BOT}"
        assert "DTEND" in event
        assert event["STATUS"] in ("TENTATIVE", "CONFIRMED", "CANCELLED")
        assert str(event["DESCRIPTION"]).startswith("Status: ")


def test_status_sequence_and_uid_are_the_stores() -> None:
    found = events(feed(ALL))
    assert found.keys() == {m.uid for m in ALL}
    assert [found[m.uid]["STATUS"] for m in (MAG, CANCELLED, CONFIRMED)] == [
        "TENTATIVE",
        "CANCELLED",
        "CONFIRMED",
    ]
    assert [found[m.uid].decoded("SEQUENCE") for m in (MAG, CANCELLED, CONFIRMED)] == [0, 4, 2]


def test_the_description_says_the_status_the_confirm_by_day_and_the_evidence() -> None:
    read_from = meeting(evidence="The MAG will tentatively meet on 12 February")
    found = events(feed((read_from, CONFIRMED)))
    assert str(found[MAG.uid]["DESCRIPTION"]).splitlines() == [
        "Status: tentative",
        "Confirmation expected by Sun 31 Dec 2006.",
        "“The MAG will tentatively meet on 12 February”",
    ]
    assert str(found[CONFIRMED.uid]["DESCRIPTION"]) == "Status: confirmed"


def test_the_description_is_in_the_lists_language() -> None:
    french = CalendarOptions("Europe/Zurich", BOT, language="fr")
    (event,) = events(meeting_calendar(MAG, french, at=NOW)).values()
    assert str(event["DESCRIPTION"]).splitlines()[0] == "Statut : provisoire"


def test_a_timed_meeting_without_an_end_lasts_the_default_length() -> None:
    (event,) = events(meeting_calendar(CALL, OPTIONS, at=NOW)).values()
    assert event.decoded("DTSTART") == TEN_AM
    assert event.decoded("DTEND") == TEN_AM + timedelta(hours=1)
    assert event["DTEND"].params["TZID"] == "America/New_York"
    longer = CalendarOptions("Europe/Zurich", BOT, default_length=timedelta(minutes=90))
    (event,) = events(meeting_calendar(CALL, longer, at=NOW)).values()
    assert event.decoded("DTEND") == TEN_AM + timedelta(minutes=90)


@pytest.mark.parametrize(
    "end", [TEN_AM, TEN_AM - timedelta(hours=1)], ids=["zero length", "ends before it starts"]
)
def test_no_event_is_ever_of_zero_or_negative_length(end: datetime) -> None:
    odd = meeting(id=8, uid="odd@x", start=TEN_AM, end=end, all_day=False, time_zone="America/New_York")
    (event,) = events(meeting_calendar(odd, OPTIONS, at=NOW)).values()
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)


def test_a_timed_start_with_a_last_day_ends_at_the_end_of_that_day() -> None:
    conference = meeting(
        id=9, uid="conf@x", start=TEN_AM, end=date(2007, 3, 14), all_day=False, time_zone="America/New_York"
    )
    (event,) = events(meeting_calendar(conference, OPTIONS, at=NOW)).values()
    assert event.decoded("DTEND") == datetime(2007, 3, 15, 0, 0, tzinfo=NEW_YORK)


def test_the_default_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        CalendarOptions("UTC", BOT, default_length=timedelta(0))


def test_each_event_links_to_its_page_only_when_there_is_a_public_address() -> None:
    found = events(feed(ALL))
    assert str(found[MAG.uid]["URL"]) == "https://lists.example.org/meetings/meetings/1"
    no_web = CalendarOptions("Europe/Zurich", BOT)
    assert all("URL" not in event for event in events(calendar(ALL, no_web, at=NOW, name="c")).values())


def test_the_feed_is_named_and_asks_to_be_refreshed() -> None:
    parsed = icalendar.Calendar.from_ical(feed(SEED, refresh=timedelta(hours=6)))
    assert parsed["X-WR-CALNAME"] == "mmwg meetings"
    assert parsed["METHOD"] == "PUBLISH"
    assert parsed["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert parsed.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
    assert str(parsed["X-PUBLISHED-TTL"]) == "PT6H"


def test_a_cancelled_meeting_stays_in_the_feed_for_a_while_then_leaves() -> None:
    cancelled_on = at(2006, 11, 25)
    gone = meeting(id=3, uid="gone@x", status=MeetingStatus.CANCELLED, updated_at=cancelled_on)
    keep = timedelta(days=30)
    inside = list_feed((MAG, gone), OPTIONS, at=cancelled_on + keep, name="c", keep_cancelled=keep)
    after = list_feed(
        (MAG, gone), OPTIONS, at=cancelled_on + keep + timedelta(hours=1), name="c", keep_cancelled=keep
    )
    assert set(events(inside)) == {MAG.uid, "gone@x"}
    assert events(inside)["gone@x"]["STATUS"] == "CANCELLED"
    assert set(events(after)) == {MAG.uid}


def test_the_feed_lists_events_in_a_fixed_order_and_is_stable_apart_from_its_stamp() -> None:
    first = feed(ALL)
    assert first == feed(tuple(reversed(ALL)))
    assert list(events(first)) == [MAG.uid, CANCELLED.uid, CONFIRMED.uid, SEED[1].uid, CALL.uid]


def test_a_vtimezone_for_every_zone_the_events_use() -> None:
    zones = {str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(feed(ALL)).walk("VTIMEZONE")}
    assert zones == {"America/New_York"}
    in_list_zone = meeting(id=10, uid="z@x", start=datetime(2007, 3, 1, 14, tzinfo=UTC), all_day=False)
    zones = {str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(feed((in_list_zone,))).walk("VTIMEZONE")}
    assert zones == {"Europe/Zurich"}


def test_one_meeting_alone_is_the_same_event_as_in_the_feed() -> None:
    alone = events(meeting_calendar(MAG, OPTIONS, at=NOW))[MAG.uid]
    in_feed = events(feed(ALL))[MAG.uid]
    assert alone.to_ical() == in_feed.to_ical()
    assert "X-WR-CALNAME" not in icalendar.Calendar.from_ical(meeting_calendar(MAG, OPTIONS, at=NOW))


def test_a_second_parser_reads_the_same_events() -> None:
    parsed = IcsCalendarStream.calendar_from_ics(feed(ALL).decode("utf-8"))
    by_uid = {event.uid: event for event in parsed.events}
    assert by_uid.keys() == {m.uid for m in ALL}
    mag, call = by_uid[MAG.uid], by_uid[CALL.uid]
    assert (mag.status, by_uid[CANCELLED.uid].status) == (EventStatus.TENTATIVE, EventStatus.CANCELLED)
    assert (mag.dtstart, mag.dtend) == (date(2007, 2, 12), date(2007, 2, 13))
    assert (call.dtstart, call.dtend) == (TEN_AM, TEN_AM + timedelta(hours=1))
    assert by_uid[CANCELLED.uid].sequence == 4
    assert mag.organizer is not None and mag.organizer.uri == f"mailto:{BOT}"
    assert mag.url == "https://lists.example.org/meetings/meetings/1"
    for event in parsed.events:
        assert event.dtstart is not None and event.dtend is not None
        assert event.dtend > event.dtstart


@pytest.mark.parametrize(
    "ics",
    [
        pytest.param(lambda: feed(ALL), id="feed"),
        pytest.param(lambda: meeting_calendar(CALL, OPTIONS, at=NOW), id="one meeting"),
        pytest.param(
            lambda: calendar(ALL, CalendarOptions("Europe/Zurich", BOT), at=NOW, name="c"), id="digest"
        ),
    ],
)
def test_libical_finds_nothing_wrong(ics: object) -> None:
    assert callable(ics)
    verdict = restriction_check(ics())
    assert verdict.valid, verdict.errors


def test_libicals_check_does_fail_an_event_without_an_organizer() -> None:
    # The check is worth its place only if it can fail: PUBLISH requires an ORGANIZER.
    without = feed(SEED).replace(f"ORGANIZER:mailto:{BOT}\r\n".encode(), b"")
    assert not restriction_check(without).valid


def test_the_web_addresses_of_a_meeting_and_a_list() -> None:
    base = "https://lists.example.org/meetings/"
    assert meeting_url(base, 1) == "https://lists.example.org/meetings/meetings/1"
    assert meeting_ics_url(base, 1) == "https://lists.example.org/meetings/meetings/1.ics"
    assert feed_url(base, "mmwg") == "https://lists.example.org/meetings/lists/mmwg/meetings.ics"
    assert webcal_url(base, "mmwg") == "webcal://lists.example.org/meetings/lists/mmwg/meetings.ics"
