"""The bot's membership requests: reads and writes on an open connection; the transaction is the caller's."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.records import MembershipRequest, MembershipState, OutboxKey
from bot.store.tables import membership_requests as requests

PENDING = MembershipState.PENDING.value


async def add(conn: AsyncConnection, request: MembershipRequest, now: datetime) -> int:
    """Record the request; an earlier pending one of the same list no longer waits for its confirmation
    (a subscribe and an unsubscribe cannot both be pending: the last word is the admin's intent)."""
    await conn.execute(
        sa.update(requests)
        .where(requests.c.list_name == request.list_name, requests.c.state == PENDING)
        .values(state=MembershipState.SUPERSEDED.value, updated_at=now)
    )
    values = {
        "list_name": request.list_name,
        "action": request.action,
        "server": request.server,
        "member": request.member,
        "request_address": request.request_address,
        "outbox_key": request.outbox_key.text,
        "requested_at": request.requested_at,
        "state": request.state.value,
        "updated_at": now,
    }
    added: int = (
        await conn.execute(sa.insert(requests).values(values).returning(requests.c.id))
    ).scalar_one()
    return added


async def mark(conn: AsyncConnection, request_id: int, state: MembershipState, now: datetime) -> bool:
    """Move a pending request to ``state``; False when it was not pending (any more)."""
    result = await conn.execute(
        sa.update(requests)
        .where(requests.c.id == request_id, requests.c.state == PENDING)
        .values(state=state.value, updated_at=now)
    )
    return result.rowcount == 1


async def of_list(
    conn: AsyncConnection, list_name: str, state: MembershipState | None
) -> list[MembershipRequest]:
    """The list's requests, newest first."""
    query = sa.select(requests).where(requests.c.list_name == list_name)
    if state is not None:
        query = query.where(requests.c.state == state.value)
    query = query.order_by(requests.c.requested_at.desc(), requests.c.id.desc())
    return [request_of(row) for row in (await conn.execute(query)).mappings()]


def request_of(row: sa.RowMapping) -> MembershipRequest:
    return MembershipRequest(
        id=row["id"],
        list_name=row["list_name"],
        action=row["action"],
        server=row["server"],
        member=row["member"],
        request_address=row["request_address"],
        outbox_key=OutboxKey.parse(row["outbox_key"]),
        requested_at=row["requested_at"],
        state=MembershipState(row["state"]),
    )
