"""The list tokens' migration, as SQLite runs it and as PostgreSQL would be told it, and the tokens kept."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations

from bot.store import Store
from bot.store.engine import create_engine
from bot.store.migrate import upgrade
from tests.stores import store_settings

REVISION = importlib.import_module("bot.store.migrations.versions.v0007_list_tokens")


def script_for(dialect: str) -> str:
    out = io.StringIO()
    context = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": out})
    with Operations.context(context):
        REVISION.upgrade()
        REVISION.downgrade()
    return out.getvalue()


def test_postgresql_is_given_a_table_with_bounded_columns() -> None:
    script = script_for("postgresql")
    assert "CREATE TABLE list_tokens" in script
    assert "list_name VARCHAR(64) NOT NULL" in script and "token VARCHAR(64) NOT NULL" in script
    assert "PRIMARY KEY (list_name)" in script
    assert "DROP TABLE list_tokens" in script


async def test_a_store_of_the_previous_schema_is_upgraded_and_keeps_a_token(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "store.db")
    engine = create_engine(settings.url, busy_timeout_s=5)
    try:
        await upgrade(engine, "0004")
    finally:
        await engine.dispose()
    async with await Store.open(settings) as store:
        assert await store.list_token("board") is None
        await store.set_list_token("board", "first")
        await store.set_list_token("board", "second")
        assert await store.list_token("board") == "second"
        assert await store.list_token("mmwg") is None
