"""English list mail in styles the shared corpus has little of: programmes whose days are named by
weekday alone, rhythms ("every other Tuesday"), automatic replies, cancellations written "is off" or
"no rehearsal", moves in the present tense, and the word families the learned decision weighs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bot.detect import DetectOptions, detect
from bot.detect.dates import find_dates
from bot.detect.pipeline import Candidate, read_text
from bot.detect.status import status_in_sentence
from bot.meeting import MeetingStatus
from tests.detect.helpers import RULES, days, found, mail


def _days_read(text: str, sent: str, subject: str = "") -> list[str]:
    """Every day the rules read as a candidate of the own text, kept or not."""
    reference = datetime.fromisoformat(sent)
    reading = read_text(text, reference, "MDY", topic=subject, subject_has_gathering=True)
    return sorted({c.day.isoformat() for c in reading.candidates})


def _candidates(text: str, sent: str, subject: str = "") -> list[Candidate]:
    reference = datetime.fromisoformat(sent)
    return read_text(text, reference, "MDY", topic=subject, subject_has_gathering=True).candidates


def test_a_weekday_alone_in_a_programme_is_the_programmes_day() -> None:
    # Sent Tuesday 3 April 2018: "Saturday" alone would be the 7th, but the workshop is the 21st-22nd.
    text = (
        "Workshop weekend with Clare, 21-22 April.\n\nSaturday: 10am - 4pm (bring lunch)\nSunday: 2pm - 5pm\n"
    )
    assert _days_read(text, "2018-04-03T10:00:00+00:00") == ["2018-04-21", "2018-04-22"]


def test_a_weekday_alone_takes_the_day_the_subject_names_unless_a_date_names_the_coming_one() -> None:
    text = "Thursday, 14:00-18:00 UTC, on IRC. Bring your bugs."
    subject = "io_uring bug bash, Thursday Oct 17"
    assert _days_read(text, "2024-10-09T11:40:00+00:00", subject) == ["2024-10-17"]
    # Not when a date names the coming one too: the strike is this Friday (the 14th), which the
    # text also names as the day moved away from.
    text = (
        "Because of the strike on Friday, the colloquium has been moved from Friday 14 March to "
        "Friday 21 March."
    )
    assert _days_read(text, "2025-03-11T11:00:00+00:00") == ["2025-03-14", "2025-03-21"]
    # "Thursday's call" is this week's; the 21st, a Thursday too, is only named after it.
    text = "We're skipping Thursday's call; the next call is on the 21st at the usual time."
    assert _days_read(text, "2025-08-04T12:30:00+00:00") == ["2025-08-07", "2025-08-21"]


def test_every_other_weekday_is_a_rhythm_not_a_day() -> None:
    assert find_dates("Maintainer office hours, every other Tuesday", date(2024, 8, 26)) == []
    assert find_dates("We meet on alternate Mondays.", date(2024, 8, 26)) == []


def test_an_automatic_reply_announces_nothing() -> None:
    text = "I am out of the office until Monday, March 17. About the meetup on March 13, ask Dana."
    subject = "Automatic reply: Lightning Talks Night - Thursday, March 13"
    assert days(text, "2025-03-04T08:01:00-05:00", subject) == []
    marked = replace(mail("See you at the meetup on Thursday, March 13.", "2025-03-04T08:01:00-05:00"),
                     auto_submitted="auto-replied")  # fmt: skip
    assert detect(marked, DetectOptions()) == []
    # A list's calendar reminder is generated, not a reply: it still announces.
    generated = replace(marked, auto_submitted="auto-generated")
    assert [m.when.first_day for m in detect(generated, DetectOptions())] == [date(2025, 3, 13)]


def test_cancellations_written_off_no_longer_and_no_with_the_gathering() -> None:
    cancelled = MeetingStatus.CANCELLED
    assert status_in_sentence("Saturday's ride (18 January) is off: the lanes are solid ice.", 0) is cancelled
    assert status_in_sentence("Sorry, the quiz on Friday 20 June is off.", 20) is cancelled
    assert status_in_sentence("The social will no longer be on Friday 15 December.", 30) is cancelled
    assert status_in_sentence("No rehearsal next Tuesday (6 June)", 20) is cancelled
    assert status_in_sentence("there will be no monthly sync call on August 13", 38) is cancelled
    assert status_in_sentence("The kick-off is on Monday 5 May.", 19) is None
    assert status_in_sentence("This is off-topic, but the call on 5 May is at 10.", 30) is None
    assert status_in_sentence("There is no need to call in on Monday 5 May.", 32) is None


def test_a_move_in_the_present_tense_calls_off_the_day_it_leaves() -> None:
    sentence = "the TSC meeting of Wednesday 6 November moves to Thursday 7 November"
    assert status_in_sentence(sentence, sentence.index("6 Nov")) is MeetingStatus.CANCELLED
    assert status_in_sentence(sentence, sentence.index("7 Nov")) is MeetingStatus.CONFIRMED
    sentence = "Meetup #41 is moving from Wed 10/9 to Thu 10/10"
    assert status_in_sentence(sentence, sentence.index("10/9")) is MeetingStatus.CANCELLED
    assert status_in_sentence(sentence, sentence.index("10/10")) is MeetingStatus.CONFIRMED
    statuses = {
        m.when.first_day.isoformat(): m.status.value
        for m in found("Because several of us travel, the TSC meeting of Wednesday 6 November moves to "
                       "Thursday 7 November, same time.", "2024-10-30T16:00:00+01:00", options=RULES)
    }  # fmt: skip
    assert statuses == {"2024-11-06": "cancelled", "2024-11-07": "confirmed"}


def test_word_families_are_one_signal_each_for_the_learned_decision() -> None:
    [rehearsal] = _candidates("Extra rehearsal on Saturday 9 February, 10am.", "2019-01-14T19:05:00+00:00")
    assert "tie:activity_clause" in rehearsal.features
    [outage] = _candidates(
        "The database failover is on Tuesday 3 June.",
        "2025-05-27T14:00:00+00:00",
        "Scheduled maintenance: database failover Tuesday 3 June",
    )
    assert {"neg:not_occasion_clause", "neg:not_occasion_subject"} <= set(outage.features)


def test_a_weekday_alone_in_the_past_tense_is_marked() -> None:
    [tuesday] = _candidates(
        "Thanks to the chairs for a productive session on Tuesday.", "2022-03-24T10:10:00+00:00"
    )
    assert "neg:past_weekday" in tuesday.features
    [coming] = _candidates("The session is on Tuesday at 10:00.", "2022-03-24T10:10:00+00:00")
    assert "neg:past_weekday" not in coming.features


def test_two_whole_dates_joined_by_or_are_alternatives() -> None:
    hits = find_dates("Star party: Thursday 17 April or Tuesday 22 April, from 7pm", date(2025, 4, 7))
    assert [(h.day.isoformat(), h.alternative) for h in hits] == [("2025-04-17", True), ("2025-04-22", True)]
    hits = find_dates("We meet on 3 May and on 10 May.", date(2025, 4, 7))
    assert [h.alternative for h in hits] == [False, False]
    # Weekdays alone are no dates offered: "Friday or Saturday?" asks which day of the week.
    assert [h.alternative for h in find_dates("Banquet: Friday or Saturday?", date(2025, 4, 7))] == [
        False,
        False,
    ]


def test_a_poll_list_under_its_heading_is_tentative_past_a_blank_line() -> None:
    text = (
        "Before we meet we need a short teleconference. Please indicate your availability for the "
        "following options:\n\n - Monday 28 May, 14:00 CEST\n - Wednesday 30 May, 14:00 CEST\n"
    )
    statuses = [
        m.status.value for m in found(text, "2018-05-14T16:12:00+02:00", "Date poll: MC teleconference")
    ]
    assert statuses == ["tentative", "tentative"]
    text = "We'd like to hold another virtual interim. Candidate slots:\n\n * Tue 7 June 14:00 UTC\n"
    assert [m.status.value for m in found(text, "2022-05-16T12:00:00+00:00", "Next interim")] == ["tentative"]
