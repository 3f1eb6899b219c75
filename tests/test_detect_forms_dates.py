"""Date forms seen on lists the rules were not written against: each form read by find_dates, and
where it carries a meeting, by detect as a whole."""

from __future__ import annotations

from datetime import date

import pytest

from bot.detect.dates import find_dates
from tests.detect.helpers import days, found

REF = date(2025, 2, 3)  # a Monday
SENT = "2025-02-03T09:00:00+00:00"

Span = tuple[str, str | None]


def spans(text: str, ref: date = REF) -> list[Span]:
    return [(h.day.isoformat(), h.end_day.isoformat() if h.end_day else None) for h in find_dates(text, ref)]


# --- dotted dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our retreat takes place 03.-05.11. at the lake house.", [("2025-11-03", "2025-11-05")]),
        ("Our retreat takes place 3.-5.11.2025 at the lake house.", [("2025-11-03", "2025-11-05")]),
        ("Our retreat takes place 17. - 19.10. in the old mill.", [("2025-10-17", "2025-10-19")]),
    ],
)
def test_a_dotted_range_names_its_month_once(text: str, expected: list[Span]) -> None:
    assert spans(text) == expected


def test_a_dotted_date_with_its_year_may_end_the_sentence() -> None:
    assert spans("The board gathers on 14.1.2026.") == [("2026-01-14", None)]
    # A stop followed by more digits is a version or an address, not a date's end.
    assert spans("Upgrade to 14.1.2026.3 first.") == []


def test_a_dotted_range_reaches_a_meeting() -> None:
    assert days("The steering committee meets 10.-12.03. in Lyon.", SENT) == ["2025-03-10"]


# --- ordinals anchored to the month after them ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We could hold it on the 4th or 11th of March.", [("2025-03-04", None), ("2025-03-11", None)]),
        ("The hackathon is the 21st-22nd of June.", [("2025-06-21", "2025-06-22")]),
        ("The sprint runs from the 9th to the 12th of September.", [("2025-09-09", "2025-09-12")]),
        (
            "Calls fall on the 6th, 13th and 20th of May.",
            [("2025-05-06", None), ("2025-05-13", None), ("2025-05-20", None)],
        ),
        ("The review is on the 5^th of March.", [("2025-03-05", None)]),
        ("The review is on the 5ᵗʰ of March.", [("2025-03-05", None)]),
    ],
)
def test_ordinals_take_the_month_that_follows_them(text: str, expected: list[Span]) -> None:
    assert spans(text) == expected


def test_a_list_of_consecutive_days_stays_the_range_it_spans() -> None:
    assert spans("The summit runs the 6th, 7th and 8th of May.") == [("2025-05-06", "2025-05-08")]


def test_a_list_of_days_with_a_gap_is_a_date_each() -> None:
    assert spans("Office hours: April 3, 10 and 17.") == [
        ("2025-04-03", None),
        ("2025-04-10", None),
        ("2025-04-17", None),
    ]


def test_ordinal_alternatives_reach_two_tentative_meetings() -> None:
    mentions = found("Shall we hold the planning call on the 4th or 11th of March?", SENT)
    assert [(m.when.first_day.isoformat(), m.status.value) for m in mentions] == [
        ("2025-03-04", "tentative"),
        ("2025-03-11", "tentative"),
    ]


def test_an_ordinal_range_reaches_a_meeting() -> None:
    mentions = found("The contributor summit will take place from the 9th to the 12th of September.", SENT)
    assert [(m.when.first_day.isoformat(), m.when.last_day.isoformat()) for m in mentions] == [
        ("2025-09-09", "2025-09-12")
    ]


# --- years and ranges -----------------------------------------------------------------------------


def test_a_year_written_after_a_range_across_new_year_belongs_to_its_end() -> None:
    assert spans("Winter school: December 29 to January 3, 2026", date(2025, 10, 1)) == [
        ("2025-12-29", "2026-01-03")
    ]


@pytest.mark.parametrize("word", ["deferred", "delayed"])
def test_a_deferral_names_two_dates_not_a_range(word: str) -> None:
    assert spans(f"The audit call was {word} from 6 May to 20 May.") == [
        ("2025-05-06", None),
        ("2025-05-20", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The plenary opens on 3 March and runs until the 6th inclusive.",
        "The plenary opens on 3 March and lasts till the 6th.",
        "The plenary opens on March 3 and goes on through the 6th.",
    ],
)
def test_an_end_day_stated_apart_closes_the_span(text: str) -> None:
    assert spans(text) == [("2025-03-03", "2025-03-06")]


def test_an_end_day_closes_a_span_only_within_its_sentence_and_not_after_a_move() -> None:
    assert spans("The plenary opens on 3 March and runs until the 6th.") == [("2025-03-03", "2025-03-06")]
    # Nor across a move: "postponed by a week to" names the day moved to.
    assert spans("The demo (Tuesday, May 6) is postponed by a week\nto Tuesday, May 13.") == [
        ("2025-05-06", None),
        ("2025-05-13", None),
    ]
    assert spans("The plenary opens on 3 March. Papers until the 6th.") == [
        ("2025-03-03", None),
        ("2025-03-06", None),
    ]


def test_an_end_day_stated_apart_reaches_the_meeting() -> None:
    mentions = found("The working group retreat begins on 3 March and runs until the 6th inclusive.", SENT)
    assert [(m.when.first_day.isoformat(), m.when.last_day.isoformat()) for m in mentions] == [
        ("2025-03-03", "2025-03-06")
    ]


# --- weekdays -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Works for me: Friday3/14 after lunch.", [("2025-03-14", None)]),
        ("Works for me: Fri14.3. after lunch.", [("2025-03-14", None)]),
        ("Works for me: Friday14 March after lunch.", [("2025-03-14", None)]),
    ],
)
def test_a_date_glued_to_its_weekday(text: str, expected: list[Span]) -> None:
    assert spans(text) == expected
    # A word glued to a number is no weekday, and the number no date.
    assert spans(text.replace("Fri", "Bri")) == []


def test_a_date_glued_to_its_weekday_reaches_a_meeting() -> None:
    assert days("Board call Thursday2/6 at 15:00 UTC.", SENT) == ["2025-02-06"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday's call moves to the lab.", "2025-02-07"),
        ("Wednesday’s session is in room 4.", "2025-02-05"),
        ("Tue: design review\nThu: release triage", "2025-02-04"),
        ("  * Thu: release triage", "2025-02-06"),
        ("The retrospective is Thursday, as usual.", "2025-02-06"),
    ],
)
def test_a_weekday_alone_is_a_day_of_the_coming_week(text: str, expected: str) -> None:
    assert spans(text)[0] == (expected, None)


@pytest.mark.parametrize(
    "text",
    [
        "We meet the first Wednesday of each month; the retrospective is Thursday.",
        "Any day from Monday to Friday suits; the retrospective is Thursday.",
        "It falls on 10 March (Monday); the retrospective is Thursday.",
        "We meet every Tuesday; the retrospective is Thursday.",
        "We settled it this past Friday; the retrospective is Thursday.",
        "We settled it this past\nFriday: the retrospective is Thursday.",
        "Either Friday (Mar\n> 7) or later; the retrospective is Thursday.",
    ],
)
def test_a_weekday_that_names_a_kind_of_day_is_no_date(text: str) -> None:
    assert [d for d, _ in spans(text) if d != "2025-03-10"] == ["2025-02-06"]


def test_a_possessive_weekday_reaches_a_meeting() -> None:
    assert days("Thursday's planning meeting will be in the small room.", SENT) == ["2025-02-06"]


def test_a_weekday_row_label_under_a_meeting_heading_reaches_a_meeting() -> None:
    text = "Meetings this week:\n\nWed: steering committee, 14:00 UTC\nThu: community call, 16:00 UTC\n"
    assert days(text, SENT) == ["2025-02-05", "2025-02-06"]


# --- a month heading over rows that start with their day ------------------------------------------


def test_rows_under_a_month_heading_take_its_month_and_year() -> None:
    text = "Reading group, spring term\n\nMarch 2026\n  4   Opening session\n  11  Second chapter\n"
    assert spans(text) == [("2026-03-04", None), ("2026-03-11", None)]


def test_rows_under_a_month_heading_may_span_days_and_carry_weekdays() -> None:
    text = "April:\n Tue 8 - planning\n 15-17  offsite\n\n 29: retro\nThat is all.\n 30 is not a row"
    assert spans(text) == [("2025-04-08", None), ("2025-04-15", "2025-04-17"), ("2025-04-29", None)]
    # A heading that is no month heads no rows, and a time is no row's day.
    assert spans("Agenda\n 1: welcome\n 2: budget\nMarch 2026\n 12:00 lunch\n 5 talks") == []


def test_rows_under_a_month_heading_reach_meetings() -> None:
    text = "Upcoming community meetings:\n\nJune 2025\n  10   Plenary call\n  24   Plenary call\n"
    assert days(text, SENT) == ["2025-06-10", "2025-06-24"]


def test_the_week_named_before_its_weekday() -> None:
    # 3 February 2025 is a Monday: next week's Thursday is the 13th, this week's the 6th.
    assert spans("The next call is next week Thursday at 14:00.") == [("2025-02-13", None)]
    assert spans("The next call is next week, Thursday at 14:00.") == [("2025-02-13", None)]
    assert spans("The next call is this week Thursday.") == [("2025-02-06", None)]
    assert days("Hi,\n\nthe next call is next week Thursday at 14:00.\n\nMartin", SENT) == ["2025-02-13"]
