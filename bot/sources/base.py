"""What every mail source needs from the rest of the daemon, as protocols: the one intake path and the
place to remember how far it has read."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.store.records import MailboxPosition


class Intake(Protocol):
    """The one intake path (bot.ingest). Returns once the message is committed to the store.

    Raises ``bot.errors.StoreUnavailable`` when the store cannot take it now (the source keeps the
    message and tries again later; the SMTP listener answers 451).
    """

    async def __call__(
        self, raw: bytes, *, list_name: str | None, received_at: datetime, source: str
    ) -> object: ...


class SourceStates(Protocol):
    """Per-source reading positions, kept in the store (table source_state)."""

    async def get_position(self, source_key: str) -> MailboxPosition | None: ...

    async def set_position(self, source_key: str, position: MailboxPosition) -> None: ...


class MailboxReporter(Protocol):
    """Told when a mailbox connects or fails, for `listminder status` (the daemon's status board)."""

    def __call__(self, list_name: str, *, connected: bool, error: str | None) -> None: ...


class ListenerReporter(Protocol):
    """Told when the listener binds its address or cannot, for `listminder status` (the status board)."""

    def __call__(self, *, listening: bool, address: str, error: str | None) -> None: ...
