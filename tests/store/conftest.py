"""A SQLite store behind a config file, for the real command line (the in-process ``store`` fixture
is in tests/conftest.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run_cli

CONFIG = """\
[store]
url = "sqlite:///{db}"

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

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / "store.db"
        self.config = folder / "listminder.toml"
        self.config.write_text(CONFIG.format(db=self.db))

    def run(self, *args: str, timeout_s: float = 120) -> str:
        done = self.attempt(*args, timeout_s=timeout_s)
        assert done.returncode == 0, f"listminder {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def attempt(self, *args: str, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
        """A command that may fail: its exit status and output, for the test to judge."""
        return run_cli(*args, "--config", str(self.config), cwd=self.folder, timeout_s=timeout_s)

    def meetings(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.run("meetings", "--json").splitlines()]

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db)) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Installation]:
    yield Installation(tmp_path)
