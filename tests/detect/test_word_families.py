"""Every word of the status and date lexicons in a sentence whose outcome it decides: take the word out
of its pattern and the row fails. Each table is one family (hedges, cancellations, moves, confirmations,
deadlines, months, ordinals, joiners, weekdays, relative days); a word added to a family gets its row.

Detection runs whole, on text, through the helpers at the top.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.detect import Mention, Status
from tests.detect.helpers import found

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday
C, T, X = Status.CONFIRMED, Status.TENTATIVE, Status.CANCELLED


# --- reading the outcome --------------------------------------------------------------------------


def mentions(text: str, subject: str = "", sent: str = SENT) -> list[Mention]:
    return found(text, sent, subject)


def statuses(text: str, subject: str = "") -> list[Status]:
    return [m.status for m in mentions(text, subject)]


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def spans(text: str, sent: str = SENT) -> list[tuple[str | None, str | None]]:
    """Each meeting's first and last day (the last None for a single day)."""
    return [(_day(m.start), _day(m.end)) for m in mentions(text, sent=sent)]


def deadlines(text: str) -> list[date | None]:
    return [m.confirm_by for m in mentions(text)]


# --- status: hedges -------------------------------------------------------------------------------


def test_a_plain_announcement_is_confirmed() -> None:
    # The control for the tables below: without the family's word, each sentence reads as confirmed.
    assert statuses("The workshop is on 8 May.") == [C]


@pytest.mark.parametrize(
    "text",
    [
        "The workshop is on 8 May, to be confirmed.",
        "The workshop is on 8 May, to be determined.",
        "The workshop is on 8 May, to be decided.",
        "The workshop is on 8 May, to be announced.",
        "The workshop on 8 May is not confirmed.",
        "The workshop on 8 May is not yet fixed.",
        "The workshop on 8 May has not been finalised.",
        "The workshop on 8 May has not been finalized.",
        "The workshop is on 8 May if it's ok.",
        "The workshop is on 8 May if it is okay.",
        "The workshop is on 8 May if that's fine.",
        "The workshop is on 8 May if that is ok.",
        "Would 8 May work for you for the workshop?",
        "Does 8 May suit everyone for the workshop?",
        "Do 8 May work for people for the workshop?",
        "Will 8 May work for all for the workshop?",
        "We can meet on 8 May for the workshop.",
        "I could do it on 8 May for the workshop.",
        "We might have it on 8 May for the workshop.",
        "We could hold it on 8 May for the workshop.",
        "We can move it to 8 May for the workshop.",
        "The workshop will tentatively be on 8 May.",
        "The workshop will be on 8 May, tentative.",
        "The workshop will provisionally be on 8 May.",
        "The workshop will be on 8 May, provisional.",
        "The workshop date proposed is 8 May.",
        "I propose the workshop on 8 May.",
        "The workshop is on 8 May (TBC).",
        "The workshop is on 8 May (TBD).",
        "The workshop is on 8 May, subject to change.",
        "The workshop is on 8 May but the date won't be confirmed yet.",
        "The workshop is on 8 May but the date will not be confirmed yet.",
        "The workshop is supposed to be on 8 May.",
        "How about the workshop on 8 May?",
        "What about the workshop on 8 May?",
        "The workshop is on 8 May, see the poll.",
        "The workshop is on 8 May, see the doodle.",
        "The workshop is on 8 May, see whenisgood.",
        "The workshop is pencilled in for 8 May.",
        "The workshop is penciled in for 8 May.",
        "The workshop is pencil in for 8 May.",
        "The workshop is maybe on 8 May.",
        "The workshop is perhaps on 8 May.",
        "My suggestion is the workshop on 8 May.",
        "The workshop is on 8 May, your opinion please.",
        "The workshop is on 8 May, your opinions please.",
        "The workshop is on 8 May, what do you think?",
    ],
)
def test_a_hedge_makes_the_date_tentative(text: str) -> None:
    assert statuses(text) == [T]


@pytest.mark.parametrize(
    "text",
    [
        "The tentative agenda of the workshop on 8 May is attached.",
        "The tentatively proposed agenda of the workshop on 8 May is attached.",
        "The provisional program of the workshop on 8 May is attached.",
        "The provisional programme of the workshop on 8 May is attached.",
        "The proposed schedule of the workshop on 8 May is attached.",
        "The provisional list of the workshop on 8 May is attached.",
        "The provisional titles of the workshop on 8 May are attached.",
        "The provisional title of the workshop on 8 May is attached.",
        "The provisional topics of the workshop on 8 May are attached.",
        "The proposed patches for the workshop on 8 May are attached.",
        "The proposed patch for the workshop on 8 May is attached.",
        "The proposed changes for the workshop on 8 May are attached.",
        "The proposed fix for the workshop on 8 May is attached.",
        "The proposed API for the workshop on 8 May is attached.",
        "The proposed applied research workshop is on 8 May.",
        "The provisional budget of the workshop on 8 May is attached.",
        "The provisional speakers of the workshop on 8 May are attached.",
    ],
)
def test_a_hedge_about_something_else_leaves_the_date_confirmed(text: str) -> None:
    assert statuses(text) == [C]


@pytest.mark.parametrize(
    "text",
    [
        "The tentative workshop on 8 May is now confirmed.",
        "The tentative workshops on 8 May are confirmed.",
        "The tentative workshop on 8 May is confirmed.",
        "The tentative workshop on 8 May has been confirmed.",
        "The tentative workshops on 8 May have been confirmed.",
        "The tentative workshop on 8 May, confirmed: yes.",
    ],
)
def test_a_confirmation_wins_over_a_hedge(text: str) -> None:
    assert statuses(text) == [C]


# --- status: cancellations and moves --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The call on 8 May is cancelled.",
        "The call on 8 May is canceled.",
        "We are cancelling the call on 8 May.",
        "We are canceling the call on 8 May.",
        "Cancellation of the call on 8 May.",
        "We cancel the call on 8 May.",
        "The call on 8 May is called off.",
        "We call off the call on 8 May.",
        "We skip the call on 8 May.",
        "We skipped the call on 8 May.",
        "We are skipping the call on 8 May.",
        "The call planned for 8 May: we will postpone the call.",
        "The call on 8 May is postponed.",
        "Postponement of the call on 8 May.",
        "The call on 8 May will not be held.",
        "The call on 8 May is not held.",
        "No meeting on 8 May.",
        "No meetings on 8 May.",
        "No call on 8 May.",
        "No session on 8 May.",
        "No telco on 8 May.",
        "No telecon on 8 May.",
        "No teleconference on 8 May.",
        "The WG interim: no interim on 8 May.",
        "The group will not meet on 8 May.",
        "The group won't meet on 8 May.",
        "The group wont be meeting on 8 May.",
        "The group is not going to meet on 8 May.",
        "The call on 8 May won't happen.",
        "The call on 8 May won't take place.",
        "The call on 8 May won't be held.",
        "The call on 8 May will not happen.",
        "The call on 8 May will not take place.",
        "The call on 8 May is deferred.",
        "The call on 8 May is moved.",
        "The call on 8 May is rescheduled.",
        "The call on 8 May is pushed back.",
        "The call on 8 May is pushed out.",
        "The call on 8 May is shifted.",
        "We have a social instead of the call on 8 May.",
    ],
)
def test_a_cancellation_cancels_the_date(text: str) -> None:
    assert statuses(text) == [X]


@pytest.mark.parametrize(
    "text",
    [
        "The call is moved from 8 May to 15 May.",
        "The call is rescheduled from 8 May to 15 May.",
        "The call is postponed from 8 May to 15 May.",
        "The call is pushed back from 8 May to 15 May.",
        "The call is pushed out from 8 May to 15 May.",
        "The call is shifted from 8 May to 15 May.",
        "The call on 8 May is cancelled and changed to 15 May.",
        "The call on 8 May is cancelled and pushed to 15 May.",
        "The call on 8 May is cancelled, we move it to 15 May.",
        "The call on 8 May is cancelled, we reschedule it to 15 May.",
        "The call on 8 May is cancelled, we shift it to 15 May.",
        "We postpone the call of 8 May to 15 May.",
        "The call on 8 May is deferred to 15 May.",
        "The call on 8 May is postponed until 15 May.",
        "The call on 8 May is postponed till 15 May.",
        "The call on 8 May is rescheduled for 15 May.",
        "The call on 8 May is rescheduled on 15 May.",
        # The day moved away from, named inside the move.
        "The call is moved (instead of 8 May) to 15 May.",
        "The call is moved (originally 8 May) to 15 May.",
        "The call is moved, the one of 8 May, to 15 May.",
    ],
)
def test_a_move_cancels_the_old_day_and_confirms_the_new_one(text: str) -> None:
    assert statuses(text) == [X, C]


@pytest.mark.parametrize(
    "text",
    [
        "We will not meet, sorry.",
        "The meeting is cancelled.",
        "The meetings are cancelled.",
        "The call is cancelled.",
        "The session is cancelled.",
        "The consultation is cancelled.",
        "The consultations are cancelled.",
        "The conference is cancelled.",
        "The workshop is cancelled.",
        "The telecon is cancelled.",
        "The telecons are cancelled.",
        "The teleconference is cancelled.",
        "The teleconferences are cancelled.",
        "The telco is cancelled.",
        "The telcos are cancelled.",
        "The interim is cancelled.",
        "The interims are cancelled.",
    ],
)
def test_a_dateless_cancellation_of_the_gathering_cancels_the_subjects_date(text: str) -> None:
    assert statuses(text, "Re: Weekly meeting 2019-05-06") == [X]


@pytest.mark.parametrize(
    "text",
    [
        "The seminar dates are cancelled.",
        "The seminar date is cancelled.",
        "The seminar days are cancelled.",
        "The seminar schedule is cancelled.",
    ],
)
def test_a_dateless_cancellation_of_its_dates_cancels_the_subjects_date(text: str) -> None:
    # "The seminar is cancelled" alone says nothing of the dates: the subject's date stays.
    assert statuses("The seminar is cancelled.", "Re: Seminar 2019-05-06") == [C]
    assert statuses(text, "Re: Seminar 2019-05-06") == [X]


# --- status: a dateless hedge and its deadline ----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The date is tentative.",
        "The dates are tentative.",
        "The schedule is tentative.",
        "The days are tentative.",
        "The meeting timing is tentative.",
        "The meeting day is tentative.",
    ],
)
def test_a_dateless_hedge_on_the_dates_makes_every_date_tentative(sentence: str) -> None:
    # A hedge on the meeting alone ("the meeting is tentative") is no hedge on its dates.
    assert statuses("The group will meet on 12 June.\n\nThe meeting is tentative.") == [C]
    assert statuses(f"The group will meet on 12 June.\n\n{sentence}") == [T]


@pytest.mark.parametrize(
    "sentence",
    [
        "The dates are tentative and will be confirmed by 20 May.",
        "The dates are tentative, confirmation by 20 May.",
        "The dates are tentative, we confirm them by 20 May.",
        "The dates are tentative and will be finalised by 20 May.",
        "The dates are tentative and will be finalized by 20 May.",
        "The dates are tentative and will be fixed by 20 May.",
        "The dates are tentative and will be decided by 20 May.",
        "The dates are tentative and will be announced by 20 May.",
        "The dates are tentative: answer the poll by 20 May.",
        "The dates are tentative: answer the doodle until 20 May.",
        "The dates are tentative: vote till 20 May.",
        "The dates are tentative: fill in the form before 20 May.",
        "The dates are tentative: fill out the form by 20 May.",
    ],
)
def test_a_dateless_hedge_gives_its_deadline_to_every_date(sentence: str) -> None:
    assert deadlines(f"The group will meet on 12 June.\n\n{sentence}") == [date(2019, 5, 20)]


@pytest.mark.parametrize(
    ("end", "deadline"),
    [
        ("the end of the year", date(2019, 12, 31)),
        ("the end of this month", date(2019, 5, 31)),
        ("the end of the week", date(2019, 5, 3)),
        ("end of May", date(2019, 5, 31)),
        ("the end of June", date(2019, 6, 30)),
    ],
)
def test_a_deadline_at_the_end_of_a_period_is_its_last_day(end: str, deadline: date) -> None:
    text = f"The group will meet on 12 June.\n\nThe dates are tentative and will be confirmed by {end}."
    assert deadlines(text) == [deadline]
