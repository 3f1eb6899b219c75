"""The store tests run on both engines: the in-process ``store`` and the ``site`` behind a config file
(for the real command line) are each a SQLite file and a PostgreSQL database in turn."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import StoreSettings
from bot.store import Store
from tests.cli import run_cli
from tests.stores import rows

CONFIG = """\
[store]
url = "{url}"

[outbound]
from_address = "listminder@bot.test"

[[lists]]
name = "mmwg"
address = "mmwg@wsis-cs.org"
timezone = "Europe/Zurich"

[[lists]]
name = "other"
address = "other@lists.test"
timezone = "America/New_York"
date_order = "MDY"
"""


class Installation:
    """A config file and its store in one folder; commands run on it as an admin would."""

    def __init__(self, folder: Path, store: StoreSettings) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.store = store
        self.config = folder / "listminder.toml"
        self.config.write_text(CONFIG.format(url=store.url))

    def run(self, *args: str, timeout_s: float = 120) -> str:
        done = self.attempt(*args, timeout_s=timeout_s)
        assert done.returncode == 0, f"listminder {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def attempt(self, *args: str, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
        """A command that may fail: its exit status and output, for the test to judge."""
        return run_cli(*args, "--config", str(self.config), cwd=self.folder, timeout_s=timeout_s)

    def meetings(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.run("meetings", "--json").splitlines()]

    def rows(self, sql: str, **params: object) -> list[tuple[Any, ...]]:
        return rows(self.store, sql, **params)


@pytest.fixture
def site(tmp_path: Path, any_store_settings: StoreSettings) -> Iterator[Installation]:
    yield Installation(tmp_path, any_store_settings)


@pytest.fixture
def store(any_store: Store) -> Store:
    """The store tests' store: on SQLite, then on PostgreSQL."""
    return any_store
