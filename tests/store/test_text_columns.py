"""Columns typed for what arrives, on both engines: SQLite never enforced the old lengths, PostgreSQL
refused the row (an Outlook invite's reminder, a long UID or time zone name, a long mailbox name)."""

from __future__ import annotations

from bot.config import StoreSettings
from bot.store import OutboxKey, Store
from bot.store.engine import create_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.records import MailboxPosition
from tests.stores import fetch_rows

# An Exchange / Teams invitation's UID, as the dev corpus has them: 112 characters.
EXCHANGE_UID = (
    "040000008200E00074C5B7101A82E00800000000" + "7A1C2E3F4B5D6E7F80910A0B0C0D0E0F" * 2 + "00000000"
)
# A mailbox with a long name, on a server with a long name: a source key past 255 characters.
LONG_SOURCE = "imap:mmwg:" + "imap.a-very-long-host-name.example.org:" + "Archives/" * 30 + "INBOX"


async def test_a_per_meeting_reminder_of_an_exchange_invite_is_queued(store: Store) -> None:
    assert len(EXCHANGE_UID) == 112
    key = OutboxKey("mmwg", "meeting", f"{EXCHANGE_UID}/7d/0")
    assert await store.outbox_add(key, b"reminder", ["mmwg@wsis-cs.org"])
    assert not await store.outbox_add(key, b"again", ["mmwg@wsis-cs.org"])
    item = await store.outbox_item(key)
    assert item is not None and item.key == key


async def test_a_long_source_key_keeps_its_position(store: Store) -> None:
    assert len(LONG_SOURCE) > 255
    await store.set_position(LONG_SOURCE, MailboxPosition(3, 9))
    assert await store.get_position(LONG_SOURCE) == MailboxPosition(3, 9)


async def test_a_store_of_the_previous_schema_keeps_its_rows_and_takes_long_values(
    any_store_settings: StoreSettings,
) -> None:
    engine = create_engine(any_store_settings.url)
    try:
        await upgrade(engine, "0004")
        async with engine.begin() as conn:
            await conn.exec_driver_sql(
                "insert into outbox (list_name, kind, period, raw, state, attempts, created_at, recipients)"
                " values ('mmwg', 'reminder', '2024-W18', 'x', 'sent', 1, '2024-05-01 12:00:00', '[]')"
            )
    finally:
        await engine.dispose()
    async with await Store.open(any_store_settings) as store:
        assert await current_revision(store.engine) == head_revision()
        assert await store.outbox_has(OutboxKey("mmwg", "reminder", "2024-W18"))
        assert await store.outbox_add(
            OutboxKey("mmwg", "meeting", f"{EXCHANGE_UID}/1d/2"), b"m", ["a@b.test"]
        )
    rows = await fetch_rows(any_store_settings, "select period from outbox order by id")
    assert rows == [("2024-W18",), (f"{EXCHANGE_UID}/1d/2",)]
