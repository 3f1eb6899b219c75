"""Composition's rules one by one, each with the case that would break if the rule did: the exact
boundaries (a meeting at its end, a change at the previous digest's time, the horizon's last day),
meetings over several days, times written without a zone, and what a digest says about itself.

Inputs are built and outputs read only through the helpers at the top, so that a change of the meeting
types touches them alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digest.compose import compose_pending, compose_reminder, due_reminders
from bot.digest.model import Change, ChangeKind, Digest, DigestKind, DueReminder, Entry, MeetingSnapshot
from bot.meeting import MeetingDetails, When
from bot.meeting import MeetingStatus as Status

LIST = "mmwg"
ZONE = "Europe/Zurich"
ZURICH = ZoneInfo(ZONE)
CREATED = datetime(2007, 1, 2, 9, 0, tzinfo=ZURICH)


# --- builders -------------------------------------------------------------------------------------


def meeting(
    title: str,
    start: date | datetime,
    end: date | datetime | None = None,
    *,
    status: Status = Status.TENTATIVE,
    confirm_by: date | None = None,
    created: datetime = CREATED,
    changes: Sequence[tuple[ChangeKind, datetime]] = (),
    list_name: str = LIST,
) -> MeetingSnapshot:
    """A stored meeting: all-day when ``start`` is a date, timed in Zurich (or naive) when a datetime."""
    timed = isinstance(start, datetime)
    return MeetingSnapshot(
        id=abs(hash(title)) % 1000, list=list_name, uid=f"{title.replace(' ', '-')}@test", sequence=1,
        details=MeetingDetails(
            title, When(start, end, ZONE if timed else None), "Geneva", status, confirm_by
        ),
        created_at=created, updated_at=created,
        changes=tuple(Change(kind, when) for kind, when in changes),
    )  # fmt: skip


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZURICH)


def naive(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A time as a store without zones would hand it over: in the list's own zone, unsaid."""
    return datetime(year, month, day, hour, minute)


def reminder(
    meetings: Sequence[MeetingSnapshot], when: datetime, previous: datetime | None = None, horizon: int = 14
) -> Digest:
    return compose_reminder(
        meetings, list_name=LIST, time_zone=ZONE, at=when, horizon_days=horizon, previous=previous
    )


def pending(meetings: Sequence[MeetingSnapshot], when: datetime, horizon: int = 30) -> Digest:
    return compose_pending(meetings, list_name=LIST, time_zone=ZONE, at=when, horizon_days=horizon)


def reminders_due(meetings: Sequence[MeetingSnapshot], when: datetime) -> list[DueReminder]:
    return due_reminders(meetings, list_name=LIST, time_zone=ZONE, at=when, offsets=["7d", "1d"])


# --- accessors ------------------------------------------------------------------------------------


def titles(digest: Digest) -> list[str]:
    return [entry.meeting.title for entry in digest.entries]


def entry(digest: Digest) -> Entry:
    [only] = digest.entries
    return only


def local(digest: Digest) -> list[str]:
    return [entry.when.local for entry in digest.entries]


def utc(digest: Digest) -> list[str | None]:
    return [entry.when.utc for entry in digest.entries]


def marks(digest: Digest) -> tuple[ChangeKind, ...]:
    return entry(digest).marks


def due_titles(due: list[DueReminder]) -> list[str]:
    return [reminder.meeting.title for reminder in due]


# --- when a meeting is over -----------------------------------------------------------------------


def test_a_timed_meeting_is_listed_until_its_exact_end() -> None:
    call = meeting("call", at(2007, 2, 12, 10), at(2007, 2, 12, 12))
    assert titles(pending([call], at(2007, 2, 12, 12))) == ["call"]
    assert titles(pending([call], at(2007, 2, 12, 12, 1))) == []


def test_a_timed_meeting_under_way_is_still_listed() -> None:
    call = meeting("call", at(2007, 2, 12, 10), at(2007, 2, 12, 12))
    assert titles(reminder([call], at(2007, 2, 12, 11))) == ["call"]


def test_a_meeting_of_several_days_is_listed_until_its_last_day_ends() -> None:
    summit = meeting("summit", date(2007, 2, 12), date(2007, 2, 14))
    assert titles(pending([summit], at(2007, 2, 14, 23, 59))) == ["summit"]
    assert titles(reminder([summit], at(2007, 2, 13, 8))) == ["summit"]
    assert titles(pending([summit], at(2007, 2, 15))) == []


# --- meetings over several days -------------------------------------------------------------------


def test_a_meeting_of_several_days_is_shown_from_its_first_to_its_last_day() -> None:
    summit = meeting("summit", date(2007, 2, 12), date(2007, 2, 14))
    assert local(reminder([summit], at(2007, 2, 5))) == ["Mon 12 Feb 2007 – Wed 14 Feb 2007"]


def test_a_one_day_meeting_whose_end_is_its_day_is_shown_as_one_day() -> None:
    day = meeting("day", date(2007, 2, 12), date(2007, 2, 12))
    assert local(reminder([day], at(2007, 2, 5))) == ["Mon 12 Feb 2007"]


def test_a_timed_meeting_over_two_days_shows_both_days_and_times() -> None:
    retreat = meeting("retreat", at(2007, 2, 12, 18), at(2007, 2, 13, 16, 30))
    digest = reminder([retreat], at(2007, 2, 5))
    assert local(digest) == ["Mon 12 Feb 2007 18:00 – Tue 13 Feb 2007 16:30 CET"]
    assert utc(digest) == ["Mon 12 Feb 2007 17:00 – Tue 13 Feb 2007 15:30 UTC"]


# --- times without a zone -------------------------------------------------------------------------


def test_a_time_without_a_zone_is_read_in_the_lists_zone() -> None:
    call = meeting("call", naive(2007, 2, 12, 10), naive(2007, 2, 12, 11))
    digest = reminder([call], at(2007, 2, 5))
    assert local(digest) == ["Mon 12 Feb 2007, 10:00–11:00 CET"]
    assert utc(digest) == ["Mon 12 Feb 2007, 09:00–10:00 UTC"]
    assert titles(pending([call], at(2007, 2, 12, 11))) == ["call"]
    assert titles(pending([call], at(2007, 2, 12, 11, 1))) == []


def test_a_late_evening_without_a_zone_falls_on_its_day_of_the_lists_zone() -> None:
    # 23:30 in Zurich: read as any other zone, it would fall on another day.
    late = meeting("late call", naive(2007, 2, 19, 23, 30))
    assert titles(reminder([late], at(2007, 2, 5, 8))) == ["late call"]  # the horizon's last day
    assert [e.due_soon for e in pending([late], at(2007, 2, 5, 8), horizon=14).entries] == [True]


def test_a_reminder_of_a_time_without_a_zone_comes_a_day_before_in_the_lists_zone() -> None:
    call = meeting("call", naive(2007, 2, 12, 10))
    assert [d.offset_text for d in reminders_due([call], at(2007, 2, 11, 9, 59))] == ["7d"]
    assert [d.offset_text for d in reminders_due([call], at(2007, 2, 11, 10))] == ["1d"]


def test_pending_digest_orders_deadlines_in_the_lists_zone() -> None:
    # Both are due on their own day: 23:30 on the 19th comes before 00:30 on the 20th.
    late = meeting("late", naive(2007, 2, 19, 23, 30))
    early = meeting("early", naive(2007, 2, 20, 0, 30))
    assert titles(pending([early, late], at(2007, 2, 5))) == ["late", "early"]


# --- the horizon ----------------------------------------------------------------------------------


def test_the_horizons_last_day_is_in_and_the_next_is_not() -> None:
    last = meeting("last", at(2007, 2, 19, 23, 59))
    beyond = meeting("beyond", at(2007, 2, 20, 0, 0))
    assert titles(reminder([last, beyond], at(2007, 2, 5, 8))) == ["last"]


def test_a_deadline_on_the_horizons_last_day_is_due_soon() -> None:
    on_the_day = meeting("on the day", date(2007, 6, 1), confirm_by=date(2007, 2, 19))
    after = meeting("after", date(2007, 6, 2), confirm_by=date(2007, 2, 20))
    digest = pending([on_the_day, after], at(2007, 2, 5, 8), horizon=14)
    assert [(e.meeting.title, e.due_soon) for e in digest.entries] == [("on the day", True), ("after", False)]


# --- marks: what changed since the previous digest ------------------------------------------------

PREVIOUS = at(2007, 1, 29, 8)
NOW = at(2007, 2, 5, 8)


def test_a_meeting_created_at_the_previous_digests_time_was_in_it_and_is_not_new() -> None:
    assert marks(reminder([meeting("MAG", date(2007, 2, 12), created=PREVIOUS)], NOW, PREVIOUS)) == ()


def test_a_meeting_created_at_the_digests_own_time_is_new() -> None:
    new = meeting("MAG", date(2007, 2, 12), created=NOW)
    assert marks(reminder([new], NOW, PREVIOUS)) == (ChangeKind.NEW,)


def test_a_change_at_the_previous_digests_time_was_told_then() -> None:
    confirmed = meeting("MAG", date(2007, 2, 12), changes=[(ChangeKind.CONFIRMED, PREVIOUS)])
    assert marks(reminder([confirmed], NOW, PREVIOUS)) == ()


def test_a_change_at_the_digests_own_time_is_told() -> None:
    confirmed = meeting("MAG", date(2007, 2, 12), changes=[(ChangeKind.CONFIRMED, NOW)])
    assert marks(reminder([confirmed], NOW, PREVIOUS)) == (ChangeKind.CONFIRMED,)


# --- what the digests list ------------------------------------------------------------------------


def test_meetings_left_out_before_others_hide_none_of_them() -> None:
    other_list = meeting("other list's", date(2007, 2, 6), list_name="other")
    past = meeting("past", at(2007, 2, 5, 6), at(2007, 2, 5, 7))
    ours = meeting("ours", date(2007, 2, 12))
    assert titles(reminder([ours, past, other_list], NOW)) == ["ours"]
    assert due_titles(reminders_due([ours, other_list], at(2007, 2, 11, 8))) == ["ours"]
    cancelled = meeting("cancelled", date(2007, 2, 10), status=Status.CANCELLED)
    assert due_titles(reminders_due([ours, cancelled], at(2007, 2, 9, 8))) == ["ours"]


def test_a_reminder_digest_says_what_it_is() -> None:
    digest = reminder([meeting("MAG", date(2007, 2, 12))], NOW, horizon=10)
    assert (digest.kind, digest.list_name, digest.time_zone, digest.at, digest.horizon_days) == (
        DigestKind.REMINDER, LIST, ZONE, NOW, 10,
    )  # fmt: skip


def test_a_pending_digest_says_what_it_is_and_when_each_meeting_is() -> None:
    digest = pending([meeting("MAG", date(2007, 2, 12))], NOW, horizon=10)
    assert (digest.kind, digest.list_name, digest.time_zone, digest.at, digest.horizon_days) == (
        DigestKind.PENDING, LIST, ZONE, NOW, 10,
    )  # fmt: skip
    assert local(digest) == ["Mon 12 Feb 2007"]


def test_a_single_meeting_awaiting_confirmation_is_counted_in_the_singular() -> None:
    assert pending([meeting("MAG", date(2007, 2, 12))], NOW).subject == "1 meeting awaits confirmation"


# --- per-meeting reminders ------------------------------------------------------------------------


def test_reminders_due_at_once_come_in_the_order_of_their_meetings() -> None:
    later = meeting("later", at(2007, 2, 12, 15))
    sooner = meeting("sooner", at(2007, 2, 12, 9))
    assert due_titles(reminders_due([later, sooner], at(2007, 2, 11, 16))) == ["sooner", "later"]


def test_a_due_reminder_carries_its_offset_and_when_the_meeting_is() -> None:
    [due] = reminders_due([meeting("MAG", at(2007, 2, 12, 10))], at(2007, 2, 11, 12))
    assert (due.offset, due.offset_text) == (timedelta(days=1), "1d")
    assert due.when.local == "Mon 12 Feb 2007, 10:00 CET"
