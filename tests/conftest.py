"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import types
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests import cli
from tests.cli import REPO, Daemon
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.servers.postgres import postgres_server, postgres_url
from tests.stores import another_store_settings, any_store, any_store_settings, store_settings

# Fixtures defined elsewhere, offered to every test.
__all__ = ["another_store_settings", "any_store", "any_store_settings", "postgres_server", "postgres_url"]

SHARED = REPO.parent / "shared"

# Fixtures that start a server (an SMTP sink, our listener, Dovecot) or run the command line in a
# subprocess.
SLOW_FIXTURES = frozenset({"server", "start_listener", "dovecot", "dovecot_factory", "daemons", "site"})
# What a test module holds when its tests start processes: the subprocess runners of tests/cli.py.
SUBPROCESS_RUNNERS = (cli.run_cli, cli.Daemon, subprocess)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared seed, notes and corpus beside the repository: required in CI, optional elsewhere."""
    if not SHARED.is_dir():
        if in_ci():
            pytest.fail(f"CI=true but the shared folder is missing: {SHARED}")
        pytest.skip("the shared folder (seed, corpus) is not beside this checkout")
    return SHARED


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh store, migrated, in the test's folder."""
    async with await Store.open(store_settings(tmp_path / "store.db")) as opened:
        yield opened


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    """The daemons a test starts as processes (tests.cli.Daemon), each closed (killed if need be) after."""
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.close()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping what it accepts in ``recorder``."""
    smtp = SmtpServer(recorder)
    smtp.start()
    yield smtp
    smtp.stop()


def starts_processes(module: types.ModuleType | None) -> bool:
    if module is None:
        return False
    held = vars(module).values()
    return any(value is runner for value in held for runner in SUBPROCESS_RUNNERS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as slow every test that starts a server or a subprocess, so that `pytest -m "not slow"` is
    the inner loop of a few seconds; by fixture and by module, so that a new test is marked without
    anyone remembering to."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        module = getattr(item, "module", None)
        if item.get_closest_marker("server") or fixtures & SLOW_FIXTURES or starts_processes(module):
            item.add_marker(pytest.mark.slow)
