"""Migrations seen from outside: one revision's DDL as a dialect is told it, and a store left at an
older revision, for the tests of each migration."""

from __future__ import annotations

import importlib
import io

from alembic.migration import MigrationContext
from alembic.operations import Operations

from bot.config import StoreSettings
from bot.store.engine import create_engine
from bot.store.migrate import upgrade


def revision_ddl(module: str, dialect: str) -> str:
    """The revision's upgrade then downgrade as the dialect's compiler writes them (alembic's offline
    mode): what PostgreSQL would be told, checked without a server."""
    revision = importlib.import_module(f"bot.store.migrations.versions.{module}")
    out = io.StringIO()
    context = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": out})
    with Operations.context(context):
        revision.upgrade()
        revision.downgrade()
    return out.getvalue()


async def store_at(settings: StoreSettings, revision: str) -> None:
    """The store's schema as the given revision left it, so that opening it upgrades from there."""
    engine = create_engine(settings.url, busy_timeout_s=5)
    try:
        await upgrade(engine, revision)
    finally:
        await engine.dispose()
