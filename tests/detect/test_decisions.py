"""The shipped decision model on plain cases: what any reader would call an announcement is kept, what
any reader would call something else is dropped, and the ambiguous same-day weekday is weighed."""

from __future__ import annotations

import pytest

from bot.detect import DetectOptions
from bot.detect.explain import explain
from bot.detect.pipeline import UNCUED_READ_CHARS
from tests.detect.helpers import days, found, mail

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday


@pytest.mark.parametrize(
    ("text", "subject", "day"),
    [
        ("The meeting is today at 15:00.", "", "2019-05-02"),
        ("Reminder: our weekly call is tomorrow at 16:00 UTC.", "Weekly call tomorrow", "2019-05-03"),
        (
            "The steering committee will meet on 14 May at 10:00 in room 3.",
            "Steering committee",
            "2019-05-14",
        ),
        (
            "Hi all,\n\nthe next community call is on Tuesday 7 May, 15:00 CEST.\n",
            "Community call",
            "2019-05-07",
        ),
        ("Our spring workshop takes place 20-22 May in Lyon.", "Spring workshop", "2019-05-20"),
    ],
)
def test_a_plain_announcement_is_kept(text: str, subject: str, day: str) -> None:
    assert days(text, SENT, subject) == [day]


@pytest.mark.parametrize(
    "text",
    [
        "Abstracts are due 20 May; the workshop programme follows in June.",
        "Version 2.4 will be released on 14 May.",
        "I am on vacation from 6 May to 10 May.",
        "We met on 30 April and agreed on the plan.",
        "Registration closes on 15 May.",
    ],
)
def test_a_date_that_is_not_a_meeting_is_dropped(text: str) -> None:
    assert days(text, SENT, "Plans") == []


@pytest.mark.parametrize(
    ("text", "subject", "start"),
    [
        ("The meeting is this morning at 11:00.", "", "2019-05-02T11:00:00+00:00"),
        (
            "Reminder: the board meets this afternoon at 15:00 in room 2.",
            "Board",
            "2019-05-02T15:00:00+00:00",
        ),
        (
            "Quick reminder that the community call is this evening, 19:00 UTC.",
            "",
            "2019-05-02T19:00:00+00:00",
        ),
    ],
)
def test_a_part_of_today_is_today(text: str, subject: str, start: str) -> None:
    assert [m.when.start_iso for m in found(text, SENT, subject)] == [start]
    # Said of what is over, it is the minutes of the day.
    assert days("We met this morning and agreed on the plan.", SENT, subject) == []


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("The hackathon runs from today, 2 May, to Sunday 5 May in the main hall.", "2019-05-05"),
        ("Our spring sprint runs 2-3 May: we start today at the usual table.", "2019-05-03"),
    ],
)
def test_a_programme_that_begins_the_day_it_is_announced_is_kept(text: str, last_day: str) -> None:
    # Unlike a single date of the message's own day, which is often that day's minutes.
    assert [(m.when.start_iso, m.when.end_iso) for m in found(text, SENT, "Hackathon")] == [
        ("2019-05-02", last_day)
    ]


def test_a_weekday_written_on_that_weekday_is_found_and_weighed() -> None:
    _, considered = explain(mail("The meeting is on Thursday.", SENT, ""), DetectOptions())
    (candidate,) = considered
    assert candidate.day.isoformat() == "2019-05-02"
    assert "date:uncertain" in candidate.rules and candidate.probability is not None
    _, plain = explain(mail("The meeting is today at 15:00.", SENT, ""), DetectOptions())
    assert plain[0].probability is not None and plain[0].probability > candidate.probability


def candidates(text: str, subject: str) -> list[str]:
    _, considered = explain(mail(text, SENT, subject), DetectOptions())
    return [c.day.isoformat() for c in considered if c.origin == "own"]


def test_a_short_text_without_a_gathering_word_is_still_read_for_candidates() -> None:
    # No rule word for a rehearsal: the candidate is found, and the learned decision weighs it.
    text = "Choir rehearsal moves to the church hall on Saturday 11 May, 10:00 as usual."
    assert candidates(text, "Saturday") == ["2019-05-11"]
    _, considered = explain(mail(text, SENT, "Saturday"), DetectOptions())
    assert "text:uncued" in considered[0].rules


def test_without_a_gathering_word_a_reply_or_a_long_text_is_not_read() -> None:
    text = "Choir rehearsal moves to the church hall on Saturday 11 May, 10:00 as usual."
    assert candidates(text, "Re: Saturday") == []
    assert candidates(text + "\n" + "x " * UNCUED_READ_CHARS, "Saturday") == []
    # With a gathering word anywhere, the rules read it as before, whatever its length.
    assert candidates("The meeting is on 11 May.\n" + "x " * UNCUED_READ_CHARS, "Re: Saturday") == [
        "2019-05-11"
    ]
