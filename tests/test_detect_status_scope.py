"""Status belongs to a date: what governs a cancel word, which clause and which date it reaches, and
which hedges are about the date at all."""

from __future__ import annotations

import pytest

from bot.detect.status import hedged_after, moved_to, status_in_sentence, status_of_date
from bot.meeting import MeetingStatus
from tests.detect.helpers import found

SENT = "2021-03-01T09:00:00+00:00"
C, T, X = MeetingStatus.CONFIRMED, MeetingStatus.TENTATIVE, MeetingStatus.CANCELLED


def statuses(text: str, subject: str = "") -> list[tuple[str, MeetingStatus]]:
    return [(m.when.first_day.isoformat(), m.status) for m in found(text, SENT, subject) if not m.quoted]


def at(sentence: str, date_text: str) -> MeetingStatus | None:
    return status_in_sentence(sentence, sentence.index(date_text))


@pytest.mark.parametrize(
    "text",
    [
        "Should we skip the working group call on Thursday 11 March?",
        "Any objection if we drop the review meeting on 11 March?",
        "Shall we cancel the session on the 11th of March?",
        "Would it be a problem to call off the meeting on 11 March",
        "The steering meeting on 11 March is cancelled unless someone volunteers to chair it.",
        "If nobody adds an agenda item, we will skip the call on 11 March.",
        "Please send topics; otherwise the meeting on 11 March is cancelled.",
        "We will skip the telecon on 11 March if there are no objections.",
    ],
)
def test_a_cancellation_put_as_a_question_or_a_condition_is_tentative(text: str) -> None:
    assert statuses(text) == [("2021-03-11", T)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Do we want to skip the meeting on 11 March?",
        "The meeting on 11 March is cancelled, unless the chairs find a stand-in.",
        "If the room is not free, the workshop on 11 March is postponed.",
    ],
)
def test_the_hedge_that_governs_a_cancel_word_wins_over_it(sentence: str) -> None:
    assert at(sentence, "11 March") is T


def test_a_question_asked_after_a_cancellation_or_in_an_aside_leaves_it_standing() -> None:
    assert at("The call on 11 March is cancelled, could you tell the others?", "11") is X
    assert at("The colloquium on 11 March has been postponed (maybe to the autumn?)", "11") is X
    assert at("3. Cancel the meeting on 11 March (public holiday)?", "11") is T


def test_a_condition_governs_only_the_clause_it_stands_in() -> None:
    assert at("We skip the call on 11 March if nobody objects.", "11 March") is T
    assert at("The call on 11 March is cancelled; if you have urgent items, write to the list.", "11") is X
    assert at("The call on 11 March is cancelled, so if you have urgent items, write to me.", "11") is X


def test_a_question_answered_by_a_decision_after_it_is_a_cancellation() -> None:
    sentence = "Cancel the meeting on 11 March?"
    later = " Who else could host it?\n\nOutcome: the members present agreed to cancel it."
    assert status_of_date(sentence, sentence.index("11"), later[:25], later, False) is X
    assert status_of_date(sentence, sentence.index("11"), later[:25], later[:25], False) is T


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "No meeting on 8 March; the next one is on the 22nd.",
            [("2021-03-08", X), ("2021-03-22", C)],
        ),
        (
            "There is no meeting on 8 March, the next one will be on 22 March.",
            [("2021-03-08", X), ("2021-03-22", C)],
        ),
        (
            "We skip the community call on 8 March and resume on 15 March.",
            [("2021-03-08", X), ("2021-03-15", C)],
        ),
        (
            "The call on 8 March is cancelled, the one on 15 March goes ahead as planned.",
            [("2021-03-08", X), ("2021-03-15", C)],
        ),
        (
            "As agreed, the review on 8 March is called off and we meet again on 22 March.",
            [("2021-03-08", X), ("2021-03-22", C)],
        ),
        (
            "The clinic on 8 March is cancelled; next meeting: 22 March.",
            [("2021-03-08", X), ("2021-03-22", C)],
        ),
    ],
)
def test_a_cancellation_reaches_its_own_date_not_the_next_meetings(
    text: str, expected: list[tuple[str, MeetingStatus]]
) -> None:
    assert statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We moved the call scheduled for 9 March to 16 March.",
            [("2021-03-09", X), ("2021-03-16", C)],
        ),
        ("We moved the board meeting on 9 March to 16 March.", [("2021-03-09", X), ("2021-03-16", C)]),
        (
            "The board meeting has been deferred from 9 March to 16 March.",
            [("2021-03-09", X), ("2021-03-16", C)],
        ),
        (
            "The chairs rescheduled the plenary that was scheduled to take place on 9 March.",
            [("2021-03-09", X)],
        ),
        (
            "The workshop has been postponed to a later date; it was planned for 9 March.",
            [("2021-03-09", X)],
        ),
        (
            "The plenary will be held on 16 March instead of 9 March.",
            [("2021-03-09", X), ("2021-03-16", C)],
        ),
    ],
)
def test_a_move_cancels_the_day_left_and_confirms_the_new_one(
    text: str, expected: list[tuple[str, MeetingStatus]]
) -> None:
    assert statuses(text) == expected


def test_scheduled_for_in_a_move_leads_to_the_day_left_not_the_new_one() -> None:
    sentence = "I have moved the review scheduled for 9 March to 16 March."
    assert not moved_to(sentence, sentence.index("9 March"))
    assert moved_to(sentence, sentence.index("16 March"))
    assert at(sentence, "9 March") is X


def test_the_to_of_scheduled_to_take_place_is_not_a_move_target() -> None:
    sentence = "We rescheduled the meeting scheduled to take place on 9 March."
    assert not moved_to(sentence, sentence.index("9 March"))
    assert at(sentence, "9 March") is X


def test_a_move_put_as_a_question_moves_nothing_yet() -> None:
    sentence = "Could we move the call to 16 March?"
    assert not moved_to(sentence, sentence.index("16"))
    assert at(sentence, "16 March") is T


@pytest.mark.parametrize(
    "text",
    [
        "The retreat will be on 12 April. This may still change.",
        "The retreat will be on 12 April. The date is not final yet.",
        "The retreat will be on 12 April.\n(to be confirmed)",
    ],
)
def test_a_hedge_in_the_next_sentence_that_refers_back_covers_the_date(text: str) -> None:
    assert statuses(text) == [("2021-04-12", T)]


def test_a_hedge_after_the_date_that_does_not_refer_back_leaves_it() -> None:
    assert not hedged_after("Proposed workshop topics:")
    assert not hedged_after("Some speakers may still change their slides.")
    assert hedged_after("TBC.")


def test_an_undated_question_about_another_meeting_does_not_hedge_the_dates() -> None:
    text = (
        "The editors' meeting is on 12 April at 14:00 UTC.\n\n"
        "Are we also meeting in May, and which dates would suit everyone?"
    )
    assert statuses(text) == [("2021-04-12", C)]
    text = (
        "The editors' meeting is on 12 April.\n\n"
        "Should we hold one in May as well, and which dates would suit everyone?"
    )
    assert statuses(text) == [("2021-04-12", C)]


def test_a_dateless_cancellation_put_as_a_question_makes_the_subjects_date_tentative() -> None:
    assert statuses("Shall we skip the meeting this time?", "Re: Weekly meeting 11 March") == [
        ("2021-03-11", T)
    ]
    # Asked about another meeting in an agenda, it leaves the day the text announces alone.
    text = (
        "Reminder: the working group meets this Wednesday 10 March at 16:00 UTC.\n\n"
        "Topics:\n\n1. Should we skip the meeting during the spring break?\n\n2. Key rotation."
    )
    assert statuses(text, "Working group - Wednesday 10 March") == [("2021-03-10", C)]


def test_a_plan_or_a_hedge_about_something_else_leaves_the_date_confirmed() -> None:
    texts = [
        "The general assembly is currently scheduled for 20 April.",
        "We are planning a meetup on 20 April in Lyon.",
        "The symposium is planned to be held on 20 April.",
        "The seminar on 20 April will be online or in person, to be decided.",
        "The seminar is on 20 April; the agenda is still tentative.",
        "The seminar is on 20 April, and perhaps our new members will join.",
        "The seminar is on 20 April in a room still to be confirmed.",
    ]
    assert {text: statuses(text) for text in texts} == {text: [("2021-04-20", C)] for text in texts}
