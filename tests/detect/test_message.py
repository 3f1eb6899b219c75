"""The message-level step: Subject, quoted blocks, calendar parts, time zones, upcoming only."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.detect import DetectOptions, detect
from bot.detect.message import MAX_SUBJECT_CHARS, MAX_TEXT_CHARS
from bot.mail.model import CalendarEvent, QuotedBlock
from bot.meeting import MeetingStatus
from tests.detect.helpers import found, mail

SENT = "2019-08-13T09:00:00-05:00"  # a Tuesday


def test_time_zone_written_is_kept_as_meant() -> None:
    (m,) = found("The workgroup meets this Wednesday Aug 14 at 10AM CST.", SENT)
    # CST in August still means Chicago's wall clock: 10:00 at Chicago's summer offset.
    assert m.when.start == datetime(2019, 8, 14, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert m.when.start.isoformat() == "2019-08-14T10:00:00-05:00"
    assert m.when.time_zone == "America/Chicago" and not m.when.all_day


def test_ambiguous_abbreviation_is_settled_by_the_lists_zone() -> None:
    text = "Our call is on 20 August at 10:00 IST."
    (india,) = found(text, SENT)
    (dublin,) = found(text, SENT, options=DetectOptions(time_zone="Europe/Dublin"))
    assert india.when.time_zone == "Asia/Kolkata"
    assert dublin.when.time_zone == "Europe/Dublin"


def test_a_time_without_a_zone_takes_the_lists_zone() -> None:
    (m,) = found(
        "The seminar is on 20 August at 15h00.", SENT, options=DetectOptions(time_zone="Europe/Paris")
    )
    assert m.when.start.isoformat() == "2019-08-20T15:00:00+02:00"


def test_a_meeting_already_over_is_not_upcoming() -> None:
    assert found("Notes of today's meeting at 8:00 AM CDT are below.", "2019-08-13T15:00:00-05:00") == []


def test_stale_pasted_date_gives_way_to_the_subject() -> None:
    got = found(
        "Hi all, we will be meeting this Wednesday July 31 at 10:00AM CST.",
        SENT,
        "GUI Workgroup - this Wed Aug 14 at 10AM CST",
    )
    assert [m.when.start.isoformat() for m in got] == ["2019-08-14T10:00:00-05:00"]


def test_quoted_meetings_are_marked_and_not_duplicated() -> None:
    quoted = QuotedBlock(text="The MAG will meet on 12 February.", written=datetime.fromisoformat(SENT))
    only_quoted = detect(mail("Thanks, good to know.", SENT, "Re: plans", quoted=(quoted,)), DetectOptions())
    assert [(m.quoted, m.when.start) for m in only_quoted] == [(True, date(2020, 2, 12))]
    both = detect(mail("Reminder: the MAG meets on 12 February.", SENT, quoted=(quoted,)), DetectOptions())
    assert [(m.quoted, m.when.start) for m in both] == [(False, date(2020, 2, 12))]


def _event(method: str | None = "REQUEST", status: str | None = None) -> CalendarEvent:
    return CalendarEvent(
        uid="uid-1",
        sequence=2,
        method=method,
        status=status,
        start=datetime(2019, 8, 27, 21, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
        end=datetime(2019, 8, 27, 22, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
        tzid="Pacific Standard Time",
        summary="Telemetry work group",
        location="Teams",
    )


def test_calendar_event_wins_over_prose_and_keeps_its_wall_clock() -> None:
    text = "Join the telemetry work group meeting on 27 August at 9pm."
    (m,) = detect(mail(text, SENT, calendar=(_event(),)), DetectOptions())
    assert m.when.start.isoformat() == "2019-08-27T21:30:00-07:00"
    assert (m.when.time_zone, m.uid, m.sequence, m.status) == (
        "America/Los_Angeles",
        "uid-1",
        2,
        MeetingStatus.CONFIRMED,
    )


def test_calendar_cancel_and_tentative() -> None:
    (cancel,) = detect(mail("", SENT, calendar=(_event(method="CANCEL"),)), DetectOptions())
    (tentative,) = detect(mail("", SENT, calendar=(_event(status="TENTATIVE"),)), DetectOptions())
    assert (cancel.status, tentative.status) == (MeetingStatus.CANCELLED, MeetingStatus.TENTATIVE)


def test_no_reference_time_means_nothing_can_be_resolved() -> None:
    m = mail("The meeting is tomorrow.", SENT)
    undated = type(m)(**{**{f: getattr(m, f) for f in m.__slots__}, "date": None})
    assert detect(undated, DetectOptions()) == []
    got = detect(undated, DetectOptions(), received_at=datetime.fromisoformat(SENT))
    assert [x.when.start for x in got] == [date(2019, 8, 14)]


def test_reading_stops_at_the_text_budget_and_keeps_what_came_before() -> None:
    lead = "The MAG will meet on 12 February.\n"
    filler = "x" * (MAX_TEXT_CHARS - len(lead))
    late = "\nThe MAG will also meet on 20 February.\n"
    assert [m.when.start for m in found(lead + filler + late, SENT)] == [date(2020, 2, 12)]
    assert [m.when.start for m in found(lead + "x" * 100 + late, SENT)] == [
        date(2020, 2, 12),
        date(2020, 2, 20),
    ]


def test_quoted_blocks_share_what_is_left_of_the_budget() -> None:
    written = datetime.fromisoformat(SENT)
    first = QuotedBlock(text="x" * (MAX_TEXT_CHARS - 10) + "\nThe MAG meets on 13 February.", written=written)
    second = QuotedBlock(text="The MAG will meet on 14 February.", written=written)
    got = detect(mail("Thanks.", SENT, "Re: plans", quoted=(first, second)), DetectOptions())
    assert got == []
    first = QuotedBlock(text="The MAG meets on 13 February.", written=written)
    got = detect(mail("Thanks.", SENT, "Re: plans", quoted=(first, second)), DetectOptions())
    assert [m.when.start for m in got] == [date(2020, 2, 13), date(2020, 2, 14)]


def test_an_overlong_subject_is_read_only_up_to_its_limit() -> None:
    subject = "Meeting on 12 February " + "x" * MAX_SUBJECT_CHARS + " meeting on 20 February"
    assert [m.when.start for m in found("Details to follow.", SENT, subject)] == [date(2020, 2, 12)]
