"""The store on real stores of each engine: migrations, positions, and its errors in our own words
(the outbox: test_outbox.py)."""

from __future__ import annotations

import sqlite3
import zlib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from bot.config import StoreSettings
from bot.errors import StoreError, StoreUnavailable
from bot.store import MessageState, NewMessage, OutboxKey, Store
from bot.store.engine import async_url, create_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.records import MailboxPosition
from bot.store.tables import metadata
from tests.stores import fetch_rows, store_settings

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def message(key: str, raw: bytes = b"Subject: hi\n\nhello\n") -> NewMessage:
    return NewMessage("mmwg", key, "test", raw, NOW, NOW, "hi", "a@b.test", MessageState.PROCESSED)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///listminder.db", "sqlite+aiosqlite:///listminder.db"),
        ("sqlite:////var/lib/lm/db", "sqlite+aiosqlite:////var/lib/lm/db"),
        ("postgresql://lm@db.test/lm", "postgresql+asyncpg://lm@db.test/lm"),
        ("postgresql+psycopg://lm@db.test/lm", "postgresql+psycopg://lm@db.test/lm"),
    ],
)
def test_urls_are_given_their_async_driver(given: str, expected: str) -> None:
    assert async_url(given).render_as_string(hide_password=False) == expected


def test_a_synchronous_driver_is_refused() -> None:
    with pytest.raises(StoreError, match="async drivers"):
        async_url("postgresql+psycopg2://lm@db.test/lm")


async def test_a_database_of_the_first_schema_is_upgraded_with_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    try:
        await upgrade(engine, "0001")
        assert await current_revision(engine) == "0001"
    finally:
        await engine.dispose()
    # Rows as the first version wrote them, in its own columns.
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "insert into messages (list_name, key, source, raw, raw_codec, raw_size, received_at, date,"
            " subject, sender, state, reason, processed_at) values ('mmwg', '<old@x>', 'imap', ?, 'zlib', 5,"
            " '2024-05-01 12:00:00', null, 'old', null, 'processed', null, '2024-05-01 12:00:00')",
            (zlib.compress(b"old!\n"),),
        )
        conn.execute(
            "insert into meetings (list_name, uid, sequence, title, start_iso, end_iso, start_day, all_day,"
            " time_zone, location, status, confirm_by, quoted_only, field_dates, corrected, created_at,"
            " updated_at) values ('mmwg', 'u1@listminder', 3, 'MAG meeting', '2007-02-12', null,"
            " '2007-02-12', 1, null, 'Geneva', 'tentative', null, 0, '{}', '[]', '2024-05-01 12:00:00',"
            " '2024-05-01 12:00:00')"
        )
        conn.execute("insert into source_state values ('imap:mmwg', 7, 42, '2024-05-01 12:00:00')")

    async with await Store.open(StoreSettings(url=f"sqlite:///{db}")) as store:
        assert await current_revision(store.engine) == head_revision() != "0001"
        [meeting] = await store.meetings()
        assert (meeting.uid, meeting.sequence, meeting.title) == ("u1@listminder", 3, "MAG meeting")
        assert await store.get_position("imap:mmwg") == MailboxPosition(7, 42)
        [kept] = [m async for m in store.stored_messages()]
        assert kept.raw == b"old!\n"
        assert await store.outbox_add(OutboxKey("mmwg", "reminder", "2024-W18"), b"digest", ["a@b.test"])


async def test_the_migrations_build_the_schema_the_code_expects(store: Store) -> None:
    def differences(conn: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))

    async with store.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_opening_again_keeps_everything(any_store_settings: StoreSettings) -> None:
    settings = any_store_settings
    async with await Store.open(settings) as store:
        assert await store.add_message(message("<a@x>")) is not None
    async with await Store.open(settings) as store:
        assert await store.has_message("mmwg", "<a@x>")


async def test_a_message_is_kept_once_and_compressed(store: Store, any_store_settings: StoreSettings) -> None:
    raw = b"Subject: hi\n\n" + b"the same line again\n" * 500
    assert await store.add_message(message("<a@x>", raw)) is not None
    assert await store.add_message(message("<a@x>", raw)) is None
    [kept] = [m async for m in store.stored_messages()]
    assert kept.raw == raw
    [(stored_size,)] = await fetch_rows(any_store_settings, "select length(raw) from messages")
    assert stored_size < len(raw) / 10


async def test_source_positions(store: Store) -> None:
    assert await store.get_position("imap:mmwg") is None
    await store.set_position("imap:mmwg", MailboxPosition(7, 42))
    await store.set_position("imap:mmwg", MailboxPosition(7, 43))
    await store.set_position("imap:other", MailboxPosition(1, 1))
    assert await store.get_position("imap:mmwg") == MailboxPosition(7, 43)


async def test_a_store_that_cannot_be_opened_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        await Store.open(StoreSettings(url=f"sqlite:///{tmp_path / 'missing' / 'store.db'}"))
    assert str(caught.value).endswith(f"the folder {tmp_path / 'missing'} does not exist")


async def test_a_locked_database_is_unavailable_not_broken(tmp_path: Path) -> None:
    # SQLite's own lock: PostgreSQL has no database-wide write lock to hold.
    store = await Store.open(store_settings(tmp_path / "store.db"))
    # The default wait for another writer is long; here the lock never goes, so wait briefly.
    impatient = Store(create_engine(f"sqlite:///{tmp_path / 'store.db'}", busy_timeout_s=0.1))
    with closing(sqlite3.connect(tmp_path / "store.db", isolation_level=None)) as other:
        other.execute("begin immediate")
        try:
            with pytest.raises(StoreUnavailable, match="locked"):
                await impatient.add_message(message("<b@x>"))
            assert not await impatient.has_message("mmwg", "<b@x>")
        finally:
            other.execute("rollback")
            await impatient.close()
    async with store:
        assert await store.add_message(message("<b@x>")) is not None
