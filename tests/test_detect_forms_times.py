"""Time forms seen on lists the rules were not written against: "6.30" and "4" after a word that
introduces a time, a bare hour glued to its zone; each read by find_times, and by detect as a whole."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.detect.times import find_times
from tests.detect.helpers import found

SENT = "2025-02-03T09:00:00+00:00"  # a Monday

Clock = tuple[str, str | None, str | None]


def clocks(text: str) -> list[Clock]:
    return [
        (h.at.isoformat("minutes"), h.until.isoformat("minutes") if h.until else None, h.zone)
        for h in find_times(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doors open at 7.45 in the foyer.", [("07:45", None, None)]),
        ("We start from 9.15 sharp.", [("09:15", None, None)]),
        ("The panel runs from 6.30 to 8 in hall B.", [("18:30", "20:00", None)]),
        ("Drinks at 5.30-7.00 on the terrace.", [("17:30", "19:00", None)]),
        ("We gather at 16.00 CET.", [("16:00", None, "cet")]),
    ],
)
def test_a_dotted_time_after_a_lead_word(text: str, expected: list[Clock]) -> None:
    assert clocks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Please upgrade to 6.30 before the call at 7.45.",
        "Tickets cost 6.30 each; the bar opens at 7.45.",
        "Growth was 4.25 percent, said the chair at 7.45.",
        "See section 3.12 of the draft before we start at 7.45.",
        "The load average sat at 4.5% until the call at 7.45.",
    ],
)
def test_a_dotted_number_without_a_lead_word_is_no_time(text: str) -> None:
    assert clocks(text) == [("07:45", None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Let's talk at 4 on Thursday.", [("16:00", None, None)]),
        ("Shall we say at 11?", [("11:00", None, None)]),
        ("The call starts at 9 o'clock.", [("09:00", None, None)]),
        ("Meet at 10 tomorrow.", [("10:00", None, None)]),
        ("We reconvene at 3 UTC.", [("15:00", None, "utc")]),
    ],
)
def test_a_bare_hour_after_a_lead_word(text: str, expected: list[Clock]) -> None:
    assert clocks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We were at 4 people in the room; next time at 11.",
        "The office is at 10 Market Street, come at 11.",
        "It tops out at 12 gigabytes, so we meet at 11.",
        "Scores went from 3 to 7 points by the break at 11.",
    ],
)
def test_a_bare_number_before_another_word_is_no_time(text: str) -> None:
    assert clocks(text) == [("11:00", None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Weekly sync, 11UTC, usual bridge.", [("11:00", None, "utc")]),
        ("Weekly sync at 14 UTC.", [("14:00", None, "utc")]),
        ("Weekly sync 8 CET / 7 GMT.", [("08:00", None, "cet"), ("07:00", None, "gmt")]),
        ("Weekly sync: 16.30 CET.", [("16:30", None, "cet")]),
    ],
)
def test_a_bare_hour_glued_to_its_zone(text: str, expected: list[Clock]) -> None:
    assert clocks(text) == expected


def test_a_bare_hour_before_a_lower_case_capital_only_zone_word_is_no_time() -> None:
    # "et" is a zone only as "ET"; "11 et" is no time, but "11 ET" is.
    assert clocks("Items 11 et seq. are out of scope; the review is at 11 ET.") == [("11:00", None, "et")]
    # Nor before one in lower case: "est" is also French for "is".
    assert clocks("La version 3.10 est sortie; the review is 11 EST.") == [("11:00", None, "est")]


def test_a_bare_hour_gives_the_meeting_its_time() -> None:
    (m,) = found("The design review call is on Thursday 6 February at 4.", SENT)
    assert isinstance(m.when.start, datetime)
    assert m.when.start.time().isoformat("minutes") == "16:00"


def test_a_dotted_time_gives_the_meeting_its_time() -> None:
    (m,) = found("The members' meeting is on 12 February from 6.30 to 8.", SENT)
    assert isinstance(m.when.start, datetime) and isinstance(m.when.end, datetime)
    assert (m.when.start.time().isoformat("minutes"), m.when.end.time().isoformat("minutes")) == (
        "18:30",
        "20:00",
    )


def test_an_hour_glued_to_its_zone_gives_the_meeting_its_time_and_zone() -> None:
    (m,) = found("Next maintainers call: 13 February, 15UTC.", SENT)
    assert isinstance(m.when.start, datetime)
    assert (m.when.start.time().isoformat("minutes"), m.when.time_zone) == ("15:00", "UTC")


def _clock_of(text: str) -> str | None:
    (m,) = found(text, SENT)
    return m.when.start.time().isoformat("minutes") if isinstance(m.when.start, datetime) else None


@pytest.mark.parametrize(
    "text",
    [
        "Editors' meeting: Wednesday 12 February\n\n09:30 Coffee\n10:00 Open issues\n",
        "Editors' meeting: Wednesday 12 February\n\nAgenda:\n  09:30 Coffee\n  10:00 Open issues\n",
        "Editors' meeting: Wednesday 12 February\n\n\n- 09:30 Coffee\n- 10:00 Open issues\n",
    ],
)
def test_the_first_row_of_an_agenda_after_a_blank_line_gives_the_time(text: str) -> None:
    assert _clock_of(text) == "09:30"


def test_a_time_in_a_later_paragraph_is_no_agenda_row() -> None:
    assert _clock_of("Editors' meeting: Wednesday 12 February\n\nAgenda:\n  09:30 Coffee\n") == "09:30"
    assert _clock_of("Editors' meeting: Wednesday 12 February\n\nSend items.\n\n09:30 Coffee\n") is None
