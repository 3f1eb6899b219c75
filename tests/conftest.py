"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.cli import REPO
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.stores import store_settings

SHARED = REPO.parent / "shared"


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
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping what it accepts in ``recorder``."""
    smtp = SmtpServer(recorder)
    smtp.start()
    yield smtp
    smtp.stop()
