"""The daemon's listener under concurrent sessions from this (another) process: every message answered
250 is in the store exactly once, nothing refused is; oversized and foreign-recipient mail is refused.
Counts are asserted, never speed (benchmarks/listener_load.py measures that)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import Daemon
from tests.servers.dovecot import free_port
from tests.smtp_load import mixed_messages, run_load

LIST = "load@example.org"
MAX_BYTES = 32_000


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Daemon, int, Path]]:
    port = free_port()
    db = tmp_path / "listminder.db"
    config = tmp_path / "listminder.toml"
    config.write_text(
        f"""
[store]
url = "sqlite:///{db}"
[daemon]
state_dir = "{tmp_path}"
[outbound]
transport = "file"
outbox_dir = "{tmp_path / "outbox"}"
from_address = "listminder@example.org"
[inbound.smtp]
host = "127.0.0.1"
port = {port}
max_message_bytes = {MAX_BYTES}
max_sessions = 10

[[lists]]
name = "load"
address = "{LIST}"
"""
    )
    running = Daemon(cwd=tmp_path, env={"LISTMINDER_CONFIG": str(config)})
    try:
        running.wait_logged("event=listener.started")
        yield running, port, db
    finally:
        running.close()


def stored_keys(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return [str(row[0]) for row in connection.execute("SELECT key FROM messages")]


def test_four_clients_two_hundred_messages(daemon: tuple[Daemon, int, Path]) -> None:
    process, port, db = daemon
    messages = mixed_messages(
        200, LIST, tag="loadtest", oversized_every=25, foreign_every=20, big=2 * MAX_BYTES
    )
    result = asyncio.run(run_load("127.0.0.1", port, messages, clients=4, limit_s=50))

    normal = [m for m in messages if m.kind == "normal"]
    accepted = {o.message.key for o in result.accepted()}
    assert accepted == {m.key for m in normal}, result.by_code
    for outcome in result.outcomes:
        if outcome.message.kind == "oversized":
            assert outcome.code == 552, outcome
        elif outcome.message.kind == "foreign":
            assert outcome.code == 550, outcome

    keys = stored_keys(db)
    assert len(keys) == len(set(keys)), "a message was stored twice"
    assert set(keys) == accepted, "stored messages differ from the accepted ones"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        [(meetings,)] = connection.execute("SELECT COUNT(*) FROM meetings").fetchall()
    assert meetings == len(normal)
    assert "Traceback" not in process.log
