"""The outbox table on real stores of each engine: one message per list, kind and period, claims with a lease,
retry times, and rows of the first outbox schema carried over."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import StoreSettings
from bot.store import OutboxKey, Store
from bot.store.engine import create_engine
from bot.store.migrate import upgrade

NOW = datetime(2007, 2, 5, 7, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)
REMINDER = OutboxKey("mmwg", "reminder", "2007-02-05T07:00Z")
PENDING = OutboxKey("mmwg", "pending", "2007-02-05T08:00Z")


async def due(store: Store, now: datetime) -> list[OutboxKey]:
    return [item.key for item in await store.outbox_due(now)]


async def test_one_message_per_list_kind_and_period_with_its_recipients(store: Store) -> None:
    assert await store.outbox_add(REMINDER, b"one", ["mmwg@wsis-cs.org", "b@example.org"])
    assert not await store.outbox_add(REMINDER, b"again", ["other@example.org"])
    assert await store.outbox_add(PENDING, b"other kind", ["chair@example.org"])
    # A period may hold "/" (a per-meeting reminder's UID, offset and SEQUENCE).
    assert await store.outbox_add(OutboxKey("mmwg", "meeting", "u1@x/7d/0"), b"m", ["mmwg@wsis-cs.org"])
    item = await store.outbox_item(REMINDER)
    assert item is not None
    assert (item.raw, item.recipients, item.state, item.attempts) == (
        b"one",
        ("mmwg@wsis-cs.org", "b@example.org"),
        "pending",
        0,
    )
    assert await due(store, NOW) == [REMINDER, PENDING, OutboxKey("mmwg", "meeting", "u1@x/7d/0")]
    assert await store.outbox_item(OutboxKey("mmwg", "reminder", "2007-02-12T07:00Z")) is None


async def test_an_empty_period_is_recorded_once_and_a_message_may_take_its_place(store: Store) -> None:
    assert await store.outbox_add_empty(REMINDER)
    assert not await store.outbox_add_empty(REMINDER)
    empty = await store.outbox_item(REMINDER)
    assert empty is not None and empty.state == "empty"
    assert await due(store, NOW) == []
    # `digest send` in that period: the message replaces the record and goes out once.
    assert await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    assert not await store.outbox_add(REMINDER, b"two", ["a@b.test"])
    assert not await store.outbox_add_empty(REMINDER)
    item = await store.outbox_item(REMINDER)
    assert item is not None and (item.raw, item.state, item.recipients) == (b"one", "pending", ("a@b.test",))
    assert await due(store, NOW) == [REMINDER]


async def test_a_claim_is_taken_once_and_again_after_its_lease(store: Store) -> None:
    await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    assert await store.outbox_claim(REMINDER, NOW, NOW + LEASE)
    assert not await store.outbox_claim(REMINDER, NOW, NOW + LEASE)
    assert await due(store, NOW + LEASE - timedelta(seconds=1)) == []
    # The sender died: once the lease is over, another one takes the message.
    assert await due(store, NOW + LEASE) == [REMINDER]
    assert await store.outbox_claim(REMINDER, NOW + LEASE, NOW + 2 * LEASE)
    item = await store.outbox_item(REMINDER)
    assert item is not None and (item.state, item.attempts) == ("sending", 2)


async def test_two_stores_on_one_database_claim_a_message_once(
    store: Store, any_store_settings: StoreSettings
) -> None:
    await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    async with await Store.open(any_store_settings) as other:
        claims = [await s.outbox_claim(REMINDER, NOW, NOW + LEASE) for s in (other, store)]
    assert claims == [True, False]


async def test_sent_is_never_due_again(store: Store) -> None:
    await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    await store.outbox_claim(REMINDER, NOW, NOW + LEASE)
    await store.outbox_sent(REMINDER, NOW + timedelta(seconds=3))
    assert await due(store, NOW + timedelta(days=30)) == []
    assert not await store.outbox_claim(REMINDER, NOW + timedelta(days=30), NOW + timedelta(days=31))
    item = await store.outbox_item(REMINDER)
    assert item is not None
    assert (item.state, item.sent_at, item.claimed_until) == ("sent", NOW + timedelta(seconds=3), None)


async def test_a_temporary_failure_waits_for_its_retry_time(store: Store) -> None:
    await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    await store.outbox_claim(REMINDER, NOW, NOW + LEASE)
    retry_at = NOW + timedelta(minutes=2)
    await store.outbox_failed(REMINDER, "451 try later", retry_at=retry_at)
    assert await due(store, retry_at - timedelta(microseconds=1)) == []
    assert not await store.outbox_claim(REMINDER, NOW + timedelta(minutes=1), NOW + LEASE)
    assert await due(store, retry_at) == [REMINDER]
    item = await store.outbox_item(REMINDER)
    assert item is not None
    assert (item.state, item.attempts, item.last_error, item.next_attempt_at) == (
        "pending",
        1,
        "451 try later",
        retry_at,
    )


async def test_a_permanent_failure_is_never_tried_again(store: Store) -> None:
    await store.outbox_add(REMINDER, b"one", ["a@b.test"])
    await store.outbox_claim(REMINDER, NOW, NOW + LEASE)
    await store.outbox_failed(REMINDER, "550 relaying denied", retry_at=None)
    assert await due(store, NOW + timedelta(days=365)) == []
    item = await store.outbox_item(REMINDER)
    assert item is not None and (item.state, item.last_error) == ("failed", "550 relaying denied")


async def test_rows_of_the_first_outbox_schema_are_kept_and_the_unsent_set_aside(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    try:
        await upgrade(engine, "0002")
    finally:
        await engine.dispose()
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany(
            "insert into outbox (list_name, kind, period, raw, state, attempts, last_error, created_at,"
            " sent_at) values ('mmwg', ?, '2024-W18', ?, ?, 1, null, '2024-05-01 12:00:00', ?)",
            [("reminder", b"went", "sent", "2024-05-01 12:01:00"), ("pending", b"waits", "pending", None)],
        )
    async with await Store.open(StoreSettings(url=f"sqlite:///{db}")) as store:
        sent = await store.outbox_item(OutboxKey("mmwg", "reminder", "2024-W18"))
        unsent = await store.outbox_item(OutboxKey("mmwg", "pending", "2024-W18"))
        assert sent is not None and (sent.state, sent.raw, sent.recipients) == ("sent", b"went", ())
        assert sent.sent_at == datetime(2024, 5, 1, 12, 1, tzinfo=UTC)
        # It has no recipients to go to: failed with the reason, rather than sent to nobody.
        assert unsent is not None and (unsent.state, unsent.last_error) == (
            "failed",
            "queued before recipients were kept",
        )
        assert await store.outbox_due(datetime.now(UTC)) == []
        assert not await store.outbox_add(OutboxKey("mmwg", "reminder", "2024-W18"), b"x", ["a@b.test"])


async def test_the_last_sent_of_a_list_and_kind(store: Store) -> None:
    assert await store.last_sent("mmwg", "reminder") is None
    later = OutboxKey("mmwg", "reminder", "2007-02-12T07:00Z")
    for ref, when in ((REMINDER, NOW), (later, NOW + timedelta(days=7)), (PENDING, NOW + timedelta(days=8))):
        await store.outbox_add(ref, b"x", ["a@b.test"])
        await store.outbox_claim(ref, when, when + LEASE)
        await store.outbox_sent(ref, when)
    await store.outbox_add(OutboxKey("mmwg", "reminder", "2007-02-19T07:00Z"), b"x", ["a@b.test"])
    assert await store.last_sent("mmwg", "reminder") == NOW + timedelta(days=7)
    assert await store.last_sent("other", "reminder") is None
