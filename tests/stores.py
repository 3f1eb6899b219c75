"""Stores for tests: a real SQLite file in the test's own folder."""

from __future__ import annotations

from pathlib import Path

from bot.config import StoreSettings


def store_settings(path: Path) -> StoreSettings:
    return StoreSettings(url=f"sqlite:///{path}")
