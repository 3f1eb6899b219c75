"""The outbox's reads and writes on an open connection; the transaction belongs to the caller.

The outbox has two layers: these queries, and the Store's ``outbox_*`` methods, which give each one its
transaction and translate database errors. The digest's Sender uses those methods with the store's own
OutboxKey and OutboxItem: there is no second key format and no second interface to keep in step.

Each change is one UPDATE whose WHERE states what must still hold, so that of two senders (the daemon
and `listminder digest send`, or two daemons on one PostgreSQL store) only one sees its row changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.queries import insert_new
from bot.store.records import OutboxItem, OutboxKey, OutboxState
from bot.store.tables import outbox

PENDING, SENDING, SENT = OutboxState.PENDING.value, OutboxState.SENDING.value, OutboxState.SENT.value
FAILED, EMPTY = OutboxState.FAILED.value, OutboxState.EMPTY.value
_KEY_COLUMNS = ("list_name", "kind", "period")


def _key_values(key: OutboxKey) -> dict[str, str]:
    return {"list_name": key.list_name, "kind": key.kind, "period": key.period}


def _at(key: OutboxKey) -> sa.ColumnElement[bool]:
    return sa.and_(*(outbox.c[name] == value for name, value in _key_values(key).items()))


def _new_row(
    key: OutboxKey, raw: bytes, recipients: Sequence[str], state: str, now: datetime
) -> dict[str, Any]:
    values = {"raw": raw, "recipients": list(recipients), "state": state, "attempts": 0, "created_at": now}
    return {**_key_values(key), **values}


def _due(now: datetime) -> sa.ColumnElement[bool]:
    waiting = sa.and_(
        outbox.c.state == PENDING,
        sa.or_(outbox.c.next_attempt_at.is_(None), outbox.c.next_attempt_at <= now),
    )
    abandoned = sa.and_(outbox.c.state == SENDING, outbox.c.claimed_until <= now)
    return sa.or_(waiting, abandoned)


async def add(
    conn: AsyncConnection, key: OutboxKey, raw: bytes, recipients: Sequence[str], now: datetime
) -> bool:
    """Insert the message; over a period recorded as empty, take its place (it was never sent)."""
    values = _new_row(key, raw, recipients, PENDING, now)
    query = insert_new(conn, outbox).values(values)
    query = query.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS),
        set_={k: v for k, v in values.items() if k not in _KEY_COLUMNS},
        where=outbox.c.state == EMPTY,
    )
    added: int | None = (await conn.execute(query.returning(outbox.c.id))).scalar_one_or_none()
    return added is not None


async def add_empty(conn: AsyncConnection, key: OutboxKey, now: datetime) -> bool:
    """Record that the period's digest had nothing to say, so that it is not composed again."""
    values = _new_row(key, b"", [], EMPTY, now)
    query = insert_new(conn, outbox).values(values)
    query = query.on_conflict_do_nothing(index_elements=list(_KEY_COLUMNS))
    added: int | None = (await conn.execute(query.returning(outbox.c.id))).scalar_one_or_none()
    return added is not None


async def get(conn: AsyncConnection, key: OutboxKey) -> OutboxItem | None:
    row = (await conn.execute(sa.select(outbox).where(_at(key)))).mappings().first()
    return item_of(row) if row is not None else None


async def due(conn: AsyncConnection, now: datetime) -> list[OutboxItem]:
    query = sa.select(outbox).where(_due(now)).order_by(outbox.c.created_at, outbox.c.id)
    return [item_of(row) for row in (await conn.execute(query)).mappings()]


async def keys_of_kinds(conn: AsyncConnection, list_name: str, kinds: Collection[str]) -> list[OutboxKey]:
    """The keys of the list's messages of these kinds (not the records of empty digests)."""
    query = sa.select(outbox.c.list_name, outbox.c.kind, outbox.c.period).where(
        outbox.c.list_name == list_name, outbox.c.kind.in_(kinds), outbox.c.state != EMPTY
    )
    return [OutboxKey(row.list_name, row.kind, row.period) for row in await conn.execute(query)]


async def periods_kept(
    conn: AsyncConnection, list_names: Collection[str], kind: str, periods: Collection[str]
) -> set[tuple[str, str]]:
    """Which (list, period) pairs of these lists and periods the outbox already holds for this kind."""
    if not periods or not list_names:
        return set()
    query = sa.select(outbox.c.list_name, outbox.c.period).where(
        outbox.c.list_name.in_(list_names), outbox.c.kind == kind, outbox.c.period.in_(periods)
    )
    return {(row.list_name, row.period) for row in await conn.execute(query)}


async def last_sent(conn: AsyncConnection, list_name: str, kind: str) -> datetime | None:
    query = sa.select(sa.func.max(outbox.c.sent_at)).where(
        outbox.c.list_name == list_name, outbox.c.kind == kind, outbox.c.state == SENT
    )
    found: datetime | None = (await conn.execute(query)).scalar_one_or_none()
    return found


async def count_since(conn: AsyncConnection, list_name: str, kind: str, since: datetime) -> int:
    """How many messages of this kind were queued for the list since ``since`` (for rate limits)."""
    query = sa.select(sa.func.count()).where(
        outbox.c.list_name == list_name, outbox.c.kind == kind, outbox.c.created_at >= since
    )
    found: int = (await conn.execute(query)).scalar_one()
    return found


async def claim(conn: AsyncConnection, key: OutboxKey, now: datetime, until: datetime) -> bool:
    values = {"state": SENDING, "claimed_until": until, "attempts": outbox.c.attempts + 1}
    return await _change(conn, sa.and_(_at(key), _due(now)), values)


async def mark_sent(conn: AsyncConnection, key: OutboxKey, now: datetime) -> None:
    values = {"state": SENT, "sent_at": now, "last_error": None, "claimed_until": None}
    await _change(conn, _at(key), values)


async def mark_failed(conn: AsyncConnection, key: OutboxKey, error: str, retry_at: datetime | None) -> None:
    """A failed attempt: tried again at ``retry_at``, or never when it is None."""
    state = FAILED if retry_at is None else PENDING
    values = {"state": state, "last_error": error, "next_attempt_at": retry_at, "claimed_until": None}
    await _change(conn, _at(key), values)


async def _change(conn: AsyncConnection, where: sa.ColumnElement[bool], values: dict[str, Any]) -> bool:
    result = await conn.execute(sa.update(outbox).where(where).values(values))
    return result.rowcount == 1


def item_of(row: sa.RowMapping) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        key=OutboxKey(row["list_name"], row["kind"], row["period"]),
        raw=row["raw"],
        recipients=tuple(row["recipients"]),
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        next_attempt_at=row["next_attempt_at"],
        claimed_until=row["claimed_until"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
    )
