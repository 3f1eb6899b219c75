"""Rule 3, times and zones."""

from __future__ import annotations

from datetime import time

import pytest

from bot.detect.times import attach, find_times


@pytest.mark.parametrize(
    ("text", "at", "until", "zone"),
    [
        ("14:00 UTC", time(14), None, "utc"),
        ("2pm CET", time(14), None, "cet"),
        ("10:00-11:30 Pacific", time(10), time(11, 30), "pacific"),
        ("9am PDT / 16:00 UTC", time(9), None, "pdt"),
        ("noon", time(12), None, None),
        ("15h00", time(15), None, None),
        ("1.0 pm", time(13), None, None),
        ("10 AM Cenral", time(10), None, "central"),
        ("4 p.m. CEST", time(16), None, "cest"),
        ("9:00 am to 4:00 pm", time(9), time(16), None),
        ("1400 UTC", time(14), None, "utc"),
        ("10:00 AM Pacific Time (US and Canada)", time(10), None, "pacific"),
        # "15h" without minutes, as written in France and around.
        ("from 15h, room B", time(15), None, None),
        ("10h-12h CET", time(10), time(12), "cet"),
    ],
)
def test_time_forms(text: str, at: time, until: time | None, zone: str | None) -> None:
    first = find_times(text)[0]
    assert (first.at, first.until, first.zone) == (at, until, zone)


@pytest.mark.parametrize(
    "text", ["version 1.2", "3.5 percent", "page 12", "at 10 people", "it 5 pm3", "a 2h slot", "open 24h"]
)
def test_numbers_that_are_no_times(text: str) -> None:
    assert find_times(text) == []


def test_a_time_belongs_to_the_date_it_follows_not_across_a_blank_line() -> None:
    text = "Date: Monday, 24 November\nTime: 4:30 pm\n\nOther: 3 May\n\nat 9:00"
    times = find_times(text)
    spans = [(text.index("Monday"), text.index("\nTime")), (text.index("3 May"), text.index("3 May") + 5)]
    got = attach(spans, times, text)
    assert got[0] is not None and got[0].at == time(16, 30)
    assert got[1] is None


def test_a_time_before_the_date_in_the_same_line() -> None:
    text = "at 10:00 on Monday 12 March"
    times = find_times(text)
    (got,) = attach([(text.index("Monday"), len(text))], times, text)
    assert got is not None and got.at == time(10)


def test_a_time_with_seconds_is_a_timestamp_that_belongs_to_no_date() -> None:
    text = "* AGREED: mass rebuild starts 2025-07-23 as planned (@chair, 17:39:44)"
    times = find_times(text)
    assert [(t.at, t.stamp) for t in times] == [(time(17, 39), True)]
    start = text.index("2025")
    assert attach([(start, start + 10)], times, text) == [None]
