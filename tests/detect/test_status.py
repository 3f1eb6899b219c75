"""Rule 5, status and the confirmation deadline."""

from __future__ import annotations

from datetime import date

import pytest

from bot.detect import Status
from bot.detect.status import confirm_by
from tests.detect.helpers import found

SENT = "2019-05-02T10:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The meeting is on 8 May.", [Status.CONFIRMED]),
        ("The meeting will tentatively be on 8 May.", [Status.TENTATIVE]),
        ("Proposed date for the workshop: 8 May (TBC).", [Status.TENTATIVE]),
        ("The summit is planned for 8 May but subject to change.", [Status.TENTATIVE]),
        ("The call on 8 May is cancelled.", [Status.CANCELLED]),
        ("We will skip the meeting on 8 May.", [Status.CANCELLED]),
        ("The meeting on 8 May has been postponed.", [Status.CANCELLED]),
        # A move names two dates: away from one, to the other.
        (
            "Tomorrow's meeting (May 3rd) has been rescheduled to May 8th.",
            [Status.CANCELLED, Status.CONFIRMED],
        ),
        ("The call is moved from 8 May to 15 May.", [Status.CANCELLED, Status.CONFIRMED]),
        # Hedge words about something else are no hedge on the date.
        ("The provisional programme of the workshop on 8 May is attached.", [Status.CONFIRMED]),
        # "planned for" alone in a plain reminder is not a hedge.
        ("The next meeting is planned for Wednesday May 8.", [Status.CONFIRMED]),
    ],
)
def test_status_in_the_sentence(text: str, expected: list[Status]) -> None:
    assert [m.status for m in found(text, SENT)] == expected


def test_a_dateless_hedge_on_the_dates_applies_to_every_date_with_its_deadline() -> None:
    text = (
        "The group will meet on 12 June and hold a workshop on the 13th.\n\n"
        "The dates won't be confirmed until the end of the month, sorry."
    )
    got = found(text, SENT)
    assert [m.status for m in got] == [Status.TENTATIVE, Status.TENTATIVE]
    assert {m.confirm_by for m in got} == {date(2019, 5, 31)}


def test_explicit_confirmation_wins_over_the_hedge_elsewhere() -> None:
    text = "The dates are now confirmed: the meeting is on 12 June.\n\nThe agenda is tentative."
    assert [m.status for m in found(text, SENT)] == [Status.CONFIRMED]


def test_a_dateless_cancellation_cancels_the_subjects_date() -> None:
    got = found(
        "I suggest to skip the monthly meeting this time.", SENT, "Re: Monthly meeting 8th of May 09:00 UTC"
    )
    assert [(m.status, m.start.isoformat()) for m in got] == [(Status.CANCELLED, "2019-05-08T09:00:00+00:00")]


@pytest.mark.parametrize(
    ("text", "subject", "expected"),
    [
        # The cancel word must share a clause with the gathering word.
        (
            "Note that the US has moved to summer time, so the meeting is an hour later for folks there.",
            "2019-05-06 @ 16:00 UTC - QA Meeting",
            Status.CONFIRMED,
        ),
        ("We will not meet this time, sorry.", "Re: Weekly meeting 2019-05-06", Status.CANCELLED),
        ("There will be no telecon this week.", "Telecon 2019-05-06", Status.CANCELLED),
    ],
)
def test_a_dateless_sentence_cancels_only_when_it_calls_the_gathering_off(
    text: str, subject: str, expected: Status
) -> None:
    assert [m.status for m in found(text, SENT, subject)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the dates won't be confirmed until the end of the year", date(2006, 12, 31)),
        ("to be confirmed by 15 December", date(2006, 12, 15)),
        ("will not be finalised before the end of January", date(2007, 1, 31)),
        ("the dates are confirmed", None),
    ],
)
def test_confirmation_deadline(text: str, expected: date | None) -> None:
    assert confirm_by(text, date(2006, 11, 23)) == expected
