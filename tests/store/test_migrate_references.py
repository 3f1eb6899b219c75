"""A store with meetings upgrades through the migrations that rebuild a table on SQLite (0005 widened
the UID, 0009 made a meeting's identity (list, UID)). A rebuild drops the old table while the threads
and the history of its meetings refer to it: with SQLite's foreign-key checks on, every store that
had a meeting failed to upgrade ("FOREIGN KEY constraint failed") and the daemon could not start."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.config import StoreSettings
from bot.store import Store
from bot.store.engine import create_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from tests.stores import fetch_rows

# The schema before the first table rebuild.
BEFORE = "0004"
MEETING = (
    "insert into meetings (id, list_name, uid, sequence, title, start_iso, start_day, all_day, status,"
    " quoted_only, field_dates, corrected, created_at, updated_at) values (1, 'wg', 'call@example.org', 0,"
    " 'Board call', '2026-03-12', '2026-03-12', true, 'confirmed', false, '{}', '[]',"
    " '2026-03-01 00:00:00', '2026-03-01 00:00:00')"
)
THREAD = "insert into meeting_threads (meeting_id, thread_key) values (1, '<invite@example.org>')"
HISTORY = (
    "insert into meeting_history (meeting_id, actor, action, sequence, at)"
    " values (1, 'message', 'created', 0, '2026-03-01 00:00:00')"
)


async def test_a_store_with_meetings_upgrades_and_keeps_their_threads_and_history(
    any_store_settings: StoreSettings,
) -> None:
    engine = create_engine(any_store_settings.url)
    try:
        await upgrade(engine, BEFORE)
        async with engine.begin() as conn:
            for statement in (MEETING, THREAD, HISTORY):
                await conn.exec_driver_sql(statement)
    finally:
        await engine.dispose()
    async with await Store.open(any_store_settings) as store:
        assert await current_revision(store.engine) == head_revision()
        [meeting] = await store.meetings()
        assert (meeting.list_name, meeting.uid, meeting.title) == ("wg", "call@example.org", "Board call")
        assert [entry.action for entry in await store.history(meeting.id)] == ["created"]
        # The checks are on again once the store is migrated: a thread of no meeting is refused.
        with pytest.raises(sa.exc.IntegrityError):
            async with store.engine.begin() as conn:
                await conn.exec_driver_sql("insert into meeting_threads values (999, '<none@example.org>')")
    threads = await fetch_rows(any_store_settings, "select meeting_id, thread_key from meeting_threads")
    assert threads == [(1, "<invite@example.org>")]
