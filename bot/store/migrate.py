"""Bring a database to the newest schema at start: Alembic, run on our own connection."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import StoreError
from bot.store.engine import for_writing, translated

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "head"
# The PostgreSQL advisory lock that daemons starting at once take in turns to migrate: any fixed number
# that nothing else on the server uses ("lsmdmigr" in ASCII).
MIGRATION_LOCK = 0x6C736D646D696772


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = HEAD) -> None:
    """Apply every migration up to ``revision``; a database already there is left as it is."""
    with translated("migrate the store"):
        async with for_writing(engine).connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # SQLite changes a table's constraints by rebuilding it (Alembic's batch mode), which
                # drops the old table while other tables' rows refer to it: SQLite's own procedure
                # turns the checks off for the change (only possible outside a transaction) and checks
                # every reference before the commit instead.
                await connection.run_sync(_sqlite_foreign_keys, False)
            try:
                async with connection.begin():
                    # Two daemons starting on an empty database both created the first tables, and one
                    # failed ("duplicate key ... pg_type_typname_nsp_index"). The lock is held until
                    # this transaction ends; the second then finds the schema there and has nothing to
                    # do. On SQLite the write transaction (BEGIN IMMEDIATE) serialises already.
                    if connection.dialect.name == "postgresql":
                        await connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
                    await connection.run_sync(_upgrade, revision)
                    if sqlite:
                        await connection.run_sync(_require_references)
            finally:
                if sqlite:
                    await connection.run_sync(_sqlite_foreign_keys, True)


async def current_revision(engine: AsyncEngine) -> str | None:
    with translated("read the schema version"):
        async with engine.connect() as connection:
            return await connection.run_sync(_current)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    # On the driver's connection: through SQLAlchemy the statement would begin a transaction, inside
    # which SQLite ignores the pragma.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _require_references(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StoreError(f"migrating left rows referring to nothing: {[tuple(row) for row in broken[:5]]}")


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
