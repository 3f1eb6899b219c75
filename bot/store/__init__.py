"""The store: messages (kept compressed), meetings with their history, source positions, the outbox,
the bot's membership requests.

SQLAlchemy's asyncio support over SQLite (aiosqlite, the default) or PostgreSQL (asyncpg); the schema is
kept by the Alembic revisions in ``migrations/``, applied when the store is opened.
"""

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
    OutboxState,
    Reread,
    StoredMessage,
    ThreadRecords,
)
from bot.store.store import Store, open_reader, open_store

__all__ = [
    "HistoryEntry",
    "Incoming",
    "Kept",
    "Lease",
    "LeaseRound",
    "MailboxPosition",
    "Meeting",
    "MembershipRequest",
    "MembershipState",
    "MessageState",
    "NewMessage",
    "OutboxItem",
    "OutboxKey",
    "OutboxState",
    "Reread",
    "Store",
    "StoredMessage",
    "ThreadRecords",
    "open_reader",
    "open_store",
]
