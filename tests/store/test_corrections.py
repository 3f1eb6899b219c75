"""An admin's corrections against a real store: the meeting found by what was typed, the change kept in
its history under the admin's name, and what an edit cannot be."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import ListSettings
from bot.errors import ListminderError
from bot.store import HistoryEntry, Store
from bot.store.corrections import Edits, apply_correction, meeting_ref
from tests.digest.stored import MAG, post

SENT = datetime(2006, 11, 23, 10, tzinfo=UTC)
ZURICH_LIST = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")


async def stored_meeting_id(store: Store) -> int:
    await post(store, 1, SENT, MAG)
    [meeting] = await store.meetings()
    return meeting.id


def corrections(history: list[HistoryEntry]) -> list[tuple[str, str | None, str | None]]:
    return [(entry.actor, entry.field, entry.new) for entry in history if entry.message_key is None]


async def test_a_confirmation_is_kept_in_the_history_under_the_admins_name(store: Store) -> None:
    meeting_id = await stored_meeting_id(store)
    _, history = await apply_correction(
        store, str(meeting_id), "confirm", Edits(), lists=[], actor="admin ann"
    )
    assert corrections(history) == [("admin ann", "status", "confirmed")]


async def test_a_meeting_is_found_by_its_uid_too(store: Store) -> None:
    await stored_meeting_id(store)
    [meeting] = await store.meetings()
    found, history = await apply_correction(store, meeting.uid, "cancel", Edits(), lists=[], actor="admin")
    assert found.id == meeting.id
    assert corrections(history) == [("admin", "status", "cancelled")]


async def test_show_changes_nothing(store: Store) -> None:
    meeting_id = await stored_meeting_id(store)
    before = await store.history(meeting_id)
    _, history = await apply_correction(store, str(meeting_id), "show", Edits(title="x"), lists=[], actor="a")
    assert history == before


async def test_a_time_without_an_offset_is_read_in_the_lists_zone_else_in_utc(store: Store) -> None:
    await post(store, 1, SENT, MAG)
    await post(store, 1, SENT, MAG, list_name="gone")
    listed = {meeting.list_name: meeting.id for meeting in await store.meetings()}
    edits = Edits(start="2007-02-12T10:00")
    _, zurich = await apply_correction(
        store, str(listed["mmwg"]), "edit", edits, lists=[ZURICH_LIST], actor="a"
    )
    assert ("a", "start", "2007-02-12T10:00:00+01:00") in corrections(zurich)
    # A list taken out of the config keeps its meetings; their times are read in UTC.
    _, utc = await apply_correction(store, str(listed["gone"]), "edit", edits, lists=[ZURICH_LIST], actor="b")
    assert ("b", "start", "2007-02-12T10:00:00+00:00") in corrections(utc)


async def test_an_edit_that_sets_nothing_is_refused(store: Store) -> None:
    meeting_id = await stored_meeting_id(store)
    with pytest.raises(ListminderError, match="edit: give at least one of --title"):
        await apply_correction(store, str(meeting_id), "edit", Edits(), lists=[], actor="a")


async def test_an_id_that_names_no_meeting_is_refused_as_typed(store: Store) -> None:
    await stored_meeting_id(store)
    with pytest.raises(ListminderError, match="no meeting '42'"):
        await apply_correction(store, "42", "confirm", Edits(), lists=[], actor="a")


def test_a_number_past_the_integer_range_is_looked_up_as_a_uid() -> None:
    assert meeting_ref("42") == 42
    assert meeting_ref("9" * 30) == "9" * 30
    assert meeting_ref("١٢") == "١٢"
