"""Stores for tests: a real SQLite file in the test's own folder, or a database of its own on the
suite's PostgreSQL cluster (tests/servers/postgres.py).

``any_store_settings`` runs a test once on each engine (ids ``sqlite`` and ``postgresql``), through the
same code: what SQLite forgives and PostgreSQL refuses (column lengths, NUL, index sizes, concurrent
writers) shows up in the same test.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.config import StoreSettings
from bot.store import Store
from bot.store.engine import create_engine

ENGINES = ("sqlite", "postgresql")


def store_settings(path: Path) -> StoreSettings:
    return StoreSettings(url=f"sqlite:///{path}")


def settings_for(engine: str, request: pytest.FixtureRequest, folder: Path) -> StoreSettings:
    """The store of ``engine`` for the requesting test: the PostgreSQL cluster starts only when asked."""
    if engine == "sqlite":
        return store_settings(folder / "store.db")
    url: str = request.getfixturevalue("postgres_url")
    return StoreSettings(url=url)


@pytest.fixture(params=ENGINES)
def any_store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> StoreSettings:
    """Settings of an empty store, once on SQLite and once on PostgreSQL."""
    engine: str = request.param
    return settings_for(engine, request, tmp_path)


@pytest.fixture
def another_store_settings(
    any_store_settings: StoreSettings, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], StoreSettings]]:
    """Makes more empty stores of the engine of ``any_store_settings`` (a test that compares two)."""
    from tests.servers.postgres import Postgres

    made: list[str] = []
    numbers = itertools.count(1)

    def make() -> StoreSettings:
        if engine_of(any_store_settings) == "sqlite":
            return store_settings(tmp_path / f"store-{next(numbers)}.db")
        server: Postgres = request.getfixturevalue("postgres_server")
        made.append(server.create_database())
        return StoreSettings(url=server.url(made[-1]))

    yield make
    if made:
        cluster: Postgres = request.getfixturevalue("postgres_server")
        for name in made:
            cluster.drop_database(name)


@pytest.fixture
async def any_store(any_store_settings: StoreSettings) -> AsyncIterator[Store]:
    """A fresh store, migrated: once on SQLite, once on PostgreSQL."""
    async with await Store.open(any_store_settings) as opened:
        yield opened


def engine_of(settings: StoreSettings) -> str:
    return "postgresql" if settings.url.startswith("postgresql") else "sqlite"


async def fetch_rows(settings: StoreSettings, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of one query on the store, beside the application's own connections (tests' own view)."""
    engine = create_engine(settings.url)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(sa.text(sql), params)).all()]
    finally:
        await engine.dispose()


def rows(settings: StoreSettings, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """``fetch_rows`` for a test without an event loop of its own."""
    return asyncio.run(fetch_rows(settings, sql, **params))
