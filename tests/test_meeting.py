"""A meeting's time answers for itself: when it is over, its day in a zone, its instant, its text."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meeting import When, WhenText, day_text

ZURICH = ZoneInfo("Europe/Zurich")
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")
CALL = When(
    datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH), datetime(2007, 2, 8, 16, 30, tzinfo=ZURICH), "Europe/Zurich"
)
SUMMIT = When(date(2007, 2, 12), date(2007, 2, 14))


def test_a_timed_meeting_is_over_only_after_its_exact_end() -> None:
    end = datetime(2007, 2, 8, 16, 30, tzinfo=ZURICH)
    assert not CALL.is_over(end, ZURICH)
    assert CALL.is_over(end + timedelta(microseconds=1), ZURICH)


def test_a_timed_meeting_without_an_end_is_over_once_it_has_begun() -> None:
    start = When(datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH))
    assert not start.is_over(datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH), ZURICH)
    assert start.is_over(datetime(2007, 2, 8, 15, 1, tzinfo=ZURICH), ZURICH)


def test_an_all_day_range_is_over_after_its_last_day_in_the_lists_zone() -> None:
    assert not SUMMIT.is_over(datetime(2007, 2, 14, 23, 59, tzinfo=ZURICH), ZURICH)
    assert SUMMIT.is_over(datetime(2007, 2, 15, 0, 0, tzinfo=ZURICH), ZURICH)
    # 23:30 UTC on the 14th is already the 15th in Zurich.
    assert SUMMIT.is_over(datetime(2007, 2, 14, 23, 30, tzinfo=UTC), ZURICH)


def test_the_day_of_a_time_depends_on_the_zone_across_midnight() -> None:
    tokyo_morning = When(datetime(2007, 2, 13, 1, 0, tzinfo=TOKYO), None, "Asia/Tokyo")
    assert tokyo_morning.first_day == date(2007, 2, 13)
    assert tokyo_morning.start_day_in(TOKYO) == date(2007, 2, 13)
    assert tokyo_morning.start_day_in(ZURICH) == date(2007, 2, 12)


def test_an_all_day_meeting_begins_at_midnight_of_the_zone_asked() -> None:
    assert SUMMIT.start_instant(ZURICH) == datetime(2007, 2, 12, 0, 0, tzinfo=ZURICH)
    assert SUMMIT.start_instant(UTC) == datetime(2007, 2, 12, 0, 0, tzinfo=UTC)
    assert SUMMIT.start_day_in(TOKYO) == date(2007, 2, 12)


def test_a_naive_time_is_read_in_the_zone_asked() -> None:
    naive = When(datetime(2007, 2, 8, 15, 0))
    assert naive.start_instant(ZURICH) == datetime(2007, 2, 8, 15, 0, tzinfo=ZURICH)


def test_all_day_follows_from_the_start_and_a_range_has_its_last_day() -> None:
    assert SUMMIT.all_day and not CALL.all_day
    assert (SUMMIT.first_day, SUMMIT.last_day, SUMMIT.end_date) == (
        date(2007, 2, 12),
        date(2007, 2, 14),
        date(2007, 2, 14),
    )
    one_day = When(date(2007, 2, 12))
    assert (one_day.last_day, one_day.end_date) == (date(2007, 2, 12), None)
    assert CALL.end_date is None and CALL.last_day == date(2007, 2, 8)


def test_a_timed_start_that_runs_to_a_last_day_is_over_after_its_start() -> None:
    # "from 09:00 on the 12th to the 14th": no finishing time is known, so the start is what has passed.
    days = When(datetime(2007, 2, 12, 9, 0, tzinfo=ZURICH), date(2007, 2, 14), "Europe/Zurich")
    assert days.last_day == date(2007, 2, 14)
    assert days.end_instant(ZURICH) is None
    assert days.is_over(datetime(2007, 2, 12, 9, 1, tzinfo=ZURICH), ZURICH)


def test_describe_gives_days_for_all_day_meetings() -> None:
    assert SUMMIT.describe(ZURICH) == WhenText("Mon 12 Feb 2007 – Wed 14 Feb 2007", None)
    assert When(date(2007, 2, 12)).describe(ZURICH) == WhenText("Mon 12 Feb 2007", None)


def test_describe_gives_local_time_with_utc_beside() -> None:
    assert CALL.describe(ZURICH) == WhenText(
        "Thu 8 Feb 2007, 15:00–16:30 CET", "Thu 8 Feb 2007, 14:00–15:30 UTC"
    )
    # In Tokyo the same call ends after midnight: both days are named.
    assert CALL.describe(TOKYO).local == "Thu 8 Feb 2007 23:00 – Fri 9 Feb 2007 00:30 JST"


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "GMT"])
def test_describe_in_utc_needs_no_utc_beside(zone: str) -> None:
    assert CALL.describe(ZoneInfo(zone)).utc is None


def test_describe_a_time_that_ends_on_another_day() -> None:
    night = When(datetime(2007, 2, 8, 22, 0, tzinfo=ZURICH), datetime(2007, 2, 9, 2, 0, tzinfo=ZURICH))
    assert night.describe(ZURICH).local == "Thu 8 Feb 2007 22:00 – Fri 9 Feb 2007 02:00 CET"


def test_iso_forms_are_a_date_for_a_day_and_an_offset_time_for_a_time() -> None:
    assert (SUMMIT.start_iso, SUMMIT.end_iso) == ("2007-02-12", "2007-02-14")
    assert CALL.start_iso == "2007-02-08T15:00:00+01:00"
    assert When(date(2007, 2, 12)).end_iso is None
    assert SUMMIT.span_text == "2007-02-12 .. 2007-02-14"
    assert When.parse_point(CALL.start_iso) == CALL.start
    assert When.parse_point("2007-02-12") == date(2007, 2, 12)


def test_day_text_is_the_same_in_every_locale() -> None:
    assert day_text(date(2007, 2, 12)) == "Mon 12 Feb 2007"
