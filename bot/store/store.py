"""The store: one object over the async engine that every part of the daemon and the command line uses.

    store = await Store.open(settings.store)      # connects and migrates to the newest schema
    # or Store.open_for_reading(settings.store): no migration, no write lock (meetings, status)
    try: ...
    finally: await store.close()

Every method runs in its own transaction and raises only bot.errors.StoreError / StoreUnavailable.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import clock
from bot.config import StoreSettings
from bot.detect.model import Mention
from bot.errors import AmbiguousMeeting, StoreError
from bot.logs import fields
from bot.mail.headers import topic_of
from bot.meeting import MeetingStatus
from bot.store import leases as lease_queries
from bot.store import memberships as membership_queries
from bot.store import outbox as outbox_queries
from bot.store import queries
from bot.store.engine import (
    create_engine,
    for_writing,
    is_transient,
    prepare_sqlite_file,
    require_sqlite_folder,
    sqlite_path,
    store_password,
    translated,
)
from bot.store.merge import FieldValue, MeetingChange, MessageFacts, correct, merge
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.records import (
    HistoryEntry,
    Incoming,
    Kept,
    Lease,
    LeaseRound,
    MailboxPosition,
    Meeting,
    MembershipRequest,
    MembershipState,
    MessageState,
    NewMessage,
    OutboxItem,
    OutboxKey,
    Reread,
    StoredMessage,
    ThreadRecords,
    sent_kind,
)
from bot.store.storable import storable_text
from bot.store.tables import list_tokens, meeting_history, meetings, messages, outbox, source_state

log = logging.getLogger(__name__)

RAW_CODEC = "zlib"
# A reader under WAL waits for no writer; this bounds the rare waits (a WAL recovery after a crash).
READ_BUSY_TIMEOUT_S = 5.0
# Rows fetched per query when going through every stored message: memory stays flat on any archive.
SCAN_BATCH = 200
# A database's refusal as a quarantined message's reason: enough to see why, not a whole statement.
REASON_CHARS = 500
# How far back a message with the same Subject is still of the same thread when no header ties them.
SUBJECT_THREAD = timedelta(days=90)


def pack(raw: bytes) -> bytes:
    return zlib.compress(raw, 6)


def unpack(data: bytes, codec: str) -> bytes:
    if codec != RAW_CODEC:
        raise StoreError(f"stored message in unknown encoding {codec!r}")
    return zlib.decompress(data)


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer = for_writing(engine)

    @classmethod
    async def open(cls, settings: StoreSettings) -> Store:
        await asyncio.to_thread(prepare_sqlite_file, settings.url, settings.busy_timeout_s)
        password = await asyncio.to_thread(store_password, settings)
        engine = create_engine(settings.url, busy_timeout_s=settings.busy_timeout_s, password=password)
        try:
            await upgrade(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    @classmethod
    async def open_for_reading(cls, settings: StoreSettings) -> Store:
        """The store as it is, without migrating it: a reader takes no write lock, so it never waits
        for the daemon (readers see a snapshot under WAL). A schema other than this code's is refused."""
        await _exists(settings.url)
        password = await asyncio.to_thread(store_password, settings)
        engine = create_engine(settings.url, busy_timeout_s=READ_BUSY_TIMEOUT_S, password=password)
        try:
            await _same_schema(engine, settings.url)
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
        return bool(await self.known_keys(list_name, [key]))

    async def known_keys(self, list_name: str, keys: Collection[str]) -> set[str]:
        """Which of ``keys`` the list's kept messages already have."""
        with translated("look up messages"):
            async with self.engine.connect() as conn:
                return await queries.known_keys(conn, list_name, keys)

    async def add_message(
        self, message: NewMessage, mentions: Sequence[Mention] = (), thread_keys: Sequence[str] = ()
    ) -> Kept | None:
        """Keep ``message`` and merge its mentions, in one transaction; None when it was already kept."""
        [kept] = await self.add_messages([Incoming(message, tuple(mentions), tuple(thread_keys))])
        return kept

    async def add_messages(self, batch: Sequence[Incoming]) -> list[Kept | None]:
        """Keep several messages in one transaction (fewer commits for an archive), each with all of its
        effects or none: a fault in one message's merge sets that message aside and the rest go on."""
        with translated("store messages"):
            async with self._writer.begin() as conn:
                return [await self._add_alone(conn, item) for item in batch]

    async def redo_messages(self, batch: Sequence[Reread]) -> list[Kept]:
        """Several kept messages read again, in one transaction (``reprocess`` of a whole store), each
        with all of its effects or none, as ``add_messages`` keeps new ones."""
        with translated("reprocess messages"):
            async with self._writer.begin() as conn:
                return [await self._redo_alone(conn, item) for item in batch]

    async def _redo_alone(self, conn: AsyncConnection, item: Reread) -> Kept:
        try:
            async with conn.begin_nested():
                return await self._redo(conn, item)
        except exc.DBAPIError as error:
            if is_transient(error):
                raise
            reason = _refusal(error)
            log.warning("store.message_refused", extra=fields(source=item.stored.source, reason=reason))
        async with conn.begin_nested():
            await self._set_state(conn, item.stored.id, MessageState.QUARANTINED, reason)
        return Kept(MessageState.QUARANTINED, reason, (), ())

    async def _redo(self, conn: AsyncConnection, item: Reread) -> Kept:
        stored, state, reason = item.stored, item.state, item.reason
        await self._lock_list(conn, stored.list_name)
        when = stored.date or stored.received_at
        changes = await self._plan(conn, stored, when, item.mentions, item.thread_keys)
        if isinstance(changes, _Fault):
            state, reason, changes = MessageState.QUARANTINED, changes.reason, []
        await self._set_state(conn, stored.id, state, reason)
        created, changed = await self._save(conn, stored.list_name, stored.id, changes)
        return Kept(state, reason, created, changed)

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

    async def last_message_at(self, list_name: str, not_reasons: Sequence[str] = ()) -> datetime | None:
        """When the list's most recent message arrived (for `listminder status`), leaving out those
        whose reason starts with one of ``not_reasons`` (the list server's notices to the bot)."""
        query = sa.select(sa.func.max(messages.c.received_at)).where(messages.c.list_name == list_name)
        for prefix in not_reasons:
            # A NULL reason (a post read as usual) is no notice: coalesce, as NOT LIKE on NULL is NULL.
            query = query.where(
                sa.not_(sa.func.coalesce(messages.c.reason, "").startswith(prefix, autoescape=True))
            )
        with translated("read the last message"):
            async with self.engine.connect() as conn:
                value: datetime | None = (await conn.execute(query)).scalar()
        return value

    async def last_ignored_with_reason(
        self, list_name: str, prefixes: Sequence[str]
    ) -> tuple[datetime, str] | None:
        """When the list's latest ignored message whose reason starts with one of ``prefixes`` arrived,
        and its reason (for `listminder status`: the last hold or bounce of a digest)."""
        query = (
            sa.select(messages.c.received_at, messages.c.reason)
            .where(
                messages.c.list_name == list_name,
                messages.c.state == MessageState.IGNORED.value,
                sa.or_(*(messages.c.reason.startswith(prefix, autoescape=True) for prefix in prefixes)),
            )
            .order_by(messages.c.received_at.desc(), messages.c.id.desc())
            .limit(1)
        )
        with translated("read the last notice"):
            async with self.engine.connect() as conn:
                row = (await conn.execute(query)).first()
        return (row.received_at, row.reason) if row is not None else None

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
        status: MeetingStatus | None = None,
        start_from: date | None = None,
        start_until: date | None = None,
    ) -> list[Meeting]:
        """Meetings in order of their day; ``start_from``/``start_until`` bound the day (inclusive), as a
        digest's horizon does."""
        where = _meetings_filter(list_name, status, start_from, start_until)
        query = sa.select(*queries.MEETING_COLUMNS).where(*where).order_by(*_BY_DAY)
        with translated("list meetings"):
            async with self.engine.connect() as conn:
                return [queries.meeting_of(row) for row in (await conn.execute(query)).mappings()]

    async def meetings_fingerprint(
        self, *, list_name: str, start_from: date, cancelled_since: datetime
    ) -> tuple[int, datetime | None, int, int]:
        """What a feed's validator is made of, without reading the meetings: how many there are from
        ``start_from`` on (cancelled ones only when cancelled since ``cancelled_since``), their latest
        change, the sum of their sequences and their highest id. Any change to one of them, or one
        entering or leaving the window, changes it."""
        where = [*_meetings_filter(list_name, None, start_from, None), _kept_cancelled(cancelled_since)]
        query = sa.select(
            sa.func.count(),
            sa.func.max(meetings.c.updated_at),
            sa.func.coalesce(sa.func.sum(meetings.c.sequence), 0),
            sa.func.coalesce(sa.func.max(meetings.c.id), 0),
        ).where(*where)
        with translated("read a feed's fingerprint"):
            async with self.engine.connect() as conn:
                row = (await conn.execute(query)).one()
        count, latest, sequences, top = (int(row[0]), row[1], int(row[2]), int(row[3]))
        if not isinstance(latest, datetime):
            return count, None, sequences, top
        return count, latest if latest.tzinfo is not None else latest.replace(tzinfo=UTC), sequences, top

    async def feed_meetings(
        self, *, list_name: str, start_from: date, cancelled_since: datetime
    ) -> list[Meeting]:
        """The meetings of ``meetings_fingerprint``'s window, in order of their day."""
        where = [*_meetings_filter(list_name, None, start_from, None), _kept_cancelled(cancelled_since)]
        query = sa.select(*queries.MEETING_COLUMNS).where(*where).order_by(*_BY_DAY)
        with translated("list meetings"):
            async with self.engine.connect() as conn:
                return [queries.meeting_of(row) for row in (await conn.execute(query)).mappings()]

    async def meetings_with_history(
        self, *, list_name: str, start_from: date | None = None, start_until: date | None = None
    ) -> list[tuple[Meeting, list[HistoryEntry]]]:
        """The list's meetings as ``meetings`` gives them, each with its history oldest first: two
        queries in one transaction however many meetings there are (a digest reads them every minute)."""
        found = await self.lists_meetings_with_history(
            [list_name], start_from=start_from, start_until=start_until
        )
        return found.get(list_name, [])

    async def lists_meetings_with_history(
        self, list_names: Collection[str], *, start_from: date | None = None, start_until: date | None = None
    ) -> dict[str, list[tuple[Meeting, list[HistoryEntry]]]]:
        """``meetings_with_history`` of several lists at once, by list: still two queries (the reminder
        pass reads every list a daemon owns each minute). A row that makes no meeting is logged and
        left out."""
        where = [meetings.c.list_name.in_(list_names), *_meetings_filter(None, None, start_from, start_until)]
        listed = sa.select(*queries.MEETING_COLUMNS).where(*where).order_by(*_BY_DAY)
        history = _history_query(meeting_history.c.meeting_id.in_(sa.select(meetings.c.id).where(*where)))
        by_meeting: dict[int, list[HistoryEntry]] = {}
        with translated("read meetings and their history"):
            # One transaction: under WAL both queries read the same state of the store.
            async with self.engine.connect() as conn:
                found = _readable(queries.meeting_of, (await conn.execute(listed)).mappings())
                for row in (await conn.execute(history)).mappings():
                    by_meeting.setdefault(row["meeting_id"], []).append(queries.history_of(row))
        by_list: dict[str, list[tuple[Meeting, list[HistoryEntry]]]] = {}
        for meeting in found:
            by_list.setdefault(meeting.list_name, []).append((meeting, by_meeting.get(meeting.id, [])))
        return by_list

    async def thread_of(
        self,
        list_name: str,
        keys: Collection[str],
        topic: str | None,
        at: datetime,
        *,
        again: str | None = None,
    ) -> ThreadRecords:
        """The meetings of the thread a message written at ``at`` refers to by ``keys`` (its References
        and In-Reply-To); when they name none, those of the messages of the last weeks whose Subject has
        ``topic`` (None: the message is no reply); and the bytes of our own messages among ``keys``.
        ``again``: the key of a kept message read again, whose own meetings are not its thread's."""
        with translated("read a message's thread"):
            async with self.engine.connect() as conn:
                found = await queries.thread_meetings(conn, list_name, keys, again)
                if not found and topic:
                    rows = await queries.keys_with_subject_ending(
                        conn, list_name, topic, at - SUBJECT_THREAD, at
                    )
                    same = [key for key, subject in rows if topic_of(subject).casefold() == topic.casefold()]
                    found = await queries.thread_meetings(conn, list_name, same, again)
                ours = [
                    unpack(raw, codec) for raw, codec in await queries.ignored_raws(conn, list_name, keys)
                ]
        return ThreadRecords(tuple(found), tuple(ours))

    async def sent_among(self, list_name: str, keys: Collection[str], sender: str) -> list[bytes]:
        """The bytes of the messages we sent (digests, reminders) that ``keys`` name, from the outbox:
        how a reply to one is known when the list did not send our copy back to us."""
        wanted = {key for key in keys if sent_kind(key, sender) is not None}
        if not wanted:
            return []
        kinds = {sent_kind(key, sender) or "" for key in wanted}
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                sent = await outbox_queries.keys_of_kinds(conn, list_name, kinds)
                found = [key for key in sent if key.message_id(sender) in wanted]
                items = [await outbox_queries.get(conn, key) for key in found]
        return [item.raw for item in items if item is not None]

    async def meetings_with_uids(self, list_name: str, uids: Collection[str]) -> list[Meeting]:
        with translated("read meetings"):
            async with self.engine.connect() as conn:
                return await queries.meetings_with_uids(conn, list_name, uids)

    async def meeting(self, ref: int | str, *, list_name: str | None = None) -> Meeting | None:
        """One meeting by its id or its UID, of ``list_name`` when given. A UID is the mail's, or a
        later list's copy as its calendars show it (``<list>/<uid>``). A UID that several lists hold,
        with no list given, raises AmbiguousMeeting naming them: one is never picked for the caller."""
        with translated("read a meeting"):
            async with self.engine.connect() as conn:
                found = await _meetings_named(conn, ref, list_name)
                if not found and isinstance(ref, str) and "/" in ref:
                    owner, uid = ref.split("/", 1)
                    if list_name in (None, owner):
                        found = await _meetings_named(conn, uid, owner)
        if len(found) > 1:
            raise AmbiguousMeeting(str(ref), sorted(m.list_name for m in found))
        return found[0] if found else None

    async def history(self, meeting_id: int) -> list[HistoryEntry]:
        query = _history_query(meeting_history.c.meeting_id == meeting_id)
        with translated("read a meeting's history"):
            async with self.engine.connect() as conn:
                return [queries.history_of(row) for row in (await conn.execute(query)).mappings()]

    async def correct(self, meeting_id: int, values: Mapping[str, FieldValue], *, actor: str) -> Meeting:
        """An admin's correction, kept in the history; the fields are never changed by detection again."""
        with translated("correct a meeting"):
            async with self._writer.begin() as conn:
                state = await queries.state_of(conn, meeting_id)
                if state is None:
                    raise StoreError(f"no meeting {meeting_id}")
                change = correct(state, values)
                await queries.save(conn, change, list_name="", message_id=None, actor=actor)
        found = await self.meeting(meeting_id)
        assert found is not None
        return found

    async def messages_with_keys(self, list_name: str, keys: Collection[str]) -> dict[str, StoredMessage]:
        """The kept messages of a list by their keys (a meeting's story names them)."""
        query = sa.select(messages).where(messages.c.list_name == list_name, messages.c.key.in_(set(keys)))
        with translated("read messages"):
            async with self.engine.connect() as conn:
                return {row["key"]: _stored(row) for row in (await conn.execute(query)).mappings()}

    # --- list tokens (private lists' pages and feeds) ---------------------------------------------

    async def list_token(self, list_name: str) -> str | None:
        query = sa.select(list_tokens.c.token).where(list_tokens.c.list_name == list_name)
        with translated("read a list token"):
            async with self.engine.connect() as conn:
                return (await conn.execute(query)).scalar_one_or_none()

    async def set_list_token(self, list_name: str, token: str) -> None:
        """Sets (or replaces: a rotation) the list's token; the old one stops working at once."""
        with translated("write a list token"):
            async with self._writer.begin() as conn:
                await conn.execute(sa.delete(list_tokens).where(list_tokens.c.list_name == list_name))
                await conn.execute(
                    sa.insert(list_tokens).values(list_name=list_name, token=token, created_at=clock.now())
                )

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
            "updated_at": clock.now(),
        }
        with translated("save a source position"):
            async with self._writer.begin() as conn:
                # One statement: an update-then-insert from two daemons at once made both insert.
                insert = queries.insert_new(conn, source_state).values({**values, "source_key": source_key})
                await conn.execute(insert.on_conflict_do_update(index_elements=["source_key"], set_=values))

    # --- outbox -----------------------------------------------------------------------------------

    async def outbox_add(self, key: OutboxKey, raw: bytes, recipients: Sequence[str]) -> bool:
        """Keep one outgoing message; False (and nothing changed) when ``key`` already has one,
        unless that one is the record of an empty digest, which the message replaces."""
        with translated("queue an outgoing message"):
            async with self._writer.begin() as conn:
                return await outbox_queries.add(conn, key, raw, recipients, clock.now())

    async def outbox_add_empty(self, key: OutboxKey) -> bool:
        """Record a period whose digest was empty; False when ``key`` already has a message."""
        with translated("record an empty digest"):
            async with self._writer.begin() as conn:
                return await outbox_queries.add_empty(conn, key, clock.now())

    async def outbox_has(self, key: OutboxKey) -> bool:
        """Whether a message (or an empty digest) was ever kept under ``key``, whatever became of it."""
        return await self.outbox_item(key) is not None

    async def outbox_item(self, key: OutboxKey) -> OutboxItem | None:
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                return await outbox_queries.get(conn, key)

    async def outbox_due(self, now: datetime) -> list[OutboxItem]:
        """Pending messages whose retry time has come, and claims whose lease ran out; oldest first."""
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                return await outbox_queries.due(conn, now)

    async def outbox_periods_kept(
        self, list_names: Collection[str], kind: str, periods: Collection[str]
    ) -> set[tuple[str, str]]:
        """Which (list, period) pairs among these lists and periods were ever kept for the kind,
        whatever became of them: one query."""
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                return await outbox_queries.periods_kept(conn, list_names, kind, periods)

    async def last_sent(self, list_name: str, kind: str) -> datetime | None:
        """When the list's last message of this kind (a digest kind, or "meeting") went out."""
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                return await outbox_queries.last_sent(conn, list_name, kind)

    async def outbox_counts(self) -> dict[tuple[str, str], int]:
        """How many outgoing messages there are of each (kind, state): what /metrics reports."""
        query = sa.select(outbox.c.kind, outbox.c.state, sa.func.count().label("count")).group_by(
            outbox.c.kind, outbox.c.state
        )
        with translated("count the outbox"):
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).mappings().all()
        return {(row["kind"], row["state"]): row["count"] for row in rows}

    async def meeting_counts(self) -> dict[tuple[str, str], int]:
        """How many meetings each list has of each status."""
        query = sa.select(meetings.c.list_name, meetings.c.status, sa.func.count().label("count")).group_by(
            meetings.c.list_name, meetings.c.status
        )
        with translated("count meetings"):
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).mappings().all()
        return {(row["list_name"], row["status"]): row["count"] for row in rows}

    async def outbox_count_since(self, list_name: str, kind: str, since: datetime) -> int:
        with translated("read the outbox"):
            async with self.engine.connect() as conn:
                return await outbox_queries.count_since(conn, list_name, kind, since)

    async def outbox_claim(self, key: OutboxKey, now: datetime, until: datetime) -> bool:
        """Take a due message for sending until ``until``; False when it is not due (any more)."""
        with translated("claim an outgoing message"):
            async with self._writer.begin() as conn:
                return await outbox_queries.claim(conn, key, now, until)

    async def outbox_sent(self, key: OutboxKey, now: datetime) -> None:
        with translated("update the outbox"):
            async with self._writer.begin() as conn:
                await outbox_queries.mark_sent(conn, key, now)

    async def outbox_failed(self, key: OutboxKey, error: str, *, retry_at: datetime | None) -> None:
        """A failed attempt: tried again from ``retry_at``, never again when it is None."""
        with translated("update the outbox"):
            async with self._writer.begin() as conn:
                await outbox_queries.mark_failed(conn, key, error, retry_at)

    # --- list leases (several daemons on one store; bot.leases) ------------------------------------

    async def lease_round(self, daemon_id: str, now: datetime, until: datetime) -> LeaseRound:
        """Renew the daemon's registration and its leases until ``until``, in one transaction."""
        with translated("renew list leases"):
            async with self._writer.begin() as conn:
                await lease_queries.register(conn, daemon_id, now, until)
                owned = await lease_queries.renew(conn, daemon_id, now, until)
                alive = await lease_queries.alive(conn, now)
                found = await lease_queries.all_leases(conn)
        return LeaseRound(frozenset(owned), alive, tuple(found))

    async def lease_take(
        self, daemon_id: str, names: Collection[str], now: datetime, until: datetime
    ) -> set[str]:
        """Take the lists among ``names`` that are free or whose lease ran out; the ones taken."""
        with translated("take list leases"):
            async with self._writer.begin() as conn:
                return await lease_queries.take(conn, daemon_id, names, now, until)

    async def lease_release(self, daemon_id: str, names: Collection[str], now: datetime) -> None:
        with translated("release list leases"):
            async with self._writer.begin() as conn:
                await lease_queries.release(conn, daemon_id, names, now)

    async def lease_retire(self, daemon_id: str, names: Collection[str], now: datetime) -> None:
        """A clean stop: the daemon's lists free at once and the daemon no longer counted."""
        with translated("release list leases"):
            async with self._writer.begin() as conn:
                await lease_queries.release(conn, daemon_id, names, now)
                await lease_queries.unregister(conn, daemon_id)

    async def leases(self) -> list[Lease]:
        with translated("read list leases"):
            async with self.engine.connect() as conn:
                return await lease_queries.all_leases(conn)

    # --- membership requests ------------------------------------------------------------------------

    async def request_membership(self, request: MembershipRequest, raw: bytes) -> bool:
        """Record the request as pending and queue its message under its outbox key, in one transaction:
        there is never a pending request that was not queued, nor a request queued but not awaited.
        False (nothing changed) when that key was queued before."""
        with translated("record a membership request"):
            async with self._writer.begin() as conn:
                now = clock.now()
                key = request.outbox_key
                if not await outbox_queries.add(conn, key, raw, (request.request_address,), now):
                    return False
                await membership_queries.add(conn, request, now)
                return True

    async def confirm_membership(self, request_id: int, key: OutboxKey, raw: bytes, to: str) -> bool:
        """Mark the pending request confirmed and queue the reply that confirms it, in one transaction;
        False (nothing queued) when it is no longer pending: a request is confirmed once."""
        with translated("confirm a membership request"):
            async with self._writer.begin() as conn:
                now = clock.now()
                if not await membership_queries.mark(conn, request_id, MembershipState.CONFIRMED, now):
                    return False
                await outbox_queries.add(conn, key, raw, (to,), now)
                return True

    async def membership_requests(
        self, list_name: str, state: MembershipState | None = None
    ) -> list[MembershipRequest]:
        """The list's membership requests (in ``state``, else all), newest first."""
        with translated("read membership requests"):
            async with self.engine.connect() as conn:
                return await membership_queries.of_list(conn, list_name, state)

    # --- inside a transaction ---------------------------------------------------------------------

    async def _lock_list(self, conn: AsyncConnection, list_name: str) -> None:
        # SQLite serialises writers already (BEGIN IMMEDIATE); on PostgreSQL two messages about one
        # meeting merged at once could each create it, so merges of a list take turns.
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(list_name))))

    async def _add_alone(self, conn: AsyncConnection, item: Incoming) -> Kept | None:
        """One message of a batch in a savepoint of its own: what the database refuses of it sets that
        message aside (quarantined, the refusal as its reason, to be read again after an upgrade) and
        the rest of the batch goes on. A fault that may pass (a lost connection, a lock) still fails
        the whole batch, which is then tried again."""
        try:
            async with conn.begin_nested():
                return await self._add(conn, item)
        except exc.DBAPIError as error:
            if is_transient(error):
                raise
            reason = _refusal(error)
            log.warning("store.message_refused", extra=fields(source=item.message.source, reason=reason))
        aside = replace(item.message, state=MessageState.QUARANTINED, reason=reason)
        async with conn.begin_nested():
            message_id = await self._insert_message(conn, aside)
        return None if message_id is None else Kept(aside.state, aside.reason, (), ())

    async def _add(self, conn: AsyncConnection, item: Incoming) -> Kept | None:
        # The merge is decided before anything is written: a fault in it leaves nothing to undo, and a
        # database error aborts the whole transaction, so every message keeps all of its effects or none.
        message = item.message
        await self._lock_list(conn, message.list_name)
        when = message.date or message.received_at
        changes = await self._plan(conn, message, when, item.mentions, item.thread_keys)
        if isinstance(changes, _Fault):
            message = replace(message, state=MessageState.QUARANTINED, reason=changes.reason)
            changes = []
        message_id = await self._insert_message(conn, message)
        if message_id is None:
            return None
        created, changed = await self._save(conn, message.list_name, message_id, changes)
        return Kept(message.state, message.reason, created, changed)

    async def _insert_message(self, conn: AsyncConnection, message: NewMessage) -> int | None:
        """The new row's id; None when the list already has a message with this key (another intake,
        an IMAP re-fetch beside an LMTP retry, or an archive holding a message twice)."""
        values = {
            "list_name": message.list_name, "key": message.key, "source": message.source,
            "raw": pack(message.raw), "raw_codec": RAW_CODEC, "raw_size": len(message.raw),
            "received_at": message.received_at, "date": message.date, "subject": message.subject,
            "sender": message.sender, "state": message.state.value, "reason": message.reason,
            "processed_at": clock.now(),
        }  # fmt: skip
        insert = queries.insert_new(conn, messages).values(values)
        query = insert.on_conflict_do_nothing(index_elements=["list_name", "key"]).returning(messages.c.id)
        new_id: int | None = (await conn.execute(query)).scalar_one_or_none()
        return new_id

    async def _set_state(
        self, conn: AsyncConnection, message_id: int, state: MessageState, reason: str | None
    ) -> None:
        update = sa.update(messages).where(messages.c.id == message_id)
        await conn.execute(update.values(state=state.value, reason=reason, processed_at=clock.now()))

    async def _plan(
        self,
        conn: AsyncConnection,
        message: NewMessage | StoredMessage,
        when: datetime,
        mentions: Sequence[Mention],
        thread_keys: Sequence[str],
    ) -> list[MeetingChange] | _Fault:
        """What the message's mentions do to the list's meetings (reads only)."""
        if not mentions:
            return []
        days = {m.when.first_day for m in mentions}
        uids = {m.uid for m in mentions if m.uid is not None}
        known = await queries.candidates(conn, message.list_name, thread_keys, days, uids)
        thread_read = False
        if any(m.quoted for m in mentions) and not any(
            k.thread_keys.intersection(thread_keys) for k in known
        ):
            # Only a quote outside every known thread needs to know whether its thread was read.
            referred = [key for key in thread_keys if key != message.key]
            thread_read = await queries.any_message(conn, message.list_name, referred)
        try:
            return merge(mentions, known, MessageFacts(when, tuple(thread_keys), thread_read))
        except Exception as exc:  # a fault in the merge: the message is set aside, the intake goes on
            log.warning("store.merge_failed", exc_info=True, extra=fields(source=message.source))
            return _Fault(f"merge: {type(exc).__name__}: {exc}")

    async def _save(
        self, conn: AsyncConnection, list_name: str, message_id: int, changes: Sequence[MeetingChange]
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Write the planned changes; the ids of the meetings created and changed."""
        created: list[int] = []
        changed: list[int] = []
        for change in changes:
            meeting_id = await queries.save(
                conn, change, list_name=list_name, message_id=message_id, actor="message"
            )
            if change.created:
                created.append(meeting_id)
            elif change.changes:
                changed.append(meeting_id)
        return tuple(created), tuple(changed)


def _readable(convert: Callable[[sa.RowMapping], Meeting], rows: Iterable[sa.RowMapping]) -> list[Meeting]:
    """The rows that make meetings; one that does not (written by hand, or by a bug) is logged with its
    id and left out, so that the others still reach their digests and reminders."""
    found = []
    for row in rows:
        try:
            found.append(convert(row))
        except (ValueError, TypeError, KeyError) as exc:
            log.error("store.bad_meeting_row", extra=fields(meeting_id=row["id"], error=repr(exc)))
    return found


_BY_DAY = (meetings.c.start_day, meetings.c.start_iso, meetings.c.id)


def _meetings_filter(
    list_name: str | None, status: MeetingStatus | None, start_from: date | None, start_until: date | None
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if list_name is not None:
        where.append(meetings.c.list_name == list_name)
    if status is not None:
        where.append(meetings.c.status == status.value)
    if start_from is not None:
        where.append(meetings.c.start_day >= start_from)
    if start_until is not None:
        where.append(meetings.c.start_day <= start_until)
    return where


async def _meetings_named(conn: AsyncConnection, ref: int | str, list_name: str | None) -> list[Meeting]:
    where = [meetings.c.id == ref if isinstance(ref, int) else meetings.c.uid == ref]
    if list_name is not None:
        where.append(meetings.c.list_name == list_name)
    query = sa.select(*queries.MEETING_COLUMNS).where(*where).order_by(meetings.c.id)
    return [queries.meeting_of(row) for row in (await conn.execute(query)).mappings()]


def _kept_cancelled(since: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(meetings.c.status != MeetingStatus.CANCELLED.value, meetings.c.updated_at >= since)


def _history_query(where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """History entries with the key of the message that caused each, in the order they were written."""
    return (
        sa.select(meeting_history, messages.c.key)
        .outerjoin(messages, messages.c.id == meeting_history.c.message_id)
        .where(where)
        .order_by(meeting_history.c.id)
    )


def _refusal(error: exc.DBAPIError) -> str:
    """A database's refusal as a quarantined message's reason."""
    return storable_text(f"store: {type(error.orig).__name__}: {error.orig}")[:REASON_CHARS]


@dataclass(frozen=True, slots=True)
class _Fault:
    reason: str


@asynccontextmanager
async def open_store(settings: StoreSettings) -> AsyncIterator[Store]:
    """The store, migrated to the newest schema, closed on the way out."""
    async with await Store.open(settings) as store:
        yield store


@asynccontextmanager
async def open_reader(settings: StoreSettings) -> AsyncIterator[Store]:
    """The store for reading only (``meetings``, ``status``), not migrated, closed on the way out."""
    async with await Store.open_for_reading(settings) as store:
        yield store


async def _exists(url: str) -> None:
    await asyncio.to_thread(_require_sqlite_file, url)


def _require_sqlite_file(url: str) -> None:
    """Opening a missing SQLite file would create an empty store: a reader must leave no trace.
    Blocking (two stats): run it off the event loop."""
    require_sqlite_folder(url)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {path} yet: the daemon (or `listminder ingest`) creates it")


async def _same_schema(engine: AsyncEngine, configured_url: str) -> None:
    found, wanted = await current_revision(engine), await asyncio.to_thread(head_revision)
    url = sa.make_url(configured_url).render_as_string(hide_password=True)
    if found == wanted:
        return
    if found is None:
        raise StoreError(f"the store {url} has no schema yet: start the daemon once to create it")
    raise StoreError(
        f"the store {url} has schema {found}, this listminder reads {wanted}: "
        "an older store is upgraded by starting the daemon (listminder run) once; readers do not migrate"
    )


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
