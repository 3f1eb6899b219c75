"""Rule 4, gathering cues: which dates are meetings, with the hard negatives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.detect.cues import GATHERING_STEMS, GATHERING_WORDS, gathering_positions
from tests.detect.helpers import days

SENT = "2019-05-02T10:00:00+00:00"  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Security Working Group will meet on May 8th.", ["2019-05-08"]),
        ("There will be a webinar on 14 May at 11am PT.", ["2019-05-14"]),
        ("The workshop takes place 20-21 June 2019 in Lyon.", ["2019-06-20"]),
        ("Our monthly call is on 5/15 at 10:00 UTC.", ["2019-05-15"]),
        ("Office hours: tomorrow at noon.", ["2019-05-03"]),
        ("The hackathon will be held on Monday, 13 May.", ["2019-05-13"]),
        # The sentence before names the gathering ("it").
        ("The next community meeting is coming up. It is on 16 May.", ["2019-05-16"]),
        # A programme listed under a seminar heading.
        (
            "SEMINAR SERIES\n\nMay 14      First talk title\nMay 21      Second talk title\n",
            ["2019-05-14", "2019-05-21"],
        ),
    ],
)
def test_dates_tied_to_a_gathering(text: str, expected: list[str]) -> None:
    assert days(text, SENT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Gathering words of lists beyond the ones the rules were first written on.
        ("There will be no telecon on May 9.", ["2019-05-09"]),
        ("The WG will hold a virtual interim on 2019-05-21 from 14:00 to 16:00 UTC.", ["2019-05-21"]),
        ("Let's have a community sync call on May 7 at 8am PDT.", ["2019-05-07"]),
        ("Our next editors' call is on 7 May.", ["2019-05-07"]),
        ("We will not meet on Monday, May 13 or Monday, May 20.", ["2019-05-13", "2019-05-20"]),
        ("Our monthly mapping party is on Saturday 11/05 at 2pm at the library.", ["2019-05-11"]),
        ("We're throwing a release party on Friday May 10 at 6pm.", ["2019-05-10"]),
        # A timetable flattened from an HTML table: single spaces between the cells, and a heading
        # row above that ends without punctuation; the run of date-led lines makes them rows.
        (
            "The seminar programme:\n\nDate Speaker Title\nTue 7 May Dr A. Smith On maps\n"
            "Tue 14 May Dr B. Jones On tides\n",
            ["2019-05-07", "2019-05-14"],
        ),
    ],
)
def test_dates_tied_to_a_gathering_in_other_lists_words(text: str, expected: list[str]) -> None:
    assert days(text, SENT) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Releases, deadlines, freezes, birthdays, patches.
        "The 2.10 release is planned for May 20.",
        "Abstracts for the conference are due 31 May 2019.",
        "Submission deadline: June 1, 2019. The workshop date will follow.",
        "Feature freeze is on 15 May, before the next meeting.",
        "Happy birthday to the project on 9 May!",
        "I posted the patch on May 3 for review at the meeting.",
        "Please register by 10 May for the summit.",
        # "We" and "Mar" in names are not dates; month-only dates are not meetings.
        "We will meet again soon; Mark 12 people as attendees.",
        "The conference is in June.",
        # Past events: before the message's date.
        "The meeting on 30 April went well.",
        "We met last Monday and the meeting was useful.",
        # A date with no gathering at all.
        "I will be on holiday until 20 May.",
        # "interim" that is no meeting.
        "Interim results of the survey will be shared on 20 May.",
        "Third party licences must be reviewed by the committee on 20 May.",
        # What closes or ends on a date is a limit, like "by".
        "Early registration for the conference closes on 20 May.",
        "The hotel block for the summit ends May 20.",
        "Action: start a call for consensus on the meeting notes, closing Tuesday 7 May.",
        # A date in parentheses restates the words before it: here a freeze.
        "Add items to the meeting agenda, spec freeze is next Thursday (May 9).",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert days(text, SENT) == []


def test_dates_in_a_pasted_header_block_are_not_meetings() -> None:
    text = (
        "Agreed, see below.\n\n"
        "From: Someone <someone@example.org>\n"
        "Sent: Friday, May 10, 2019 9:00 AM\n"
        "To: the list\n"
        "Subject: meeting notes\n"
    )
    assert days(text, SENT) == []


def test_subject_states_the_date_and_the_body_the_agenda() -> None:
    subject = "[wg] GUI Workgroup - this Wed May 8 at 10AM CST"
    assert days("Agenda: review the new layout.", SENT, subject) == ["2019-05-08"]


def test_a_reply_that_only_agrees_does_not_announce_the_subject_again() -> None:
    subject = "Re: [wg] Workgroup meeting - Wed May 8 at 10AM CST"
    assert days("+1, thanks!", SENT, subject) == []


@pytest.mark.parametrize("pattern", GATHERING_WORDS)
def test_every_gathering_word_of_the_lexicon_passes_the_substring_prefilter(pattern: str) -> None:
    """Any text that a gathering word of the lexicon matches gets past the prefilter (GATHERING_STEMS)
    and is found by GATHERING: a word added to the lexicon without its stem fails here."""

    @settings(max_examples=25, deadline=None, database=None)
    @given(st.from_regex(re.compile(pattern), fullmatch=True))
    def found(word: str) -> None:
        low = word.lower()
        assert any(stem in low for stem in GATHERING_STEMS), f"{word!r} ({pattern}) has no prefilter stem"
        assert gathering_positions(low)[:1] == (0,), f"{word!r} ({pattern}) is not found at its start"

    found()
