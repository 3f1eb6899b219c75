"""Rules learnt from how real list mail is written, each shown on sentences of that style."""

from __future__ import annotations

from tests.detect.helpers import days, found

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday


def test_ordinal_adjectives_are_not_days() -> None:
    assert days("The 14th World Congress will be held in Kyoto.", SENT) == []
    assert days("We meet on 12 May and again on the 14th at noon.", SENT) == ["2019-05-12", "2019-05-14"]


def test_timestamps_and_past_markers_are_not_meetings() -> None:
    assert days("by mail.example.org Mon, 6 May 19 17:41:53 CDT for the meeting", SENT) == []
    assert days("Follow-up to the discussion in the working group meeting held 2019-05-08.", SENT) == []
    assert days("Thank you all for the productive session today.", SENT) == []


def test_report_subjects_announce_nothing() -> None:
    assert days("Minutes below.", SENT, "Security Working Group - Wednesday May 8 - results") == []
    assert days("See the notes.", SENT, "GUI Workgroup - Notes 05/08") == []


def test_minutes_name_the_next_meeting_only() -> None:
    text = (
        "#fedora-meeting: Steering committee (2019-05-02)\n\n"
        "Meeting summary\n---------------\n"
        "* AGREED: the mass rebuild starts 2019-07-23 as planned (chair, 17:39:44)\n"
        "* INFO: Next meeting: Thursday 2019-05-09 at 17:00 UTC\n"
    )
    subject = "Summary/Minutes from today's Steering committee meeting (2019-05-02)"
    assert days(text, "2019-05-02T18:05:00+00:00", subject) == ["2019-05-09"]


def test_relative_subject_of_a_reply_belongs_to_the_original() -> None:
    assert days("I will miss this meeting, sorry.", SENT, "Re: Workgroup meeting today") == []


def test_registration_window_is_not_the_conference() -> None:
    text = "The conference runs 20-25 June 2019. Registration opens now and remains open until June 10, 2019."
    assert days(text, SENT) == ["2019-06-20"]


def test_days_of_a_programme_inside_the_conference_range() -> None:
    text = (
        "The workshop takes place May 13, 14, and 15, 2019.\n\n"
        "May 14, 8:30 am - 12:30 pm  Panel on sources\n"
        "May 15, 9:00 am - noon      Closing discussion\n"
    )
    got = found(text, SENT)
    assert [(str(m.when.start), str(m.when.end)) for m in got] == [("2019-05-13", "2019-05-15")]


def test_one_time_stated_for_a_series_applies_to_its_dates() -> None:
    text = (
        "SEMINAR\n\nLectures will be held on Tuesdays in Room 12 at 1.0 pm\n\n"
        "May 7       First lecture\n\nMay 14      Second lecture\n"
    )
    got = found(text, SENT)
    assert [m.when.start.isoformat() for m in got] == [
        "2019-05-07T13:00:00+00:00",
        "2019-05-14T13:00:00+00:00",
    ]


def test_tomorrow_is_counted_in_the_zone_the_author_writes_times_in() -> None:
    # Sent at 00:30 UTC on the 8th, i.e. the evening of the 7th in Chicago.
    got = found("There is a workgroup meeting tomorrow at 10:00 AM CST.", "2019-05-08T00:30:00+00:00")
    assert [m.when.start.isoformat() for m in got] == ["2019-05-08T10:00:00-05:00"]


def test_weekday_said_before_the_date_is_the_same_day() -> None:
    assert days("The symposium closes on Sunday morning, May 12, with a panel.", SENT) == ["2019-05-12"]


def test_an_early_hour_without_am_pm_is_the_afternoon() -> None:
    (m,) = found("The workshop opens on 13 May at 2:00 with a keynote.", SENT)
    assert m.when.start.isoformat() == "2019-05-13T14:00:00+00:00"
    (m,) = found("The workshop opens on 13 May at 02:00 UTC.", SENT)
    assert m.when.start.isoformat() == "2019-05-13T02:00:00+00:00"


def test_a_hedge_about_another_plan_leaves_the_dates_confirmed() -> None:
    text = "The conference will be held on 27-30 November 2019.\n\nThere is a tentative plan for a trip."
    assert [str(m.status) for m in found(text, SENT)] == ["confirmed"]


def test_a_personal_suggestion_is_tentative() -> None:
    text = "This is a personal suggestion: having the next meeting on the 11th of May, 9:00 UTC."
    assert [str(m.status) for m in found(text, SENT)] == ["tentative"]


def test_a_list_of_dates_shares_the_time_written_for_its_first() -> None:
    text = "The next meeting is Thursday 5/9 at noon Pacific, then 5/23, 6/6 and so on."
    got = [m.when.start.isoformat() for m in found(text, SENT)]
    assert got == ["2019-05-09T12:00:00-07:00", "2019-05-23T12:00:00-07:00", "2019-06-06T12:00:00-07:00"]
