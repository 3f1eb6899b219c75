"""The store the digest tests keep their outbox and meetings in: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import StoreSettings
from bot.digest.outbox_store import StoreOutbox
from bot.store import Store


def store_settings(path: Path) -> StoreSettings:
    return StoreSettings(url=f"sqlite:///{path}")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(store_settings(tmp_path / "store.db")) as opened:
        yield opened


@pytest.fixture
def outbox(store: Store) -> StoreOutbox:
    return StoreOutbox(store)
