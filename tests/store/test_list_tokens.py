"""The list tokens' migration, as SQLite runs it and as PostgreSQL would be told it, and the tokens kept."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from tests.store.revisions import revision_ddl, store_at
from tests.stores import store_settings


def test_postgresql_is_given_a_table_with_bounded_columns() -> None:
    script = revision_ddl("v0007_list_tokens", "postgresql")
    assert "CREATE TABLE list_tokens" in script
    assert "list_name VARCHAR(64) NOT NULL" in script and "token VARCHAR(64) NOT NULL" in script
    assert "PRIMARY KEY (list_name)" in script
    assert "DROP TABLE list_tokens" in script


async def test_a_store_of_the_previous_schema_is_upgraded_and_keeps_a_token(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "store.db")
    await store_at(settings, "0004")
    async with await Store.open(settings) as store:
        assert await store.list_token("board") is None
        await store.set_list_token("board", "first")
        await store.set_list_token("board", "second")
        assert await store.list_token("board") == "second"
        assert await store.list_token("mmwg") is None
