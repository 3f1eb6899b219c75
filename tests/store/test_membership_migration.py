"""The membership requests' migration, as SQLite runs it and as PostgreSQL would be told it."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from bot.store.migrate import current_revision, head_revision
from tests.store.revisions import revision_ddl, store_at
from tests.stores import store_settings


def test_postgresql_is_given_a_table_with_bounded_columns_and_its_index() -> None:
    script = revision_ddl("v0004_membership_requests", "postgresql")
    assert "CREATE TABLE membership_requests" in script
    assert "member VARCHAR(320) NOT NULL" in script and "requested_at TIMESTAMP WITHOUT TIME ZONE" in script
    assert "CREATE INDEX ix_membership_requests_list_state" in script
    assert "DROP TABLE membership_requests" in script


async def test_a_store_of_the_previous_schema_is_upgraded(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "store.db")
    await store_at(settings, "0003")
    async with await Store.open(settings) as store:
        assert await current_revision(store.engine) == head_revision()
        assert await store.membership_requests("eco") == []
