"""Composition: which meetings a digest lists, in which order, and what it says about them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.compose import compose_pending, compose_reminder, due_reminders, worth_sending
from bot.digest.model import Change, ChangeKind, Digest, MeetingSnapshot
from bot.meeting import MeetingStatus
from tests.digest.meetings import ANNOUNCED, CONSULTATIONS, MAG, SEED, UTC, ZURICH, at, meeting
from tests.meeting_values import changed


def pending(meetings: tuple[MeetingSnapshot, ...], when: datetime, horizon: int = 90) -> Digest:
    return compose_pending(
        meetings, list_name="mmwg", time_zone="Europe/Zurich", at=when, horizon_days=horizon
    )


def reminder(
    meetings: tuple[MeetingSnapshot, ...], when: datetime, previous: datetime | None = None, horizon: int = 14
) -> Digest:
    return compose_reminder(
        meetings,
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=when,
        horizon_days=horizon,
        previous=previous,
    )


# --- the seed thread ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        at(2006, 11, 23, 12),
        at(2006, 11, 27, 9),
        at(2006, 12, 11, 9),
        at(2006, 12, 20, 9),
        at(2006, 12, 31, 23, 59),
    ],
)
def test_seed_pending_digest_before_the_deadline_lists_both_as_tentative(when: datetime) -> None:
    digest = pending(SEED, when)
    assert [e.meeting.title for e in digest.entries] == ["MAG meeting", "open consultations"]
    assert all(e.meeting.status is MeetingStatus.TENTATIVE for e in digest.entries)
    assert all(e.meeting.confirm_by == date(2006, 12, 31) for e in digest.entries)
    assert not any(e.overdue for e in digest.entries)
    assert digest.subject == "2 meetings await confirmation"


@pytest.mark.parametrize(
    "when", [at(2007, 1, 1, 0, 0), at(2007, 1, 8, 9), at(2007, 2, 5, 9), at(2007, 2, 12, 23)]
)
def test_seed_pending_digest_after_the_deadline_says_overdue(when: datetime) -> None:
    digest = pending(SEED, when)
    assert [e.meeting.title for e in digest.entries] == ["MAG meeting", "open consultations"]
    assert all(e.overdue for e in digest.entries)
    assert digest.subject == "2 meetings await confirmation (2 overdue)"


def test_seed_pending_digest_after_the_confirmation_is_empty() -> None:
    confirmed = tuple(
        changed(m, status=MeetingStatus.CONFIRMED, location="Palais des Nations, Geneva") for m in SEED
    )
    digest = pending(confirmed, at(2006, 12, 25, 9))
    assert digest.empty
    assert digest.subject == "No meetings await confirmation"


@pytest.mark.parametrize("day", range(5, 12))
def test_seed_reminder_digest_in_the_week_before_lists_both(day: int) -> None:
    digest = reminder(SEED, at(2007, 2, day, 8))
    assert [e.meeting.title for e in digest.entries] == ["MAG meeting", "open consultations"]
    assert [e.when.local for e in digest.entries] == ["Mon 12 Feb 2007", "Tue 13 Feb 2007"]
    assert digest.subject == "Meetings in the next 14 days"


@pytest.mark.parametrize(
    ("when", "titles"),
    [
        (at(2007, 1, 22, 8), []),  # 21 days ahead: beyond the horizon
        (at(2007, 1, 28, 23, 59), []),  # 15 and 16 days ahead
        (at(2007, 1, 29, 0, 0), ["MAG meeting"]),  # 14 and 15 days ahead
        (at(2007, 1, 30, 8), ["MAG meeting", "open consultations"]),
        (at(2007, 2, 12, 23, 59), ["MAG meeting", "open consultations"]),  # an all-day meeting lasts its day
        (at(2007, 2, 13, 8), ["open consultations"]),
        (at(2007, 2, 14, 0, 0), []),
    ],
)
def test_reminder_digest_horizon_counts_days_of_the_lists_zone(when: datetime, titles: list[str]) -> None:
    assert [e.meeting.title for e in reminder(SEED, when).entries] == titles


# --- order, zones, marks ------------------------------------------------------------------------


def test_reminder_digest_orders_by_start_and_shows_local_time_with_utc() -> None:
    # 22:00 in New York is 04:00 the next morning in Zurich: the list's zone decides the day shown.
    new_york = datetime(2007, 2, 11, 22, 0, tzinfo=ZoneInfo("America/New_York"))
    early = meeting(
        id=3,
        uid="call@x",
        title="call",
        start=new_york,
        end=new_york + timedelta(hours=1),
        all_day=False,
        time_zone="America/New_York",
    )
    digest = reminder((*SEED, early), at(2007, 2, 5, 8))
    assert [e.meeting.title for e in digest.entries] == ["MAG meeting", "call", "open consultations"]
    call = digest.entries[1]
    assert call.when.local == "Mon 12 Feb 2007, 04:00–05:00 CET"
    assert call.when.utc == "Mon 12 Feb 2007, 03:00–04:00 UTC"
    assert digest.entries[0].when.utc is None


def test_time_in_summer_uses_summer_offset() -> None:
    start = datetime(2007, 6, 4, 14, 30, tzinfo=UTC)
    digest = reminder((meeting(start=start, all_day=False),), at(2007, 6, 1, 8))
    assert digest.entries[0].when.local == "Mon 4 Jun 2007, 16:30 CEST"
    assert digest.entries[0].when.utc == "Mon 4 Jun 2007, 14:30 UTC"


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "GMT"])
def test_a_list_kept_in_utc_shows_no_utc_beside(zone: str) -> None:
    start = datetime(2007, 6, 4, 14, 30, tzinfo=UTC)
    digest = compose_reminder(
        (meeting(start=start, all_day=False),),
        list_name="mmwg",
        time_zone=zone,
        at=at(2007, 6, 1, 8),
        horizon_days=14,
        previous=None,
    )
    assert digest.entries[0].when.local.startswith("Mon 4 Jun 2007, 14:30 ")
    assert digest.entries[0].when.utc is None


PREVIOUS = at(2007, 1, 29, 8)
NOW = at(2007, 2, 5, 8)


@pytest.mark.parametrize(
    ("history", "created", "status", "marks"),
    [
        ((), ANNOUNCED, MeetingStatus.TENTATIVE, ()),
        ((), at(2007, 2, 1), MeetingStatus.TENTATIVE, (ChangeKind.NEW,)),
        (
            ((ChangeKind.CONFIRMED, at(2007, 2, 1)),),
            ANNOUNCED,
            MeetingStatus.CONFIRMED,
            (ChangeKind.CONFIRMED,),
        ),
        # Confirmed before the previous digest: that one said so already.
        (((ChangeKind.CONFIRMED, at(2007, 1, 20)),), ANNOUNCED, MeetingStatus.CONFIRMED, ()),
        (
            ((ChangeKind.MOVED, at(2007, 1, 30)), (ChangeKind.CONFIRMED, at(2007, 2, 2))),
            ANNOUNCED,
            MeetingStatus.CONFIRMED,
            (ChangeKind.CONFIRMED, ChangeKind.MOVED),
        ),
        (((ChangeKind.MOVED, at(2007, 2, 2)),), at(2007, 2, 1), MeetingStatus.TENTATIVE, (ChangeKind.NEW,)),
        (
            ((ChangeKind.CANCELLED, at(2007, 2, 2)),),
            ANNOUNCED,
            MeetingStatus.CANCELLED,
            (ChangeKind.CANCELLED,),
        ),
    ],
)
def test_reminder_digest_marks_changes_since_the_previous_digest(
    history: tuple[tuple[ChangeKind, datetime], ...],
    created: datetime,
    status: MeetingStatus,
    marks: tuple[ChangeKind, ...],
) -> None:
    changes = tuple(Change(kind, when) for kind, when in history)
    item = meeting(created_at=created, changes=changes, status=status)
    (entry,) = reminder((item,), NOW, previous=PREVIOUS).entries
    assert entry.marks == marks


def test_cancelled_meeting_appears_once_after_its_cancellation() -> None:
    cancelled = meeting(
        status=MeetingStatus.CANCELLED, changes=(Change(ChangeKind.CANCELLED, at(2007, 2, 2)),)
    )
    assert len(reminder((cancelled,), NOW, previous=PREVIOUS).entries) == 1
    assert reminder((cancelled,), NOW + timedelta(days=7), previous=NOW).entries == ()
    # The first digest marks nothing, so it does not announce old cancellations either.
    assert reminder((cancelled,), NOW, previous=None).entries == ()


def test_other_lists_meetings_are_left_out() -> None:
    other = meeting(list="other", uid="o@x")
    assert [e.meeting.uid for e in reminder((other, MAG), NOW).entries] == [MAG.uid]
    assert [e.meeting.uid for e in pending((other, MAG), at(2006, 12, 1)).entries] == [MAG.uid]


# --- the pending digest's order -----------------------------------------------------------------


def test_pending_digest_lists_overdue_first_then_by_deadline() -> None:
    when = at(2007, 1, 10, 9)
    later_deadline = meeting(
        id=3, uid="a@x", title="A", start=date(2007, 1, 20), confirm_by=date(2007, 1, 15)
    )
    no_deadline = meeting(id=4, uid="b@x", title="B", start=date(2007, 1, 18), confirm_by=None)
    overdue_late = meeting(id=5, uid="c@x", title="C", start=date(2007, 3, 1), confirm_by=date(2007, 1, 5))
    confirmed = meeting(id=6, uid="d@x", title="D", status=MeetingStatus.CONFIRMED)
    digest = pending((no_deadline, later_deadline, CONSULTATIONS, overdue_late, MAG, confirmed), when)
    assert [e.meeting.title for e in digest.entries] == [
        "MAG meeting",
        "open consultations",
        "C",
        "A",
        "B",
    ]
    assert [e.overdue for e in digest.entries] == [True, True, True, False, False]
    assert digest.subject == "5 meetings await confirmation (3 overdue)"


def test_pending_digest_horizon_marks_near_deadlines_and_hides_nothing() -> None:
    far = meeting(start=date(2007, 9, 1), confirm_by=date(2007, 2, 1))
    farther = meeting(uid="z@x", start=date(2007, 9, 2), confirm_by=date(2007, 8, 1))
    next_year = meeting(uid="y@x", start=date(2008, 6, 2), confirm_by=None)
    digest = pending((next_year, farther, far), at(2007, 1, 10), horizon=30)
    assert [(e.meeting.uid, e.due_soon) for e in digest.entries] == [
        (far.uid, True),
        (farther.uid, False),
        (next_year.uid, False),
    ]


def test_pending_digest_places_a_meeting_without_deadline_by_its_start() -> None:
    soon_without = meeting(uid="s@x", title="S", start=date(2007, 1, 12), confirm_by=None)
    later_deadline = meeting(uid="l@x", title="L", start=date(2007, 1, 11), confirm_by=date(2007, 1, 20))
    digest = pending((later_deadline, soon_without), at(2007, 1, 10), horizon=1)
    assert [(e.meeting.title, e.due_soon) for e in digest.entries] == [("S", False), ("L", False)]
    digest = pending((later_deadline, soon_without), at(2007, 1, 10), horizon=2)
    assert [(e.meeting.title, e.due_soon) for e in digest.entries] == [("S", True), ("L", False)]


def test_pending_digest_leaves_out_meetings_that_are_over() -> None:
    assert pending(SEED, at(2007, 2, 14, 9)).empty


@pytest.mark.parametrize(
    ("empty", "send_empty", "expected"), [(True, False, False), (True, True, True), (False, False, True)]
)
def test_an_empty_digest_is_sent_only_when_asked(empty: bool, send_empty: bool, expected: bool) -> None:
    digest = pending(() if empty else SEED, at(2006, 12, 1))
    assert worth_sending(digest, send_empty) is expected


# --- per-meeting reminders ----------------------------------------------------------------------


TEN_AM = datetime(2007, 2, 12, 10, 0, tzinfo=ZURICH)
TIMED = meeting(start=TEN_AM, all_day=False, time_zone="Europe/Zurich", sequence=2)


@pytest.mark.parametrize(
    ("subject", "when", "offset"),
    [
        (TIMED, TEN_AM - timedelta(days=8), None),
        (TIMED, TEN_AM - timedelta(days=7), "7d"),
        (TIMED, TEN_AM - timedelta(days=2), "7d"),
        (TIMED, TEN_AM - timedelta(days=1), "1d"),
        (TIMED, TEN_AM - timedelta(minutes=1), "1d"),
        (TIMED, TEN_AM, None),  # it has begun
        (MAG, at(2007, 2, 4, 23, 59), None),
        (MAG, at(2007, 2, 5, 0, 0), "7d"),  # an all-day meeting begins at midnight of the list's zone
        (MAG, at(2007, 2, 11, 0, 0), "1d"),
        (changed(TIMED, status=MeetingStatus.CANCELLED), TEN_AM - timedelta(hours=1), None),
    ],
)
def test_due_reminders_give_the_nearest_offset_reached(
    subject: MeetingSnapshot, when: datetime, offset: str | None
) -> None:
    due = due_reminders(
        (subject,), list_name="mmwg", time_zone="Europe/Zurich", at=when, offsets=["7d", "1d"]
    )
    assert [d.offset_text for d in due] == ([offset] if offset else [])
    if due:
        assert (due[0].meeting.uid, due[0].sequence) == (subject.uid, subject.sequence)


def test_reminder_subject_says_when_and_whether_tentative() -> None:
    (due,) = due_reminders(
        (TIMED,), list_name="mmwg", time_zone="Europe/Zurich", at=TEN_AM - timedelta(hours=2), offsets=["1d"]
    )
    assert due.subject == "Reminder: MAG meeting, Mon 12 Feb 2007, 10:00 CET (tentative)"
