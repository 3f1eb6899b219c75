"""The merge of mentions into known meetings, on values built here: no store, no parser, no detector."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.detect.model import Mention
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store.merge import (
    FIELDS,
    FieldChange,
    MeetingState,
    MessageFacts,
    correct,
    merge,
    title_similarity,
)
from tests.meeting_values import changed

NOV23 = datetime(2006, 11, 23, 10, 5, tzinfo=UTC)
NOV24 = datetime(2006, 11, 24, 7, 12, tzinfo=UTC)
DEC20 = datetime(2006, 12, 20, 15, 40, tzinfo=UTC)
FEB12 = date(2007, 2, 12)
FEB13 = date(2007, 2, 13)
CET = timezone(timedelta(hours=1))
PALAIS = "Palais des Nations, Geneva"


def mention(title: str, start: date | datetime, **given: object) -> Mention:
    zone = "Europe/Zurich" if isinstance(start, datetime) else None
    details = MeetingDetails(title, When(start, None, zone), location=None, status=MeetingStatus.TENTATIVE)
    return changed(Mention(details, quoted=False, confidence=0.9, evidence=""), **given)


def known(meeting_id: int, title: str, start: date | datetime, **given: object) -> MeetingState:
    state = MeetingState(
        id=meeting_id, uid=f"m{meeting_id}@test",
        details=MeetingDetails(title, When(start), location="Geneva", status=MeetingStatus.TENTATIVE),
        thread_keys=frozenset({"<announce@x>"}),
        field_dates=dict.fromkeys(["title", "start", "location", "status"], NOV23),
    )  # fmt: skip
    return changed(state, **given)


def facts(when: datetime, *keys: str, thread_read: bool = False) -> MessageFacts:
    return MessageFacts(when, keys or ("<other@x>",), thread_read)


MAG = known(1, "MAG meeting", FEB12)
CONSULT = known(2, "open consultations", FEB13)
IN_THREAD = ("<confirm@x>", "<announce@x>")


# (case, mentions, known meetings, facts) -> ([(meeting id or None for a new one, {field: new value}), ...])
CASES = [
    (
        "a first announcement creates the meeting",
        [mention("MAG meeting", FEB12, location="Geneva")],
        [],
        facts(NOV23, "<announce@x>"),
        [(None, {"title": "MAG meeting", "start": FEB12, "status": MeetingStatus.TENTATIVE,
                 "quoted_only": False})],
    ),
    (
        "same thread, same day, another naming: confirmed and placed",
        [mention("stock taking", FEB12, status=MeetingStatus.CONFIRMED, location=PALAIS)],
        [MAG, CONSULT],
        facts(DEC20, *IN_THREAD),
        [(1, {"status": MeetingStatus.CONFIRMED, "location": "Palais des Nations, Geneva",
              "title": "stock taking"})],
    ),
    (
        "similar title on the same day, outside the thread, is the same meeting",
        [mention("MAG meetings", FEB12, status=MeetingStatus.CONFIRMED)],
        [MAG],
        facts(DEC20),
        [(1, {"status": MeetingStatus.CONFIRMED, "title": "MAG meetings"})],
    ),
    (
        "another title on the same day, outside the thread, is another meeting",
        [mention("ICANN board call", FEB12)],
        [MAG],
        facts(DEC20),
        [(None, {"title": "ICANN board call"})],
    ),
    (
        "two days of one thread stay two meetings",
        [mention("MAG meeting", FEB12, status=MeetingStatus.CONFIRMED), mention("open consultations", FEB13,
                                                                          status=MeetingStatus.CONFIRMED)],
        [MAG, CONSULT],
        facts(DEC20, *IN_THREAD),
        [(1, {"status": MeetingStatus.CONFIRMED}), (2, {"status": MeetingStatus.CONFIRMED})],
    ),
    (
        "a later message in the thread moves the meeting; the old day is in the change",
        [mention("MAG meeting", date(2007, 2, 19))],
        [MAG],
        facts(DEC20, *IN_THREAD),
        [(1, {"start": date(2007, 2, 19)})],
    ),
    (
        "a meeting already past is not moved: the next one of that name is new",
        [mention("MAG meeting", date(2007, 5, 22))],
        [MAG],
        facts(datetime(2007, 3, 1, tzinfo=UTC), "<may@x>", "<announce@x>"),
        [(None, {"start": date(2007, 5, 22)})],
    ),
    (
        "an older message that arrives late does not override newer fields",
        [mention("MAG meeting", FEB12, location="Geneva", status=MeetingStatus.TENTATIVE,
                 confirm_by=date(2006, 12, 31))],
        [changed(MAG, status=MeetingStatus.CONFIRMED, location="Palais des Nations, Geneva",
                 field_dates=dict.fromkeys(["title", "start", "location", "status"], DEC20))],
        facts(NOV23, "<announce@x>"),
        [(1, {"confirm_by": date(2006, 12, 31)})],
    ),
    (
        "a cancellation",
        [mention("MAG meeting", FEB12, status=MeetingStatus.CANCELLED)],
        [MAG],
        facts(DEC20, *IN_THREAD),
        [(1, {"status": MeetingStatus.CANCELLED})],
    ),
    (
        "a time added to a known day, even from an older message",
        [mention("MAG meeting", datetime(2007, 2, 12, 10, 0, tzinfo=CET))],
        [replace(MAG, field_dates={"start": DEC20})],
        facts(NOV23, "<announce@x>"),
        [(1, {"start": datetime(2007, 2, 12, 10, 0, tzinfo=CET), "all_day": False,
              "time_zone": "Europe/Zurich"})],
    ),
    (
        "an admin's corrected status stays",
        [mention("MAG meeting", FEB12, status=MeetingStatus.CONFIRMED, location=PALAIS)],
        [changed(MAG, status=MeetingStatus.CANCELLED, corrected=frozenset({"status"}))],
        facts(DEC20, *IN_THREAD),
        [(1, {"location": "Palais des Nations, Geneva"})],
    ),
    (
        "a calendar UID names its meeting whatever the day",
        [mention("MAG", date(2007, 3, 5), uid="m1@test")],
        [MAG],
        facts(DEC20),
        [(1, {"start": date(2007, 3, 5), "title": "MAG"})],
    ),
    (
        "a quoted announcement read alone creates the meeting, marked as quoted",
        [mention("MAG meeting", FEB12, quoted=True)],
        [],
        facts(NOV24, "<reply@x>", "<announce@x>"),
        [(None, {"quoted_only": True, "field_dates": {}})],
    ),
    (
        "a direct mention turns a meeting read from a quote into an announced one",
        [mention("MAG meeting", FEB12, location="Geneva")],
        [changed(MAG, quoted_only=True, field_dates={}, location=None,
                 thread_keys=frozenset({"<reply@x>", "<announce@x>"}))],
        facts(NOV23, "<announce@x>"),
        [(1, {"quoted_only": False, "location": "Geneva"})],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mentions", "meetings", "message", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_merge(
    mentions: list[Mention],
    meetings: list[MeetingState],
    message: MessageFacts,
    expected: list[tuple[int | None, dict[str, object]]],
) -> None:
    changes = merge(mentions, meetings, message)
    assert [c.after.id for c in changes] == [meeting_id for meeting_id, _ in expected]
    for change, (_, values) in zip(changes, expected, strict=True):
        for name, value in values.items():
            got = change.after.value(name) if name in FIELDS else getattr(change.after, name)
            assert got == value, name
        if change.before is not None:
            assert {item.field for item in change.changes} == {name for name in values if name in FIELDS}


def test_a_move_records_the_old_day() -> None:
    [change] = merge([mention("MAG meeting", date(2007, 2, 19))], [MAG], facts(DEC20, *IN_THREAD))
    assert FieldChange("start", FEB12, date(2007, 2, 19)) in change.changes


def test_a_meeting_keeps_the_sentence_of_the_mention_that_made_or_last_changed_it() -> None:
    said = "The MAG will tentatively meet on 12 February."
    [created] = merge([mention("MAG meeting", FEB12, evidence=said)], [], facts(NOV23, "<announce@x>"))
    assert created.after.evidence == said
    known_mag = replace(MAG, evidence=said)
    moved = mention("MAG meeting", date(2007, 2, 19), evidence="The MAG meeting moves to 19 February.")
    [change] = merge([moved], [known_mag], facts(DEC20, *IN_THREAD))
    assert change.after.evidence == "The MAG meeting moves to 19 February."
    sure = mention(
        "MAG meeting", FEB12, status=MeetingStatus.CONFIRMED, evidence="The MAG meeting is confirmed."
    )
    [change] = merge([sure], [known_mag], facts(DEC20, *IN_THREAD))
    assert change.after.evidence == "The MAG meeting is confirmed."
    # Said again without a change, or only quoted: the sentence stays the one that set the meeting.
    again = mention("MAG meeting", FEB12, location="Geneva", evidence="Remember the MAG meeting on the 12th.")
    quoted = mention(
        "MAG meeting", FEB12, quoted=True, status=MeetingStatus.CONFIRMED, evidence="> confirmed"
    )
    for restated in (again, quoted):
        [change] = merge([restated], [known_mag], facts(DEC20, "<again@x>", "<announce@x>"))
        assert (change.changes, change.after.evidence) == ((), said)


def test_a_quote_of_a_known_meeting_changes_nothing_but_its_thread() -> None:
    quoted = mention("MAG meeting", FEB12, quoted=True, status=MeetingStatus.CONFIRMED, location="elsewhere")
    [change] = merge([quoted], [MAG], facts(NOV24, "<reply@x>", "<announce@x>"))
    assert change.changes == ()
    assert change.after.thread_keys == {"<reply@x>", "<announce@x>"}
    assert (change.after.status, change.after.location) == (MeetingStatus.TENTATIVE, "Geneva")


def test_a_quote_in_a_thread_already_read_creates_nothing() -> None:
    quoted = mention("Unheard-of workshop", date(2007, 4, 2), quoted=True)
    assert merge([quoted], [], facts(NOV24, "<reply@x>", "<announce@x>", thread_read=True)) == []


def test_a_bare_date_never_erases_a_known_time() -> None:
    timed = changed(
        MAG, start=datetime(2007, 2, 12, 10, 0, tzinfo=CET), all_day=False, time_zone="Europe/Zurich"
    )
    assert merge([mention("MAG meeting", FEB12)], [timed], facts(DEC20, *IN_THREAD))[0].changes == ()


def test_a_less_precise_place_does_not_replace_the_known_one() -> None:
    placed = changed(MAG, location="Palais des Nations, Geneva")
    [change] = merge([mention("MAG meeting", FEB12, location="geneva")], [placed], facts(DEC20, *IN_THREAD))
    assert change.after.location == "Palais des Nations, Geneva"
    assert change.changes == ()


def test_an_admin_correction_is_marked_and_listed() -> None:
    change = correct(MAG, {"status": MeetingStatus.CONFIRMED, "title": "MAG (2nd)"})
    assert change.after.corrected == {"status", "title"}
    assert set(change.changes) == {
        FieldChange("title", "MAG meeting", "MAG (2nd)"),
        FieldChange("status", MeetingStatus.TENTATIVE, MeetingStatus.CONFIRMED),
    }
    with pytest.raises(ValueError, match="not fields"):
        correct(MAG, {"colour": "red"})


def test_titles_compare_by_their_words() -> None:
    assert title_similarity("MAG meeting", "the MAG") == 1.0
    assert title_similarity("open consultations", "Open consultation") == 1.0
    assert title_similarity("MAG meeting", "open consultations") == 0.0


# --- order does not matter --------------------------------------------------------------------------

ANNOUNCE = (
    [
        mention("MAG meeting", FEB12, location="Geneva", confirm_by=date(2006, 12, 31)),
        mention("open consultations", FEB13, location="Geneva", confirm_by=date(2006, 12, 31)),
    ],
    facts(NOV23, "<announce@x>"),
)
REPLY = (
    [replace(m, quoted=True) for m in ANNOUNCE[0]],
    facts(NOV24, "<reply@x>", "<announce@x>"),
)
CONFIRM = (
    [mention("MAG", FEB12, status=MeetingStatus.CONFIRMED, location="Palais des Nations, Geneva"),
     mention("open consultations", FEB13, status=MeetingStatus.CONFIRMED, location=PALAIS)],
    facts(DEC20, "<confirm@x>", "<reply@x>", "<announce@x>"),
)  # fmt: skip


def replay(messages: list[tuple[list[Mention], MessageFacts]]) -> list[tuple[object, ...]]:
    """Apply messages one after the other as the store would; the final meetings' fields by day."""
    meetings: dict[int, MeetingState] = {}
    read: set[str] = set()
    for mentions, message in messages:
        message = replace(message, thread_read=bool(read & set(message.thread_keys[1:])))
        for change in merge(mentions, list(meetings.values()), message):
            meeting_id = change.after.id or len(meetings) + 1
            meetings[meeting_id] = replace(change.after, id=meeting_id)
        read.add(message.thread_keys[0])
    return sorted(tuple(m.value(name) for name in FIELDS) for m in meetings.values())


@pytest.mark.parametrize(
    "order", [(0, 1, 2), (2, 0, 1), (1, 0, 2), (2, 1, 0), (1, 2, 0)], ids=lambda o: "-".join(map(str, o))
)
def test_the_seed_thread_ends_the_same_in_any_order(order: tuple[int, int, int]) -> None:
    thread = [ANNOUNCE, REPLY, CONFIRM]
    final = replay([thread[i] for i in order])
    assert final == replay(thread)
    assert [(row[1], row[6], row[5]) for row in final] == [
        (FEB12, MeetingStatus.CONFIRMED, "Palais des Nations, Geneva"),
        (FEB13, MeetingStatus.CONFIRMED, "Palais des Nations, Geneva"),
    ]
