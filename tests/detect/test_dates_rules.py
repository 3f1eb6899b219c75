"""Date rules a reader relies on that the form tables leave open: a written year in another year than the
message's, bare ordinals with and without a date before them, and the last day of a numeric range.

Detection runs whole, on text, through the helpers at the top.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.detect import DetectOptions
from tests.detect.helpers import found

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday


def spans(text: str, order: str = "DMY") -> list[tuple[str, str | None]]:
    """Each meeting's first and last day (the last None for a single day)."""
    return [
        (_day(m.when.start), _day(m.when.end) if m.when.end else None)
        for m in found(text, SENT, "", DetectOptions(date_order=order))
    ]


def _day(value: date | datetime) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


@pytest.mark.parametrize(
    "text",
    [
        "The meeting is on 14 January 2021.",
        "The meeting is on January 14, 2021.",
        "The meeting is on January 14 2021.",
        "The meeting is on January 14 '21.",
        "The meeting is on 2021-01-14.",
    ],
)
def test_a_written_year_is_kept_though_the_next_such_day_falls_in_another(text: str) -> None:
    # Without the year, 14 January would be read as the next one: 2020.
    assert spans("The meeting is on 14 January.") == [("2020-01-14", None)]
    assert spans(text) == [("2021-01-14", None)]


def test_a_bare_ordinal_alone_is_the_next_such_day_of_this_month_or_the_next() -> None:
    assert spans("The meeting is on the 13th.") == [("2019-05-13", None)]
    assert spans("The meeting is on the 1st.") == [("2019-06-01", None)]


def test_a_bare_ordinal_after_a_date_continues_it_into_the_next_month() -> None:
    assert spans("The meeting is on 30 March 2020 and on the 2nd.") == [
        ("2020-03-30", None),
        ("2020-04-02", None),
    ]


def test_a_bare_ordinal_after_a_date_stays_in_its_month_when_it_comes_later() -> None:
    assert spans("The meeting is on 10 March 2020 and on the 12th.") == [
        ("2020-03-10", None),
        ("2020-03-12", None),
    ]


def test_a_numeric_range_ends_on_its_last_day() -> None:
    assert spans("The meeting runs 9/3-6.", order="MDY") == [("2019-09-03", "2019-09-06")]
