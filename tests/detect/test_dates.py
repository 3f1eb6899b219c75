"""Rule 2, dates: the forms people write, resolved against the message's date."""

from __future__ import annotations

from datetime import date

import pytest

from bot.detect.dates import find_dates, pick_year
from bot.detect.grammar import grammar_of

REF = date(2006, 11, 23)  # a Thursday


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("on 12 February", REF, [("2007-02-12", None)]),
        ("on February 12th", REF, [("2007-02-12", None)]),
        ("on Feb. 12", REF, [("2007-02-12", None)]),
        ("on 12.2.", REF, [("2007-02-12", None)]),
        ("on 2007-02-12", REF, [("2007-02-12", None)]),
        ("on 12 Febraury", REF, [("2007-02-12", None)]),
        ("on Wendesday, 13 December", REF, [("2006-12-13", None)]),
        ("the 6th of March", REF, [("2007-03-06", None)]),
        ("12-13 February", REF, [("2007-02-12", "2007-02-13")]),
        ("February 12 to 14", REF, [("2007-02-12", "2007-02-14")]),
        ("Monday, July 22 through Friday, July 26, 2019", date(2019, 6, 1), [("2019-07-22", "2019-07-26")]),
        (
            "Friday, 25th March 2022 - Saturday, 26th March 2022",
            date(2022, 1, 5),
            [("2022-03-25", "2022-03-26")],
        ),
        ("9th - 15th January 1994", date(1993, 10, 1), [("1994-01-09", "1994-01-15")]),
        ("October 17-20-2003", date(2003, 5, 1), [("2003-10-17", "2003-10-20")]),
        # Year left out: the next such day on or after the message's date.
        ("June 9-12", date(1994, 11, 20), [("1995-06-09", "1995-06-12")]),
        # Two-digit years: the century nearest the message's.
        ("On 11/23/06", date(2006, 11, 24), [("2006-11-23", None)]),
        # Day/month order settled by validity, then by the weekday.
        ("4/13/21", date(2021, 4, 10), [("2021-04-13", None)]),
        ("Wednesday 7/8", date(2020, 7, 6), [("2020-07-08", None)]),
        # A weekday picks the year when none is written.
        ("Monday 12 February", date(2006, 12, 20), [("2007-02-12", None)]),
        # A stale date just past stays in the past rather than jumping to next year.
        ("this Wednesday July 31", date(2019, 8, 13), [("2019-07-31", None)]),
    ],
)
def test_absolute_dates(text: str, ref: date, expected: list[tuple[str, str | None]]) -> None:
    hits = find_dates(text, ref)
    got = [(h.day.isoformat(), h.end_day.isoformat() if h.end_day else None) for h in hits]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", "2006-11-24"),
        ("today", "2006-11-23"),
        ("next Tuesday", "2006-11-28"),
        ("this Thursday", "2006-11-23"),
        ("on Monday", "2006-11-27"),
        ("in two weeks", "2006-12-07"),
        ("in 3 days", "2006-11-26"),
        ("Thursday@10AM", "2006-11-23"),
        ("Mon-Wed next week", "2006-11-27"),
    ],
)
def test_relative_dates_count_from_the_message_date(text: str, expected: str) -> None:
    hits = find_dates(text, REF)
    assert [h.day.isoformat() for h in hits] == [expected]


def test_weekday_range_of_next_week() -> None:
    (hit,) = find_dates("Mon-Wed next week", REF)
    assert hit.end_day == date(2006, 11, 29)


def test_bare_ordinal_continues_the_date_before_it() -> None:
    hits = find_dates("meet on 12 February and consultations on the 13th", REF)
    assert [h.day for h in hits] == [date(2007, 2, 12), date(2007, 2, 13)]


@pytest.mark.parametrize(
    "text",
    [
        "We will see.",
        "Mark wrote the patch",
        "you may 12 times try",
        "the sun and sat there",
        "Wednesdays at 10:00",
        "version 1.2.3 and 2.6",
        "in February",
        "see you on the Sunday-ish",
        "ip 10.0.0.1",
    ],
)
def test_words_that_only_look_like_dates(text: str) -> None:
    assert find_dates(text, REF) == []


def test_dotted_dates_are_day_first_and_slashed_follow_the_message() -> None:
    # 13/11 is only valid day-first; the message's habit then settles 3/12.
    hits = find_dates("on 13/11 and 3/12", date(2006, 11, 1))
    assert [h.day for h in hits] == [date(2006, 11, 13), date(2006, 12, 3)]
    hits = find_dates("on 11/13 and 3/12", date(2006, 11, 1))
    assert [h.day for h in hits] == [date(2006, 11, 13), date(2007, 3, 12)]


def test_weekday_that_disagrees_with_a_past_date_wins() -> None:
    # A reminder sent on Tuesday 13 April with "Wednesday, 4/13/21": the coming Wednesday is meant.
    (hit,) = find_dates("Wednesday, 4/13/21 at 10:00", date(2021, 4, 13))
    assert hit.day == date(2021, 4, 14)
    assert hit.certainty < 1.0


def test_pick_year_prefers_the_year_the_weekday_fits() -> None:
    assert pick_year(2, 12, date(2006, 12, 20), weekday=0) == (date(2007, 2, 12), 1.0)
    assert pick_year(2, 30, REF) == (None, 0.0)


def test_a_bullet_dash_at_a_line_start_joins_no_range() -> None:
    text = "The options are:\n - Monday 7 April\n - Tuesday 29 April\n - Tuesday 6 May\n"
    got = [(h.day.isoformat(), h.end_day) for h in find_dates(text, date(2025, 3, 5))]
    assert got == [("2025-04-07", None), ("2025-04-29", None), ("2025-05-06", None)]
    # A joiner that ends a wrapped line still makes a range.
    wrapped = [
        (h.day.isoformat(), h.end_day.isoformat() if h.end_day else None)
        for h in find_dates("June 20 to\nJune 25", date(2025, 3, 5))
    ]
    assert wrapped == [("2025-06-20", "2025-06-25")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "or" offers two days; a range after a move word is the day moved from and the day moved to.
        ("either Tue 3 or Wed 4 June", [("2025-06-03", None, True), ("2025-06-04", None, True)]),
        ("June 3 or 4", [("2025-06-03", None, True), ("2025-06-04", None, True)]),
        ("moved from 14 to 21 March", [("2025-03-14", None, False), ("2025-03-21", None, False)]),
        ("held 14-21 March", [("2025-03-14", "2025-03-21", False)]),
    ],
)
def test_two_days_that_are_not_a_range(text: str, expected: list[tuple[str, str | None, bool]]) -> None:
    got = [
        (h.day.isoformat(), h.end_day.isoformat() if h.end_day else None, h.alternative)
        for h in find_dates(text, date(2025, 3, 5))
    ]
    assert got == expected


def test_a_date_does_not_span_a_blank_line() -> None:
    german = grammar_of("de").dates
    ref = date(2020, 3, 2)
    # A paragraph that ends in a number, then a signature that is also a month's abbreviation.
    assert find_dates("Wir sind im Raum 3.\n\nJan", ref, rules=german) == []
    assert find_dates("See you in room 12\n\nMarch Hare", ref) == []
    # One line break is only wrapping.
    assert [h.day for h in find_dates("am 3.\nMärz", ref, rules=german)] == [date(2020, 3, 3)]
    assert [h.day for h in find_dates("on the 12th of\nMarch", ref)] == [date(2020, 3, 12)]


def test_a_weekday_right_after_a_date_is_its_label_not_another_day() -> None:
    ref = date(1996, 7, 15)
    programme = "3.1.1997 Fri Arrival\n4.1.1997 Sat 10am Inaugural Session\n5.1.1997 (Sun) 9am Sessions"
    assert [h.day for h in find_dates(programme, ref)] == [
        date(1997, 1, 3),
        date(1997, 1, 4),
        date(1997, 1, 5),
    ]
    # Said apart from the date, it is a day of its own.
    assert [h.day for h in find_dates("May 3 or Wed 2pm", date(2024, 4, 29))] == [
        date(2024, 5, 3),
        date(2024, 5, 1),
    ]


def test_a_weekday_that_names_a_kind_of_day_stays_one_with_a_time_after_it() -> None:
    ref = date(2022, 1, 17)
    french = grammar_of("fr").dates
    assert find_dates("les séminaires (jeudi 14h, salle B204)", ref, rules=french) == []
    assert find_dates("we meet every Monday at 10:00 UTC", ref) == []
    assert [h.day for h in find_dates("the call is Monday at 10:00 UTC", ref)] == [date(2022, 1, 17)]
