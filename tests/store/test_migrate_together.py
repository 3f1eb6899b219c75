"""Daemons started at once on an empty database: each process migrates, and none may fail for the
other's sake (PostgreSQL: "duplicate key value violates unique constraint pg_type_typname_nsp_index")."""

from __future__ import annotations

from collections.abc import Callable

from bot.config import StoreSettings
from bot.store.migrate import head_revision
from tests.processes import run_together
from tests.stores import rows

PROCESSES = 2
ROUNDS = 2
# Imports first, then "ready" and a line on stdin: every process reaches the migration at the same moment.
OPEN_ON_GO = """
import asyncio, sys
from bot.config import StoreSettings
from bot.store import Store

async def main() -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    async with await Store.open(StoreSettings(url=sys.argv[1])):
        pass

asyncio.run(main())
"""


def open_together(settings: StoreSettings) -> list[tuple[int, str]]:
    """Start the processes, let them all go at once; each one's exit status and error output."""
    return run_together(OPEN_ON_GO, settings.url, PROCESSES)


def test_processes_migrating_an_empty_database_at_once_all_succeed(
    another_store_settings: Callable[[], StoreSettings],
) -> None:
    for _ in range(ROUNDS):
        settings = another_store_settings()
        outcomes = open_together(settings)
        assert [code for code, _ in outcomes] == [0] * PROCESSES, "\n".join(err for _, err in outcomes)
        assert rows(settings, "select version_num from alembic_version") == [(head_revision(),)]
