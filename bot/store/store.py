"""The store: one object over the async engine that every part of the daemon and the command line uses.

    store = await Store.open(settings.store)      # connects and migrates to the newest schema
    try: ...
    finally: await store.close()

Every method runs in its own transaction and raises only bot.errors.StoreError / StoreUnavailable.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.config import StoreSettings
from bot.detect.model import Mention, Status
from bot.errors import StoreError
from bot.sources.base import MailboxPosition
from bot.store import queries
from bot.store.engine import create_engine, translated
from bot.store.merge import FieldValue, MessageFacts, correct, day_of, merge
from bot.store.migrate import upgrade
from bot.store.records import (
    HistoryEntry,
    Meeting,
    MergeResult,
    MessageState,
    NewMessage,
    OutboxItem,
    StoredMessage,
)
from bot.store.tables import meeting_history, meetings, messages, outbox, source_state

RAW_CODEC = "zlib"
# Rows fetched per query when going through every stored message: memory stays flat on any archive.
SCAN_BATCH = 200


def pack(raw: bytes) -> bytes:
    return zlib.compress(raw, 6)


def unpack(data: bytes, codec: str) -> bytes:
    if codec != RAW_CODEC:
        raise StoreError(f"stored message in unknown encoding {codec!r}")
    return zlib.decompress(data)


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    async def open(cls, settings: StoreSettings) -> Store:
        engine = create_engine(settings.url)
        try:
            await upgrade(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # --- messages ---------------------------------------------------------------------------------

    async def has_message(self, list_name: str, key: str) -> bool:
        with translated("look up a message"):
            async with self.engine.connect() as conn:
                return await queries.any_message(conn, list_name, [key])

    async def add_message(
        self, message: NewMessage, mentions: Sequence[Mention] = (), thread_keys: Sequence[str] = ()
    ) -> MergeResult | None:
        """Keep ``message`` and merge its mentions, all in one transaction; None when it was already kept."""
        try:
            with translated("store a message"):
                async with self.engine.begin() as conn:
                    await self._lock_list(conn, message.list_name)
                    message_id = await self._insert_message(conn, message)
                    when = message.date or message.received_at
                    return await self._merge(
                        conn, message.list_name, message_id, message.key, when, mentions, thread_keys
                    )
        except StoreError as error:
            # Another intake (an IMAP re-fetch beside an LMTP retry) kept the same message first.
            if isinstance(error.__cause__, IntegrityError) and await self.has_message(
                message.list_name, message.key
            ):
                return None
            raise

    async def redo_message(
        self,
        stored: StoredMessage,
        state: MessageState,
        reason: str | None,
        mentions: Sequence[Mention] = (),
        thread_keys: Sequence[str] = (),
    ) -> MergeResult:
        """Read a kept message again (after an upgrade): its new state and mentions, in one transaction."""
        with translated("reprocess a message"):
            async with self.engine.begin() as conn:
                await self._lock_list(conn, stored.list_name)
                update = sa.update(messages).where(messages.c.id == stored.id)
                await conn.execute(
                    update.values(state=state.value, reason=reason, processed_at=queries.now())
                )
                when = stored.date or stored.received_at
                return await self._merge(
                    conn, stored.list_name, stored.id, stored.key, when, mentions, thread_keys
                )

    async def stored_messages(self, list_name: str | None = None) -> AsyncIterator[StoredMessage]:
        """Every kept message, oldest first (by Date, else by arrival), fetched a batch at a time."""
        order = sa.func.coalesce(messages.c.date, messages.c.received_at)
        last: tuple[object, int] | None = None
        while True:
            query = sa.select(messages, order.label("at")).order_by(order, messages.c.id).limit(SCAN_BATCH)
            if list_name is not None:
                query = query.where(messages.c.list_name == list_name)
            if last is not None:
                query = query.where(sa.tuple_(order, messages.c.id) > sa.tuple_(*last))
            with translated("read kept messages"):
                async with self.engine.connect() as conn:
                    rows = (await conn.execute(query)).mappings().all()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = (rows[-1]["at"], rows[-1]["id"])

    async def message_counts(self) -> dict[str, int]:
        query = sa.select(messages.c.state, sa.func.count().label("count")).group_by(messages.c.state)
        with translated("count messages"):
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).mappings().all()
        return {row["state"]: row["count"] for row in rows}

    # --- meetings ---------------------------------------------------------------------------------

    async def meetings(
        self,
        *,
        list_name: str | None = None,
        status: Status | None = None,
        start_from: date | None = None,
        start_until: date | None = None,
    ) -> list[Meeting]:
        """Meetings in order of their day; ``start_from``/``start_until`` bound the day (inclusive), as a
        digest's horizon does."""
        query = sa.select(meetings).order_by(meetings.c.start_day, meetings.c.start_iso, meetings.c.id)
        if list_name is not None:
            query = query.where(meetings.c.list_name == list_name)
        if status is not None:
            query = query.where(meetings.c.status == status.value)
        if start_from is not None:
            query = query.where(meetings.c.start_day >= start_from)
        if start_until is not None:
            query = query.where(meetings.c.start_day <= start_until)
        with translated("list meetings"):
            async with self.engine.connect() as conn:
                return [queries.meeting_of(row) for row in (await conn.execute(query)).mappings()]

    async def meeting(self, ref: int | str) -> Meeting | None:
        """One meeting by its id or its UID."""
        where = meetings.c.id == ref if isinstance(ref, int) else meetings.c.uid == ref
        with translated("read a meeting"):
            async with self.engine.connect() as conn:
                row = (await conn.execute(sa.select(meetings).where(where))).mappings().first()
        return queries.meeting_of(row) if row is not None else None

    async def history(self, meeting_id: int) -> list[HistoryEntry]:
        query = (
            sa.select(meeting_history, messages.c.key)
            .outerjoin(messages, messages.c.id == meeting_history.c.message_id)
            .where(meeting_history.c.meeting_id == meeting_id)
            .order_by(meeting_history.c.id)
        )
        with translated("read a meeting's history"):
            async with self.engine.connect() as conn:
                return [queries.history_of(row) for row in (await conn.execute(query)).mappings()]

    async def correct(self, meeting_id: int, values: Mapping[str, FieldValue], *, actor: str) -> Meeting:
        """An admin's correction, kept in the history; the fields are never changed by detection again."""
        with translated("correct a meeting"):
            async with self.engine.begin() as conn:
                state = await queries.state_of(conn, meeting_id)
                if state is None:
                    raise StoreError(f"no meeting {meeting_id}")
                change = correct(state, values)
                await queries.save(conn, change, list_name="", message_id=None, actor=actor)
        found = await self.meeting(meeting_id)
        assert found is not None
        return found

    # --- source positions (bot.sources.base.SourceStates) -----------------------------------------

    async def get_position(self, source_key: str) -> MailboxPosition | None:
        query = sa.select(source_state).where(source_state.c.source_key == source_key)
        with translated("read a source position"):
            async with self.engine.connect() as conn:
                row = (await conn.execute(query)).mappings().first()
        return MailboxPosition(row["uidvalidity"], row["last_uid"]) if row is not None else None

    async def set_position(self, source_key: str, position: MailboxPosition) -> None:
        values = {
            "uidvalidity": position.uidvalidity,
            "last_uid": position.last_uid,
            "updated_at": queries.now(),
        }
        with translated("save a source position"):
            async with self.engine.begin() as conn:
                where = source_state.c.source_key == source_key
                result = await conn.execute(sa.update(source_state).where(where).values(values))
                if result.rowcount == 0:
                    await conn.execute(sa.insert(source_state).values({**values, "source_key": source_key}))

    # --- outbox -----------------------------------------------------------------------------------

    async def outbox_add(self, list_name: str, kind: str, period: str, raw: bytes) -> bool:
        """Queue one outgoing message; False when this list, kind and period already has one."""
        values = {"list_name": list_name, "kind": kind, "period": period, "raw": raw, "state": "pending",
                  "attempts": 0, "created_at": queries.now()}  # fmt: skip
        try:
            with translated("queue an outgoing message"):
                async with self.engine.begin() as conn:
                    await conn.execute(sa.insert(outbox).values(values))
        except StoreError as error:
            if isinstance(error.__cause__, IntegrityError):
                return False
            raise
        return True

    async def outbox_pending(self) -> list[OutboxItem]:
        query = sa.select(outbox).where(outbox.c.state == "pending").order_by(outbox.c.id)
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).mappings().all()
        return [_outbox_item(row) for row in rows]

    async def outbox_sent(self, item_id: int) -> None:
        await self._outbox_set(item_id, state="sent", sent_at=queries.now(), attempts=outbox.c.attempts + 1)

    async def outbox_failed(self, item_id: int, error: str, *, permanent: bool = False) -> None:
        state = "failed" if permanent else "pending"
        await self._outbox_set(item_id, state=state, last_error=error, attempts=outbox.c.attempts + 1)

    async def _outbox_set(self, item_id: int, **values: object) -> None:
        with translated("update the outbox"):
            async with self.engine.begin() as conn:
                await conn.execute(sa.update(outbox).where(outbox.c.id == item_id).values(values))

    # --- inside a transaction ---------------------------------------------------------------------

    async def _lock_list(self, conn: AsyncConnection, list_name: str) -> None:
        # SQLite serialises writers already (BEGIN IMMEDIATE); on PostgreSQL two messages about one
        # meeting merged at once could each create it, so merges of a list take turns.
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(list_name))))

    async def _insert_message(self, conn: AsyncConnection, message: NewMessage) -> int:
        values = {
            "list_name": message.list_name, "key": message.key, "source": message.source,
            "raw": pack(message.raw), "raw_codec": RAW_CODEC, "raw_size": len(message.raw),
            "received_at": message.received_at, "date": message.date, "subject": message.subject,
            "sender": message.sender, "state": message.state.value, "reason": message.reason,
            "processed_at": queries.now(),
        }  # fmt: skip
        result = await conn.execute(sa.insert(messages).values(values))
        return _new_id(result.inserted_primary_key)

    async def _merge(
        self,
        conn: AsyncConnection,
        list_name: str,
        message_id: int,
        own_key: str,
        when: datetime,
        mentions: Sequence[Mention],
        thread_keys: Sequence[str],
    ) -> MergeResult:
        if not mentions:
            return MergeResult()
        referred = [key for key in thread_keys if key != own_key]
        facts = MessageFacts(when, tuple(thread_keys), await queries.any_message(conn, list_name, referred))
        days = {day_of(m.start) for m in mentions}
        uids = {m.uid for m in mentions if m.uid is not None}
        known = await queries.candidates(conn, list_name, facts.thread_keys, days, uids)
        created: list[int] = []
        changed: list[int] = []
        for change in merge(mentions, known, facts):
            meeting_id = await queries.save(
                conn, change, list_name=list_name, message_id=message_id, actor="message"
            )
            if change.created:
                created.append(meeting_id)
            elif change.changes:
                changed.append(meeting_id)
        return MergeResult(tuple(created), tuple(changed))


@asynccontextmanager
async def open_store(settings: StoreSettings) -> AsyncIterator[Store]:
    """The store, migrated to the newest schema, closed on the way out."""
    store = await Store.open(settings)
    try:
        yield store
    finally:
        await store.close()


def _new_id(key: sa.Row[Any] | None) -> int:
    assert key is not None
    return int(key[0])


def _stored(row: sa.RowMapping) -> StoredMessage:
    return StoredMessage(
        id=row["id"],
        list_name=row["list_name"],
        key=row["key"],
        source=row["source"],
        raw=unpack(row["raw"], row["raw_codec"]),
        received_at=row["received_at"],
        date=row["date"],
        state=MessageState(row["state"]),
        reason=row["reason"],
    )


def _outbox_item(row: sa.RowMapping) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        list_name=row["list_name"],
        kind=row["kind"],
        period=row["period"],
        raw=row["raw"],
        state=row["state"],
        attempts=row["attempts"],
        last_error=row["last_error"],
    )
