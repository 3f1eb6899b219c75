"""The outbox kept in the store (its ``outbox`` table), so that the daemon and the command line, on
one machine or several over PostgreSQL, share the keys that make sending idempotent."""

from __future__ import annotations

from datetime import datetime

from bot.digest.outbox import OutboxItem, OutboxKey, OutboxState
from bot.store import OutboxItem as StoredItem
from bot.store import OutboxRef, Store


def _ref(key: str) -> OutboxRef:
    parsed = OutboxKey.parse(key)
    return OutboxRef(parsed.list_name, parsed.kind, parsed.period)


def _item(stored: StoredItem) -> OutboxItem:
    return OutboxItem(
        key=OutboxKey(*stored.ref).text,
        message=stored.raw,
        recipients=stored.recipients,
        state=OutboxState(stored.state),
        attempts=stored.attempts,
        last_error=stored.last_error,
    )


class StoreOutbox:
    """bot.digest.outbox.Outbox over an open store; the store's owner closes it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def add(self, key: str, message: bytes, recipients: tuple[str, ...]) -> bool:
        return await self.store.outbox_add(_ref(key), message, recipients)

    async def add_empty(self, key: str) -> bool:
        return await self.store.outbox_add_empty(_ref(key))

    async def has(self, key: str) -> bool:
        return await self.get(key) is not None

    async def get(self, key: str) -> OutboxItem | None:
        stored = await self.store.outbox_item(_ref(key))
        return _item(stored) if stored is not None else None

    async def due(self, now: datetime) -> list[OutboxItem]:
        return [_item(stored) for stored in await self.store.outbox_due(now)]

    async def claim(self, key: str, now: datetime, until: datetime) -> bool:
        return await self.store.outbox_claim(_ref(key), now, until)

    async def mark_sent(self, key: str, now: datetime) -> None:
        await self.store.outbox_sent(_ref(key), now)

    async def mark_failed(self, key: str, error: str, permanent: bool, retry_at: datetime | None) -> None:
        await self.store.outbox_failed(_ref(key), error, retry_at=None if permanent else retry_at)
