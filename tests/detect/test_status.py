"""Rule 5, status and the confirmation deadline."""

from __future__ import annotations

from datetime import date

import pytest

from bot.detect.status import confirm_by
from bot.meeting import MeetingStatus
from tests.detect.helpers import found

SENT = "2019-05-02T10:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The meeting is on 8 May.", [MeetingStatus.CONFIRMED]),
        ("The meeting will tentatively be on 8 May.", [MeetingStatus.TENTATIVE]),
        ("Proposed date for the workshop: 8 May (TBC).", [MeetingStatus.TENTATIVE]),
        ("The summit is planned for 8 May but subject to change.", [MeetingStatus.TENTATIVE]),
        ("The call on 8 May is cancelled.", [MeetingStatus.CANCELLED]),
        ("We will skip the meeting on 8 May.", [MeetingStatus.CANCELLED]),
        ("The meeting on 8 May has been postponed.", [MeetingStatus.CANCELLED]),
        # A move names two dates: away from one, to the other.
        (
            "Tomorrow's meeting (May 3rd) has been rescheduled to May 8th.",
            [MeetingStatus.CANCELLED, MeetingStatus.CONFIRMED],
        ),
        ("The call is moved from 8 May to 15 May.", [MeetingStatus.CANCELLED, MeetingStatus.CONFIRMED]),
        # Hedge words about something else are no hedge on the date.
        ("The provisional programme of the workshop on 8 May is attached.", [MeetingStatus.CONFIRMED]),
        # "planned for" alone in a plain reminder is not a hedge.
        ("The next meeting is planned for Wednesday May 8.", [MeetingStatus.CONFIRMED]),
        # A move written as a range names the day moved away from and the day moved to.
        ("The colloquium is moved from 14 to 21 May.", [MeetingStatus.CANCELLED, MeetingStatus.CONFIRMED]),
        # Two days offered as alternatives are candidates.
        (
            "For our next call I'd suggest either Tue 7 or Wed 8 May.",
            [MeetingStatus.TENTATIVE, MeetingStatus.TENTATIVE],
        ),
        # A stop after a capitalised word ends the sentence: the next one's cancellation stays there.
        (
            "The call is on 8 May at 15:00 UTC. The call on 15 May is cancelled.",
            [MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED],
        ),
    ],
)
def test_status_in_the_sentence(text: str, expected: list[MeetingStatus]) -> None:
    assert [m.status for m in found(text, SENT)] == expected


def test_a_dateless_hedge_on_the_dates_applies_to_every_date_with_its_deadline() -> None:
    text = (
        "The group will meet on 12 June and hold a workshop on the 13th.\n\n"
        "The dates won't be confirmed until the end of the month, sorry."
    )
    got = found(text, SENT)
    assert [m.status for m in got] == [MeetingStatus.TENTATIVE, MeetingStatus.TENTATIVE]
    assert {m.confirm_by for m in got} == {date(2019, 5, 31)}


def test_a_poll_hedges_the_options_though_its_own_sentence_has_a_date() -> None:
    text = (
        "To find a date for our workshop, please fill in the Doodle by Friday 10 May:\n\n"
        " - Monday 13 May\n - Tuesday 14 May\n\nThe workshop would run 10:00-16:00."
    )
    got = found(text, SENT)
    assert [(m.when.start.isoformat(), m.status) for m in got] == [
        ("2019-05-13T10:00:00+00:00", MeetingStatus.TENTATIVE),
        ("2019-05-14T10:00:00+00:00", MeetingStatus.TENTATIVE),
    ]
    assert {m.confirm_by for m in got} == {date(2019, 5, 10)}


def test_explicit_confirmation_wins_over_the_hedge_elsewhere() -> None:
    text = "The dates are now confirmed: the meeting is on 12 June.\n\nThe agenda is tentative."
    assert [m.status for m in found(text, SENT)] == [MeetingStatus.CONFIRMED]


def test_a_move_in_a_reply_cancels_the_day_its_subject_names() -> None:
    got = found(
        "Several members can't make Tuesday, so I've moved the meeting\nto Thursday 9 May, same time.",
        SENT,
        "Re: Community meeting - Tuesday 7 May",
    )
    assert [(m.status, m.when.start.isoformat()) for m in got] == [
        (MeetingStatus.CANCELLED, "2019-05-07"),
        (MeetingStatus.CONFIRMED, "2019-05-09"),
    ]


def test_either_day_gets_the_time_written_once() -> None:
    got = found("For our next call I'd suggest either Tue 7 or Wed 8 May, 15:00 CEST.", SENT)
    assert [m.when.start.isoformat() for m in got] == [
        "2019-05-07T15:00:00+02:00",
        "2019-05-08T15:00:00+02:00",
    ]


def test_a_dateless_cancellation_cancels_the_subjects_date() -> None:
    got = found(
        "I suggest to skip the monthly meeting this time.", SENT, "Re: Monthly meeting 8th of May 09:00 UTC"
    )
    assert [(m.status, m.when.start.isoformat()) for m in got] == [
        (MeetingStatus.CANCELLED, "2019-05-08T09:00:00+00:00")
    ]


@pytest.mark.parametrize(
    ("text", "subject", "expected"),
    [
        # The cancel word must share a clause with the gathering word.
        (
            "Note that the US has moved to summer time, so the meeting is an hour later for folks there.",
            "2019-05-06 @ 16:00 UTC - QA Meeting",
            MeetingStatus.CONFIRMED,
        ),
        ("We will not meet this time, sorry.", "Re: Weekly meeting 2019-05-06", MeetingStatus.CANCELLED),
        ("There will be no telecon this week.", "Telecon 2019-05-06", MeetingStatus.CANCELLED),
    ],
)
def test_a_dateless_sentence_cancels_only_when_it_calls_the_gathering_off(
    text: str, subject: str, expected: MeetingStatus
) -> None:
    assert [m.status for m in found(text, SENT, subject)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the dates won't be confirmed until the end of the year", date(2006, 12, 31)),
        ("to be confirmed by 15 December", date(2006, 12, 15)),
        ("will not be finalised before the end of January", date(2007, 1, 31)),
        ("the dates are confirmed", None),
        ("please fill in the availability poll by 15 December so we can fix the days", date(2006, 12, 15)),
    ],
)
def test_confirmation_deadline(text: str, expected: date | None) -> None:
    assert confirm_by(text, date(2006, 11, 23)) == expected
