"""List leases on an open connection; the transaction belongs to the caller.

The rules are the outbox claim's (bot.store.outbox): a lease is a row with an owner and an expiry; its
owner renews it, and any daemon may take it once it has expired. Each change is one statement whose
WHERE states what must still hold, so that of two daemons reaching for one list only one gets it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.queries import insert_new
from bot.store.records import Lease
from bot.store.tables import daemons, list_leases


async def register(conn: AsyncConnection, daemon_id: str, now: datetime, until: datetime) -> None:
    """Say that the daemon is alive until ``until`` (it counts in the share of every other)."""
    query = insert_new(conn, daemons).values(daemon_id=daemon_id, started_at=now, expires_at=until)
    await conn.execute(query.on_conflict_do_update(index_elements=["daemon_id"], set_={"expires_at": until}))


async def unregister(conn: AsyncConnection, daemon_id: str) -> None:
    await conn.execute(sa.delete(daemons).where(daemons.c.daemon_id == daemon_id))


async def alive(conn: AsyncConnection, now: datetime) -> int:
    query = sa.select(sa.func.count()).select_from(daemons).where(daemons.c.expires_at > now)
    found: int = (await conn.execute(query)).scalar_one()
    return found


async def renew(conn: AsyncConnection, owner: str, now: datetime, until: datetime) -> set[str]:
    """Extend the owner's leases that have not run out; the lists it still owns."""
    query = (
        sa.update(list_leases)
        .where(list_leases.c.owner == owner, list_leases.c.expires_at > now)
        .values(expires_at=until)
        .returning(list_leases.c.list_name)
    )
    return set((await conn.execute(query)).scalars())


async def take(
    conn: AsyncConnection, owner: str, names: Collection[str], now: datetime, until: datetime
) -> set[str]:
    """Take the lists among ``names`` that nobody holds or whose lease ran out; the ones taken."""
    if not names:
        return set()
    rows = [{"list_name": name, "owner": owner, "acquired_at": now, "expires_at": until} for name in names]
    query = insert_new(conn, list_leases).values(rows)
    excluded = query.excluded
    query = query.on_conflict_do_update(
        index_elements=["list_name"],
        set_={
            "owner": excluded.owner,
            "acquired_at": excluded.acquired_at,
            "expires_at": excluded.expires_at,
        },
        where=list_leases.c.expires_at <= now,
    )
    return set((await conn.execute(query.returning(list_leases.c.list_name))).scalars())


async def release(conn: AsyncConnection, owner: str, names: Collection[str], now: datetime) -> None:
    """Give the lists up at once (a clean stop, or more than a fair share): others take them next."""
    if not names:
        return
    where = sa.and_(list_leases.c.owner == owner, list_leases.c.list_name.in_(names))
    await conn.execute(sa.update(list_leases).where(where).values(expires_at=now))


async def all_leases(conn: AsyncConnection) -> list[Lease]:
    query = sa.select(list_leases).order_by(list_leases.c.list_name)
    return [
        Lease(row["list_name"], row["owner"], row["acquired_at"], row["expires_at"])
        for row in (await conn.execute(query)).mappings()
    ]
