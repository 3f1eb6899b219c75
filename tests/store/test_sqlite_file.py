"""A new SQLite store opened by several processes at once: while one switches the file to WAL and starts
writing, the others' switch fails at once with "database is locked" (SQLite does not wait for a lock it
could deadlock on), so every process must retry the switch rather than fail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.engine import prepare_sqlite_file
from tests.processes import run_together

PROCESSES = 3
ROUNDS = 10
# Imports first, then "ready" and a wait for a line on stdin, so that all start together: prepare the
# file, then write in it for a while, as a daemon's migration does right after.
PREPARE_THEN_WRITE = """
import sqlite3, sys, time
from bot.store.engine import prepare_sqlite_file

print("ready", flush=True)
sys.stdin.readline()
prepare_sqlite_file("sqlite:///" + sys.argv[1], busy_timeout_s=30)
connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("CREATE TABLE IF NOT EXISTS written (n INTEGER)")
connection.execute("INSERT INTO written VALUES (1)")
time.sleep(0.05)
connection.execute("COMMIT")
"""


def prepare_together(database: Path) -> list[tuple[int, str]]:
    return run_together(PREPARE_THEN_WRITE, str(database), PROCESSES)


def journal_mode(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        connection.close()


def test_processes_preparing_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        database = tmp_path / f"store-{round_}.sqlite3"
        outcomes = prepare_together(database)
        assert [code for code, _ in outcomes] == [0] * PROCESSES, "\n".join(err for _, err in outcomes)
        assert journal_mode(database) == "wal"


def test_a_file_already_in_wal_mode_is_prepared_while_another_process_writes(tmp_path: Path) -> None:
    database = tmp_path / "store.sqlite3"
    prepare_sqlite_file(f"sqlite:///{database}")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE held (n INTEGER)")
    try:
        # In WAL mode the switch is a no-op and never waits for the writer.
        prepare_sqlite_file(f"sqlite:///{database}", busy_timeout_s=0.01)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert journal_mode(database) == "wal"


def test_a_memory_store_needs_no_file() -> None:
    prepare_sqlite_file("sqlite:///:memory:")
