"""Each new date and time form on 100,000 characters of text built to make its pattern work hardest:
near-misses repeated, separators without their days, one heading over endless rows. Not timed (the
benchmark shows time per megabyte staying flat); a quadratic rule would not complete here. Run again
through detect as a whole, with the slow tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.detect.dates import find_dates
from bot.detect.times import find_times
from tests.detect.helpers import found

SIZE = 100_000
REF = date(2025, 2, 3)
SENT = "2025-02-03T09:00:00+00:00"


def _fill(unit: str, head: str = "") -> str:
    return head + unit * ((SIZE - len(head)) // len(unit) + 1)


SHAPES = {
    # dotted ranges naming the month once
    "dotted range": _fill("03.-05.11. "),
    "dotted range without its month": _fill("3.-5.-7.-"),
    "dotted year then stop": _fill("14.1.2021."),
    # ordinals anchored to the month after them, lists of days, "5^th"
    "ordinal list without a month": _fill("the 2nd, 9th, 16th or "),
    "ordinal range": _fill("the 7th-8th of March "),
    "suffix marks": _fill("5^th^"),
    "superscript suffixes": _fill("5ᵗʰ 6ˢᵗ "),
    "spread list": _fill("April 3, 10, 17, 24, 29 and 30, "),
    # an end day stated apart
    "end days": _fill("3 March until the 5th inclusive, until the 6th "),
    # weekdays glued, possessive, labels, alone
    "glued weekday": _fill("friday3/14friday"),
    "glued weekday without a date": _fill("friday3friday"),
    "possessive weekdays": _fill("Friday's "),
    "row labels": _fill("Tue:\n"),
    "weekdays alone": _fill("Thursday every Monday the Friday (Sunday "),
    # rows under a month heading
    "one heading, endless rows": _fill(" 12  call\n", "March 2026\n"),
    "headings without rows": _fill("March\n"),
    "heading and row alternating": _fill("May\n 1 x\n"),
    # a word on its line, then a run of blanks that could be the heading's decoration, then no newline
    "blanks after a heading word": "\nmarch" + " " * 2 * SIZE + "x",
    "blanks after a heading and its year": "\nmarch 2026" + " \t" * SIZE + "x",
    "rows of ranges": _fill(" 12-13 x\n", "June\n"),
    # times
    "dotted times": _fill("at 6.30 "),
    "dotted numbers": _fill("at 1.1.1.1."),
    "bare hours": _fill("at 4 "),
    "bare hours before words": _fill("at 4 people at "),
    "hours glued to zones": _fill("11UTC"),
    "lead words without hours": _fill("at from about "),
    "agenda after blank lines": _fill("\n", "Meeting on 13 February\n") + "10:00 Welcome\n",
    "agenda headings": _fill("x:\n\n", "Meeting on 13 February\n"),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_find_dates_completes(name: str) -> None:
    find_dates(SHAPES[name], REF)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_find_times_completes(name: str) -> None:
    find_times(SHAPES[name])


# Detection spends far more per date than finding it: with the other hostile inputs, out of the quick loop.
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_detect_completes(name: str) -> None:
    found("Working group meeting.\n" + SHAPES[name], SENT, "Working group meeting")
