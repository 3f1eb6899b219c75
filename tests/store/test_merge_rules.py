"""The merge's rules one by one, each with the case that would break if the rule did: what a new meeting
keeps, which of several meetings a mention lands on, which message's word wins, and the admin's fields.

Inputs are built and outputs read only through the helpers at the top, so that a change of the meeting
types touches them alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.detect.model import Mention
from bot.meeting import MeetingDetails, When
from bot.meeting import MeetingStatus as Status
from bot.store.merge import MeetingChange, MeetingState, MessageFacts, correct, merge, title_similarity
from tests.meeting_values import changed

NOV24 = datetime(2006, 11, 24, 7, 12, tzinfo=UTC)
DEC01 = datetime(2006, 12, 1, 9, 0, tzinfo=UTC)
DEC20 = datetime(2006, 12, 20, 15, 40, tzinfo=UTC)
FEB12 = date(2007, 2, 12)
FEB13 = date(2007, 2, 13)
FEB19 = date(2007, 2, 19)
CET = timezone(timedelta(hours=1))
THREAD = ("<this@x>", "<announce@x>")
ELSEWHERE = ("<elsewhere@x>",)


# --- builders -------------------------------------------------------------------------------------


def mention(title: str, start: date | datetime, **given: object) -> Mention:
    """A direct mention of a tentative all-day (or, with a datetime, Zurich-timed) meeting."""
    zone = "Europe/Zurich" if isinstance(start, datetime) else None
    details = MeetingDetails(title, When(start, None, zone), None, Status.TENTATIVE)
    return changed(Mention(details, quoted=False, confidence=0.9, evidence=""), **given)


def known(
    meeting_id: int, title: str, start: date | datetime, *, stated: datetime = NOV24, **given: object
) -> MeetingState:
    """A stored meeting of the <announce@x> thread whose fields were all stated by a message of ``stated``."""
    state = MeetingState(
        id=meeting_id, uid=f"m{meeting_id}@test",
        details=MeetingDetails(title, When(start), "Geneva", Status.TENTATIVE),
        thread_keys=frozenset({"<announce@x>"}),
        field_dates=dict.fromkeys(["title", "start", "end", "location", "status", "confirm_by"], stated),
    )  # fmt: skip
    return changed(state, **given)


def message(when: datetime, keys: Sequence[str] = THREAD) -> MessageFacts:
    return MessageFacts(when, tuple(keys))


# --- accessors ------------------------------------------------------------------------------------


def only(changes: list[MeetingChange]) -> MeetingChange:
    [change] = changes
    return change


def after(change: MeetingChange) -> MeetingState:
    return change.after


def field(change: MeetingChange, name: str) -> object:
    return change.after.value(name)


def dated(change: MeetingChange, name: str) -> datetime | None:
    """The date of the message the meeting now takes ``name`` from."""
    return change.after.field_dates.get(name)


def identities(changes: list[MeetingChange]) -> list[int | None]:
    """Which meetings the changes are about: their ids, None for a meeting the merge creates."""
    return [change.after.id for change in changes]


def outcome(changes: list[MeetingChange], meeting: MeetingState) -> MeetingState:
    """``meeting`` after the changes: itself when the message changed nothing of it."""
    return next((change.after for change in changes if change.after.id == meeting.id), meeting)


def starts(changes: list[MeetingChange]) -> list[object]:
    return [change.after.when.start for change in changes]


# --- a new meeting --------------------------------------------------------------------------------


def test_a_new_meeting_keeps_everything_the_mention_says() -> None:
    timed = mention(
        "MAG meeting", datetime(2007, 2, 12, 10, tzinfo=CET), end=datetime(2007, 2, 12, 13, tzinfo=CET),
        time_zone="CET", location="Geneva", confirm_by=date(2006, 12, 31), uid="ical-1@example.org",
    )  # fmt: skip
    change = only(merge([timed], [], message(NOV24)))
    assert change.created
    assert change.before is None
    meeting = after(change)
    assert (meeting.id, meeting.uid, meeting.title) == (None, "ical-1@example.org", "MAG meeting")
    assert (meeting.when.start, meeting.when.end) == (timed.when.start, timed.when.end)
    assert (meeting.when.all_day, meeting.when.time_zone) == (False, "CET")
    assert (meeting.location, meeting.status, meeting.confirm_by) == (
        "Geneva",
        Status.TENTATIVE,
        date(2006, 12, 31),
    )
    assert meeting.thread_keys == set(THREAD)
    assert not meeting.quoted_only


def test_a_new_meeting_dates_the_fields_its_message_stated_and_only_those() -> None:
    change = only(merge([mention("MAG meeting", FEB12)], [], message(NOV24)))
    # Whether it has a time and in which zone is stated even when the answer is "none".
    assert dict(after(change).field_dates) == dict.fromkeys(
        ["title", "start", "all_day", "time_zone", "status"], NOV24
    )


def test_an_update_carries_the_meeting_as_it_was() -> None:
    mag = known(1, "MAG meeting", FEB12)
    change = only(merge([mention("MAG meeting", FEB12, status=Status.CONFIRMED)], [mag], message(DEC20)))
    assert not change.created
    assert change.before == mag
    assert field(change, "status") == Status.CONFIRMED


def test_a_correction_carries_the_meeting_as_it_was() -> None:
    mag = known(1, "MAG meeting", FEB12)
    change = correct(mag, {"title": "MAG (2nd)"})
    assert change.before == mag
    assert not change.created


def test_a_correction_names_every_field_that_is_not_one() -> None:
    with pytest.raises(ValueError, match=r"^not fields of a meeting: colour, size$"):
        correct(known(1, "MAG meeting", FEB12), {"size": "large", "colour": "red"})


# --- more than one meeting or mention -------------------------------------------------------------


def test_a_mention_lands_on_the_meeting_whose_title_it_shares_among_those_of_its_day() -> None:
    mag = known(1, "MAG meeting", FEB12)
    consultations = known(2, "open consultations", FEB12)
    changes = merge([mention("open consultations", FEB12, status=Status.CONFIRMED)], [mag, consultations],
                    message(DEC20))  # fmt: skip
    assert identities(changes) == [2]


def test_on_the_same_day_the_meeting_of_the_thread_wins_over_one_as_similar_outside_it() -> None:
    outside = known(1, "MAG board", FEB12, thread_keys=frozenset({"<other@x>"}))
    inside = known(2, "MAG council", FEB12)
    changes = merge([mention("MAG session planning", FEB12, status=Status.CONFIRMED)], [outside, inside],
                    message(DEC20))  # fmt: skip
    assert identities(changes) == [2]


def test_of_two_meetings_as_good_the_first_known_takes_the_mention() -> None:
    first = known(1, "MAG meeting", FEB12)
    twin = known(2, "MAG meeting", FEB12, uid="m2-twin@test")
    changes = merge([mention("MAG meeting", FEB12, status=Status.CONFIRMED)], [first, twin], message(DEC20))
    assert identities(changes) == [1]


def test_a_mention_naming_another_meeting_of_the_thread_moves_that_one() -> None:
    # The thread knows the MAG meeting on the 12th and the consultations on the 19th; "consultations on
    # the 12th" moves the consultations rather than renaming the MAG meeting.
    mag = known(1, "MAG meeting", FEB12)
    consultations = known(2, "open consultations", FEB19)
    changes = merge([mention("open consultations", FEB12)], [mag, consultations], message(DEC20))
    assert identities(changes) == [2]
    assert starts(changes) == [FEB12]


def test_a_move_goes_to_the_meeting_whose_title_matches_best() -> None:
    workshop = known(1, "IGF workshop Geneva", FEB12)
    consultations = known(2, "IGF open consultations", FEB13)
    changes = merge([mention("IGF open consultations Geneva", FEB19)], [workshop, consultations],
                    message(DEC20))  # fmt: skip
    assert identities(changes) == [2]
    assert starts(changes) == [FEB19]


def test_half_the_words_of_the_shorter_title_name_the_same_meeting_on_its_day() -> None:
    board = known(1, "MAG board", FEB12, thread_keys=frozenset({"<other@x>"}))
    changes = merge(
        [mention("MAG council", FEB12, status=Status.CONFIRMED)], [board], message(DEC20, ELSEWHERE)
    )
    assert identities(changes) == [1]


def test_three_words_in_five_are_enough_to_move_a_meeting() -> None:
    forum = known(1, "IGF MAG open forum Paris", FEB12)
    changes = merge([mention("IGF MAG open consultations Geneva", FEB19)], [forum], message(DEC20))
    assert identities(changes) == [1]
    assert starts(changes) == [FEB19]


def test_a_meeting_on_the_day_the_message_is_written_can_still_be_moved() -> None:
    mag = known(1, "MAG meeting", FEB12)
    changes = merge([mention("MAG meeting", FEB19)], [mag], message(datetime(2007, 2, 12, 7, tzinfo=UTC)))
    assert identities(changes) == [1]
    assert starts(changes) == [FEB19]


def test_the_most_confident_of_two_days_moves_the_meeting_and_the_other_is_a_meeting_of_its_own() -> None:
    mag = known(1, "MAG meeting", FEB12)
    doubtful = mention("MAG meeting", FEB13, confidence=0.4)
    sure = mention("MAG meeting", FEB19, confidence=0.95)
    changes = merge([doubtful, sure], [mag], message(DEC20))
    assert list(zip(identities(changes), starts(changes), strict=True)) == [(1, FEB19), (None, FEB13)]


def test_two_days_announced_under_one_title_are_two_meetings() -> None:
    changes = merge([mention("MAG meeting", FEB12), mention("MAG meeting", FEB19)], [], message(NOV24))
    assert list(zip(identities(changes), starts(changes), strict=True)) == [(None, FEB12), (None, FEB19)]


# --- which message's word wins --------------------------------------------------------------------


def test_a_message_dated_as_the_one_that_set_a_field_still_changes_it() -> None:
    mag = known(1, "MAG meeting", FEB12, stated=DEC20)
    change = only(merge([mention("MAG meeting", FEB12, status=Status.CONFIRMED)], [mag], message(DEC20)))
    assert field(change, "status") == Status.CONFIRMED


def test_a_deadline_stated_later_is_not_undone_by_an_older_message() -> None:
    mag = known(1, "MAG meeting", FEB12, field_dates={})
    newer = only(merge([mention("MAG meeting", FEB12, confirm_by=date(2007, 1, 15))], [mag], message(DEC20)))
    assert dated(newer, "confirm_by") == DEC20
    older = merge(
        [mention("MAG meeting", FEB12, confirm_by=date(2006, 12, 31))], [after(newer)], message(DEC01)
    )
    assert outcome(older, after(newer)).confirm_by == date(2007, 1, 15)


def test_an_older_message_does_not_move_the_meeting() -> None:
    mag = known(1, "MAG meeting", FEB12, stated=DEC20)
    change = only(merge([mention("MAG meeting", FEB19)], [mag], message(DEC01)))
    assert field(change, "start") == FEB12
    assert change.changes == ()


def test_a_time_added_from_an_older_message_keeps_the_day_dated_by_the_newer_one() -> None:
    mag = known(1, "MAG meeting", FEB12, stated=DEC20)
    change = only(
        merge([mention("MAG meeting", datetime(2007, 2, 12, 10, tzinfo=CET))], [mag], message(DEC01))
    )
    assert field(change, "all_day") is False
    assert dated(change, "start") == DEC20


def test_a_time_added_by_a_newer_message_dates_the_start_by_it() -> None:
    mag = known(1, "MAG meeting", FEB12)
    change = only(
        merge([mention("MAG meeting", datetime(2007, 2, 12, 10, tzinfo=CET))], [mag], message(DEC20))
    )
    assert dated(change, "start") == DEC20


def test_a_known_time_is_not_changed_by_an_older_message() -> None:
    ten = datetime(2007, 2, 12, 10, tzinfo=CET)
    mag = known(1, "MAG meeting", ten, stated=DEC20, time_zone="Europe/Zurich")
    change = only(
        merge([mention("MAG meeting", datetime(2007, 2, 12, 14, tzinfo=CET))], [mag], message(DEC01))
    )
    assert field(change, "start") == ten


def test_an_end_added_to_a_known_day_is_taken_and_dated() -> None:
    mag = known(1, "MAG meeting", FEB12)
    change = only(merge([mention("MAG meeting", FEB12, end=FEB13)], [mag], message(DEC20)))
    assert field(change, "end") == FEB13
    assert dated(change, "end") == DEC20
    assert [(c.field, c.old, c.new) for c in change.changes] == [("end", None, FEB13)]


def test_an_end_is_taken_from_an_older_message_when_none_is_known() -> None:
    mag = known(1, "MAG meeting", FEB12, stated=DEC20)
    change = only(merge([mention("MAG meeting", FEB12, end=FEB13)], [mag], message(DEC01)))
    assert field(change, "end") == FEB13


def test_a_known_end_is_not_changed_by_an_older_message() -> None:
    mag = known(1, "MAG meeting", FEB12, stated=DEC20, end=FEB13)
    change = only(merge([mention("MAG meeting", FEB12, end=date(2007, 2, 14))], [mag], message(DEC01)))
    assert field(change, "end") == FEB13


def test_a_mention_without_an_end_does_not_erase_the_known_one() -> None:
    mag = known(1, "MAG meeting", FEB12, end=FEB13)
    change = only(merge([mention("MAG meeting", FEB12, status=Status.CONFIRMED)], [mag], message(DEC20)))
    assert field(change, "end") == FEB13


def test_a_move_takes_the_new_end_and_zone() -> None:
    mag = known(1, "MAG meeting", FEB12, end=FEB13)
    new_start = datetime(2007, 2, 19, 10, tzinfo=CET)
    moved = mention("MAG meeting", new_start, end=datetime(2007, 2, 19, 12, tzinfo=CET), time_zone="CET")
    change = only(merge([moved], [mag], message(DEC20)))
    assert (field(change, "start"), field(change, "end")) == (new_start, moved.when.end)
    assert (field(change, "all_day"), field(change, "time_zone")) == (False, "CET")


def test_a_less_precise_place_from_a_newer_message_confirms_the_known_one() -> None:
    mag = known(1, "MAG meeting", FEB12, location="Palais des Nations, Geneva")
    change = only(merge([mention("MAG meeting", FEB12, location="Geneva")], [mag], message(DEC20)))
    assert field(change, "location") == "Palais des Nations, Geneva"
    assert dated(change, "location") == DEC20


# --- the admin's fields ---------------------------------------------------------------------------


def test_a_corrected_day_is_neither_moved_nor_given_a_time() -> None:
    mag = known(1, "MAG meeting", FEB12, corrected=frozenset({"start"}))
    moved = merge([mention("MAG meeting", FEB19)], [mag], message(DEC20))
    timed = merge([mention("MAG meeting", datetime(2007, 2, 12, 10, tzinfo=CET))], [mag], message(DEC20))
    assert (only(moved).changes, only(timed).changes) == ((), ())


def test_a_corrected_end_stays_when_detection_adds_one_or_moves_the_meeting() -> None:
    mag = known(1, "MAG meeting", FEB12, end=FEB13, corrected=frozenset({"end"}))
    same_day = only(merge([mention("MAG meeting", FEB12, end=date(2007, 2, 14))], [mag], message(DEC20)))
    moved = only(merge([mention("MAG meeting", FEB19, end=date(2007, 2, 20))], [mag], message(DEC20)))
    assert (field(same_day, "end"), field(moved, "end")) == (FEB13, FEB13)
    assert field(moved, "start") == FEB19


def test_a_corrected_place_is_not_dated_by_a_message_that_names_part_of_it() -> None:
    mag = known(
        1, "MAG meeting", FEB12, location="Palais des Nations, Geneva", corrected=frozenset({"location"})
    )
    change = only(merge([mention("MAG meeting", FEB12, location="Geneva")], [mag], message(DEC20)))
    assert dated(change, "location") == NOV24


# --- titles ---------------------------------------------------------------------------------------


def test_a_title_without_words_is_like_no_other() -> None:
    assert title_similarity("", "MAG meeting") == 0.0
    assert title_similarity("MAG meeting", "—") == 0.0


@pytest.mark.parametrize(
    ("a", "b", "similarity"),
    [
        ("MAGs", "MAG", 1.0),  # a plural is its singular
        ("ITS", "IT", 0.0),  # three letters ending in s are a word of their own, not a plural
    ],
)
def test_plurals_are_their_singular_but_short_words_stay_whole(a: str, b: str, similarity: float) -> None:
    assert title_similarity(a, b) == similarity
