"""IMAP read positions saved by several daemons sharing one store, on both engines."""

from __future__ import annotations

import asyncio

from bot.config import StoreSettings
from bot.store import Store
from bot.store.records import MailboxPosition

MAILBOXES = 25


async def test_two_stores_saving_first_positions_at_once_both_succeed(
    store: Store, any_store_settings: StoreSettings
) -> None:
    async with await Store.open(any_store_settings) as other:
        saves = [
            each.set_position(f"imap:list-{n}", MailboxPosition(7, n + offset))
            for n in range(MAILBOXES)
            for offset, each in ((0, store), (1, other))
        ]
        await asyncio.gather(*saves)
    for n in range(MAILBOXES):
        position = await store.get_position(f"imap:list-{n}")
        assert position is not None and position.uidvalidity == 7 and position.last_uid in {n, n + 1}
