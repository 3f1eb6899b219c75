"""The membership requests' migration, as SQLite runs it and as PostgreSQL would be told it."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations

from bot.store import Store
from bot.store.engine import create_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from tests.stores import store_settings

REVISION = importlib.import_module("bot.store.migrations.versions.v0004_membership_requests")


def script_for(dialect: str) -> str:
    """The revision's DDL as the dialect's compiler writes it (alembic's offline mode)."""
    out = io.StringIO()
    context = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": out})
    with Operations.context(context):
        REVISION.upgrade()
        REVISION.downgrade()
    return out.getvalue()


def test_postgresql_is_given_a_table_with_bounded_columns_and_its_index() -> None:
    script = script_for("postgresql")
    assert "CREATE TABLE membership_requests" in script
    assert "member VARCHAR(320) NOT NULL" in script and "requested_at TIMESTAMP WITHOUT TIME ZONE" in script
    assert "CREATE INDEX ix_membership_requests_list_state" in script
    assert "DROP TABLE membership_requests" in script


async def test_a_store_of_the_previous_schema_is_upgraded(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "store.db")
    engine = create_engine(settings.url, busy_timeout_s=5)
    try:
        await upgrade(engine, "0003")
    finally:
        await engine.dispose()
    async with await Store.open(settings) as store:
        assert await current_revision(store.engine) == head_revision()
        assert await store.membership_requests("eco") == []
