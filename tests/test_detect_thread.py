"""Detection of a reply read against the meetings of its thread: moves, time corrections, "same time
next week", dateless cancellations, and replies to our own digests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.detect import DetectOptions, Mention, ThreadContext, ThreadMeeting, detect
from bot.detect.decision import shipped as shipped_model
from bot.mail import parse
from bot.meeting import MeetingDetails, MeetingStatus, When

ZURICH = ZoneInfo("Europe/Zurich")
OPTIONS = DetectOptions(time_zone="Europe/Zurich")
# The thread's meeting: a review call on Thursday 5 March 2026 at 16:00 in Zurich, one hour long.
REVIEW = ThreadMeeting(
    uid="review@test",
    id=7,
    details=MeetingDetails(
        title="Design review call",
        when=When(
            datetime(2026, 3, 5, 16, tzinfo=ZURICH), datetime(2026, 3, 5, 17, tzinfo=ZURICH), "Europe/Zurich"
        ),
        location="Room 4",
        status=MeetingStatus.CONFIRMED,
    ),
)
THREAD = ThreadContext(meetings=(REVIEW,))


def reply(
    body: str, subject: str = "Re: Design review", date_header: str = "Mon, 2 Mar 2026 09:00:00 +0100"
) -> bytes:
    return (
        f"From: Someone <someone@example.org>\nTo: wg@lists.test\nSubject: {subject}\n"
        f"Date: {date_header}\nMessage-ID: <r@example.org>\nIn-Reply-To: <a@example.org>\n\n{body}\n"
    ).encode()


def read(body: str, thread: ThreadContext = THREAD, **headers: str) -> list[Mention]:
    return detect(parse(reply(body, **headers)), OPTIONS, None, thread)


def summary(mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(m.when.start_iso, m.status.value, m.uid) for m in mentions]


def test_a_move_to_a_day_calls_off_the_thread_meeting_and_carries_its_time_title_and_place() -> None:
    found = read("Sorry everyone, the call has been moved to the 9th.")
    assert summary(found) == [
        ("2026-03-05T16:00:00+01:00", "cancelled", "review@test"),
        ("2026-03-09T16:00:00+01:00", "confirmed", None),
    ]
    new = found[1]
    assert (new.title, new.location, new.when.end_iso, new.distinct) == (
        "Design review call",
        "Room 4",
        "2026-03-09T17:00:00+01:00",
        True,
    )


def test_a_move_to_a_bare_weekday_goes_to_the_next_one() -> None:
    found = read("We have postponed it to Friday, same room.")
    assert summary(found) == [
        ("2026-03-05T16:00:00+01:00", "cancelled", "review@test"),
        ("2026-03-06T16:00:00+01:00", "confirmed", None),
    ]


def test_a_move_whose_subject_names_the_old_day_is_not_cancelled_twice() -> None:
    found = read("The call is moved to 12 March.", subject="Re: Design review call on 5 March")
    assert summary(found) == [
        ("2026-03-05T16:00:00+01:00", "cancelled", "review@test"),
        ("2026-03-12T16:00:00+01:00", "confirmed", None),
    ]


def test_a_day_given_with_instead_is_a_move_too() -> None:
    found = read("Most of us are away that week; let's hold the review call on Monday 16 March instead.")
    assert summary(found) == [
        ("2026-03-05T16:00:00+01:00", "cancelled", "review@test"),
        ("2026-03-16T16:00:00+01:00", "confirmed", None),
    ]


def test_another_date_in_a_reply_is_a_meeting_beside_the_thread_meeting() -> None:
    found = read("We will also hold a follow-up call on Thursday 12 March.")
    assert [(m.when.start_iso, m.status.value, m.uid, m.distinct) for m in found] == [
        ("2026-03-12", "confirmed", None, True)
    ]


def test_a_reply_saying_the_cancelled_meeting_happens_after_all_confirms_it() -> None:
    called_off = ThreadMeeting(REVIEW.uid, REVIEW.id, replace(REVIEW.details, status=MeetingStatus.CANCELLED))
    found = read(
        "Good news: the review call on 5 March will take place after all.", ThreadContext((called_off,))
    )
    assert summary(found) == [("2026-03-05T16:00:00+01:00", "confirmed", "review@test")]
    quiet = read("I will join the review call on 5 March.", ThreadContext((called_off,)))
    assert summary(quiet) == [("2026-03-05T16:00:00+01:00", "cancelled", "review@test")]
    asked = read("Can someone confirm the review call on 5 March?", ThreadContext((called_off,)))
    assert [m.status.value for m in asked] == ["cancelled"]


def test_a_correction_of_a_bare_hour_keeps_the_day_and_the_side_of_noon() -> None:
    found = read("Correction: it starts at 3, not 4. Apologies for the confusion.")
    assert summary(found) == [("2026-03-05T15:00:00+01:00", "confirmed", "review@test")]
    assert found[0].when.end_iso == "2026-03-05T16:00:00+01:00"


def test_a_corrected_time_with_a_zone_is_read_in_that_zone() -> None:
    found = read("To be clear: the call is at 14:30 UTC, not 15:00.")
    assert [m.when.start for m in found] == [datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("UTC"))]
    assert found[0].uid == "review@test"


def test_a_number_that_is_no_time_corrects_nothing() -> None:
    assert read("We are at 2, not 3 reviewers so far.") == []


def test_same_time_next_week_is_a_new_meeting_a_week_after_the_thread_meeting() -> None:
    found = read(
        "Good discussion today, thanks. Same time next week.", date_header="Thu, 5 Mar 2026 17:10:00 +0100"
    )
    assert summary(found) == [("2026-03-12T16:00:00+01:00", "confirmed", None)]
    assert (found[0].title, found[0].distinct) == ("Design review call", True)


def test_same_time_next_week_asked_is_tentative() -> None:
    found = read("I can't join this one. Same time next week?")
    assert summary(found) == [("2026-03-12T16:00:00+01:00", "tentative", None)]


def test_a_dateless_cancellation_in_a_reply_calls_off_the_thread_meeting() -> None:
    assert summary(read("Unfortunately we have to skip it this time.")) == [
        ("2026-03-05T16:00:00+01:00", "cancelled", "review@test")
    ]


def test_a_cancellation_put_as_a_question_or_a_condition_is_tentative() -> None:
    assert summary(read("Should we call it off, given the holidays?")) == [
        ("2026-03-05T16:00:00+01:00", "tentative", "review@test")
    ]
    assert summary(read("It is cancelled unless someone volunteers to chair.")) == [
        ("2026-03-05T16:00:00+01:00", "tentative", "review@test")
    ]


def test_the_author_skipping_it_cancels_nothing() -> None:
    assert read("I will have to skip it, travelling that week.") == []


def test_a_reply_naming_the_day_is_the_thread_meeting_as_it_stands() -> None:
    found = read("I'll join the review call on Thursday 5 March.")
    assert summary(found) == [("2026-03-05T16:00:00+01:00", "confirmed", "review@test")]
    assert (found[0].title, found[0].location) == ("Design review call", "Room 4")


def test_a_thread_with_two_meetings_ahead_is_not_guessed_at() -> None:
    later = MeetingDetails("Design review call", When(date(2026, 3, 19)), None, MeetingStatus.CONFIRMED)
    second = ThreadMeeting("other@test", 8, later)
    assert read("Cancelled, sorry.", ThreadContext(meetings=(REVIEW, second))) == []


def test_without_a_thread_a_dateless_reply_announces_nothing() -> None:
    assert read("Sorry everyone, the call has been moved to the 9th.", ThreadContext()) == [
        m
        for m in read("Sorry everyone, the call has been moved to the 9th.", ThreadContext())
        if m.uid is None
    ]
    assert read("Unfortunately we have to skip it this time.", ThreadContext()) == []


DIGEST_REPLY = (
    "I will attend the review call on Thursday 5 March.\n\n"
    "On Mon, 2 Mar 2026, listminder wrote:\n"
    "> Meetings in the next 14 days\n>\n> * Design review call\n>   When:   Thu 5 Mar 2026, 16:00 CET\n"
    ">   Where:  Room 4\n>   Status: confirmed\n>\n> * Budget workshop\n>   When:   Tue 10 Mar 2026\n"
)


def test_a_reply_to_a_digest_reads_neither_the_digest_quoted_nor_its_subject() -> None:
    digest = ThreadContext(
        meetings=(REVIEW,),
        answers_digest=True,
        digest_topics=("Reminder: Design review call, Thu 5 Mar 2026, 16:00 CET",),
    )
    subject = "Re: [wg] Reminder: Design review call, Thu 5 Mar 2026, 16:00 CET"
    # "I will attend" mentions the meeting in passing (not listed, by the labelling conventions): no
    # copy of it, and nothing from the digest's other meeting.
    assert read(DIGEST_REPLY, digest, subject=subject) == []


DIGEST = ThreadContext(meetings=(REVIEW,), answers_digest=True)


def answering_digest(said: str) -> list[Mention]:
    return read(DIGEST_REPLY.replace(DIGEST_REPLY.split("\n")[0], said), DIGEST)


@pytest.mark.parametrize(
    ("as_it_stands", "changed", "expected"),
    [
        (
            "I'll join the review call on Thursday 5 March.",
            "The review call on Thursday 5 March is cancelled, sorry.",
            ("2026-03-05T16:00:00+01:00", "cancelled", "review@test"),
        ),
        (
            "See you all at the review call on Thursday 5 March at 16:00.",
            "Correction: the review call starts at 17:00, not 16:00.",
            ("2026-03-05T17:00:00+01:00", "confirmed", "review@test"),
        ),
        (
            "Thanks! The review call on Thursday 5 March is in Room 4 as usual.",
            "Should we call it off, given the holidays?",
            ("2026-03-05T16:00:00+01:00", "tentative", "review@test"),
        ),
    ],
)
def test_a_reply_to_a_digest_naming_its_meeting_changes_it_or_adds_nothing(
    as_it_stands: str, changed: str, expected: tuple[str, str, str | None]
) -> None:
    # Our digest announced the meeting: a reply naming it as it stands only answers the digest.
    assert answering_digest(as_it_stands) == []
    assert summary(answering_digest(changed)) == [expected]


def test_a_reply_to_a_digest_that_changed_the_subject_keeps_its_own_subject() -> None:
    digest = ThreadContext(answers_digest=True, digest_topics=("Meetings in the next 14 days",))
    found = read("Please add the workshop too.", digest, subject="Re: Budget workshop on 17 March")
    assert [m.when.start_iso for m in found if not m.quoted] == ["2026-03-17"]


def test_a_reply_naming_its_thread_meetings_day_speaks_of_it_whatever_the_model_says() -> None:
    # A decision that keeps nothing: the thread's own meeting day, tied to the call by the rules, is
    # still read, as the thread step decides what the reply says of it; another day is not.
    shipped = shipped_model()
    keeps_nothing = replace(shipped, bias=-100.0, weights={})
    options = replace(OPTIONS, model=keeps_nothing)
    body = "Can someone confirm the review call on 5 March? The other call on 12 March is fine."
    found = detect(parse(reply(body)), options, None, THREAD)
    assert summary(found) == [("2026-03-05T16:00:00+01:00", "confirmed", "review@test")]
    assert detect(parse(reply(body)), options) == []
