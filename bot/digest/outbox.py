"""The outbox: every outgoing message is written here under a unique key before it is sent.

The key is what makes sending idempotent: a digest of one list, kind and period, or a reminder of one
meeting UID, offset and SEQUENCE, is added once; a second add of the same key changes nothing, so a
restart, a retry or a manual `digest send` for a period already done never sends it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OutboxKey:
    """(list, kind, period): "mmwg", "reminder", "2007-02-05T07:00Z"; or "mmwg", "meeting",
    "<uid>/7d/3" for a per-meeting reminder."""

    list_name: str
    kind: str
    period: str

    @property
    def text(self) -> str:
        return f"{self.list_name}/{self.kind}/{self.period}"

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text: str) -> OutboxKey:
        """The key of ``text``; list names and kinds hold no "/", a period may ("<uid>/7d/3")."""
        parts = text.split("/", 2)
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"not an outbox key (list/kind/period): {text!r}")
        return cls(*parts)


class OutboxState(StrEnum):
    PENDING = "pending"
    # Claimed by a sender until its lease runs out; see Outbox.claim.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # A digest period that had nothing to say (and send_empty off): kept so that a restart later in the
    # period does not compose it again and mail it hours late; a manual `digest send` replaces it.
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    key: str
    message: bytes
    recipients: tuple[str, ...]
    state: OutboxState
    attempts: int
    last_error: str | None


class Outbox(Protocol):
    async def add(self, key: str, message: bytes, recipients: tuple[str, ...]) -> bool:
        """Keep a message to send; False (and nothing changed) when the key is already there, unless
        it is there as EMPTY: then the message takes its place."""

    async def add_empty(self, key: str) -> bool:
        """Record the key as EMPTY; False (and nothing changed) when the key is already there."""

    async def has(self, key: str) -> bool:
        """Whether a message was ever added under the key (whatever became of it)."""

    async def due(self, now: datetime) -> list[OutboxItem]:
        """Messages to try now: pending ones whose retry time has come, and claims that expired."""

    async def claim(self, key: str, now: datetime, until: datetime) -> bool:
        """Take a due message for sending until ``until``; False when it is not due (sent, failed,
        or claimed by another sender), so that two senders never both send it."""

    async def mark_sent(self, key: str, now: datetime) -> None: ...

    async def mark_failed(self, key: str, error: str, permanent: bool, retry_at: datetime | None) -> None:
        """Record a failed attempt: permanent ones are never tried again, others at ``retry_at``."""

    async def get(self, key: str) -> OutboxItem | None: ...
