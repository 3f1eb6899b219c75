"""Gathering words beyond "meeting", and words that only look like a gathering's or a deadline's: what
a vote "will be held" on is no meeting, and "due to" a cause is no deadline.

Each new word comes with a look-alike that must stay without a meeting."""

from __future__ import annotations

import pytest

from bot.meeting import MeetingStatus
from tests.detect.helpers import RULES, days, found

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected", "look_alike"),
    [
        # An event, a conf, a named series of days.
        (
            "Our next community event is on Saturday 18 May in the town library.",
            ["2019-05-18"],
            "In the event of a crash on 18 May, the log rotates as usual.",
        ),
        (
            "Reminder: the spring event starts 21 May, doors open at 8:30.",
            ["2019-05-21"],
            "The event loop rewrite lands on 21 May in the nightly build.",
        ),
        (
            "Anyone going to the conf on 12 June? We could share a table.",
            ["2019-06-12"],
            "Copy the conf file to /etc/tool.conf on 12 June, the old one goes away.",
        ),
        (
            "Contributor Day is on 25 May this year, right after the release.",
            ["2019-05-25"],
            "Today is a big day: 25 May brings the new mirror online.",
        ),
        (
            "Put the 3rd of June in your calendar: Community Day is back!",
            ["2019-06-03"],
            "Put the 3rd of June in your calendar: the mirrors switch over.",
        ),
        # A bug bash, a short call, a catch-up.
        (
            "We are planning a bug bash for Tuesday 14 May, all day on the channel.",
            ["2019-05-14"],
            "We are planning to bash on the bug tracker Tuesday 14 May.",
        ),
        (
            "How about a short call next Monday, 6 May?",
            ["2019-05-06"],
            "How about a short break next Monday, 6 May?",
        ),
        (
            "The monthly catch-up moves to Wednesday 15 May, same time.",
            ["2019-05-15"],
            "I will catch up on the backlog on Wednesday 15 May.",
        ),
        (
            "Next catchup: 22 May at 10:00 CET on the usual bridge.",
            ["2019-05-22"],
            "Next catch up with upstream: 22 May, when they tag.",
        ),
        # Gatherings of community lists: an unconference, an install fest, a meet-and-greet.
        (
            "The spring unconference is on 18 May; bring a topic.",
            ["2019-05-18"],
            "The spring cleanup of old branches is on 18 May; bring a list.",
        ),
        (
            "Installfest on 25 May: bring a laptop and we set it up together.",
            ["2019-05-25"],
            "Install the fix on 25 May: bring the laptop up to date first.",
        ),
        (
            "Meet-and-greet for new contributors: Monday 13 May, 18:00 CEST.",
            ["2019-05-13"],
            "Greetings to the new contributors: Monday 13 May, the repository opens.",
        ),
    ],
)
def test_event_words_beyond_meeting_tie_a_date(text: str, expected: list[str], look_alike: str) -> None:
    assert days(text, SENT) == expected
    # The look-alike has no gathering word: that the cue words do not tie it is stage 1's part (the
    # rules' reading); the learned decision weighs such a date on its words alone (see the README's
    # leave-one-list-out figures for how well that does on unseen lists).
    assert days(look_alike, SENT, options=RULES) == []


@pytest.mark.parametrize(
    "text",
    [
        # What is held or takes place is a vote, not a gathering.
        "The ballot will be held from 13 May to 27 May; every member gets a link.",
        "Voting will take place between 20 May and 3 June on the usual site.",
        "The voting period for the new charter will be held 20-27 May.",
    ],
)
def test_a_vote_that_is_held_is_no_meeting(text: str) -> None:
    assert days(text, SENT) == []


@pytest.mark.parametrize(
    ("text", "expected", "status", "deadline"),
    [
        # "due to" a cause: the date stays, with what the sentence says of it; "due" on a date does not.
        (
            "The call on Thursday 9 May is cancelled due to the public holiday.",
            ["2019-05-09"],
            MeetingStatus.CANCELLED,
            "Slides for the call are due Thursday 9 May.",
        ),
        (
            "The workshop on 21 May starts an hour late due to the train strike.",
            ["2019-05-21"],
            MeetingStatus.CONFIRMED,
            "Camera-ready papers for the workshop are due on 21 May.",
        ),
        # "due to" a verb: the gathering is scheduled.
        (
            "The plenary is due to take place on 28 May in Room 4.",
            ["2019-05-28"],
            MeetingStatus.CONFIRMED,
            "Reports for the plenary are due 28 May in Room 4.",
        ),
    ],
)
def test_due_to_a_cause_does_not_make_a_deadline(
    text: str, expected: list[str], status: MeetingStatus, deadline: str
) -> None:
    mentions = [m for m in found(text, SENT) if not m.quoted]
    assert [m.when.first_day.isoformat() for m in mentions] == expected
    assert mentions[0].status == status
    assert days(deadline, SENT) == []
