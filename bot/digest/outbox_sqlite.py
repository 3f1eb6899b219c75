"""The outbox over one SQLite file, with the standard sqlite3 module run in worker threads.

Each call opens its own connection: calls come from different threads of the default executor, and
a connection per call keeps them independent at a cost that is small beside sending a mail. Times are
stored as UTC ISO strings of fixed width, so that they compare as text.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.digest.outbox import OutboxItem, OutboxState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS digest_outbox (
    key TEXT PRIMARY KEY,
    message BLOB NOT NULL,
    recipients TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL DEFAULT '',
    last_error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at TEXT
)
"""

_COLUMNS = "key, message, recipients, state, attempts, last_error"


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the outbox keeps aware times only")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        key=row["key"],
        message=bytes(row["message"]),
        recipients=tuple(json.loads(row["recipients"])),
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
    )


class SqliteOutbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every statement below is one atomic step, which is all the outbox needs.
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            if not self._ready:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(_SCHEMA)
                self._ready = True
            yield connection
        finally:
            connection.close()

    def _add(self, key: str, message: bytes, recipients: tuple[str, ...]) -> bool:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO digest_outbox (key, message, recipients, state) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                (key, message, json.dumps(list(recipients)), OutboxState.PENDING.value),
            )
            return cursor.rowcount == 1

    async def add(self, key: str, message: bytes, recipients: tuple[str, ...]) -> bool:
        return await asyncio.to_thread(self._add, key, message, recipients)

    def _get(self, key: str) -> OutboxItem | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM digest_outbox WHERE key = ?", (key,)).fetchone()
            return _item(row) if row is not None else None

    async def get(self, key: str) -> OutboxItem | None:
        return await asyncio.to_thread(self._get, key)

    async def has(self, key: str) -> bool:
        return await self.get(key) is not None

    def _due(self, now: str) -> list[OutboxItem]:
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM digest_outbox WHERE state IN (?, ?) AND next_attempt <= ? "
                "ORDER BY created_at, key",
                (OutboxState.PENDING.value, OutboxState.SENDING.value, now),
            ).fetchall()
            return [_item(row) for row in rows]

    async def due(self, now: datetime) -> list[OutboxItem]:
        return await asyncio.to_thread(self._due, _stamp(now))

    def _claim(self, key: str, now: str, until: str) -> bool:
        # One UPDATE decides: of two senders racing for the key, only one sees a changed row.
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE digest_outbox SET state = ?, next_attempt = ?, attempts = attempts + 1 "
                "WHERE key = ? AND state IN (?, ?) AND next_attempt <= ?",
                (
                    OutboxState.SENDING.value,
                    until,
                    key,
                    OutboxState.PENDING.value,
                    OutboxState.SENDING.value,
                    now,
                ),
            )
            return cursor.rowcount == 1

    async def claim(self, key: str, now: datetime, until: datetime) -> bool:
        return await asyncio.to_thread(self._claim, key, _stamp(now), _stamp(until))

    def _update(self, sql: str, values: tuple[object, ...]) -> None:
        with self._connect() as db:
            db.execute(sql, values)

    async def mark_sent(self, key: str, now: datetime) -> None:
        await asyncio.to_thread(
            self._update,
            "UPDATE digest_outbox SET state = ?, sent_at = ?, last_error = NULL WHERE key = ?",
            (OutboxState.SENT.value, _stamp(now), key),
        )

    async def mark_failed(self, key: str, error: str, permanent: bool, retry_at: datetime | None) -> None:
        if permanent or retry_at is None:
            state, next_attempt = OutboxState.FAILED, ""
        else:
            state, next_attempt = OutboxState.PENDING, _stamp(retry_at)
        await asyncio.to_thread(
            self._update,
            "UPDATE digest_outbox SET state = ?, next_attempt = ?, last_error = ? WHERE key = ?",
            (state.value, next_attempt, error, key),
        )


def outbox_path(state_dir: Path) -> Path:
    """Where the daemon and the command line keep the outbox: one file both of them open."""
    return state_dir / "listminder-outbox.sqlite3"
