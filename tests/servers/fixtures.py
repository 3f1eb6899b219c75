"""Pytest fixtures for the real mail servers the suite starts itself.

Import them into a conftest.py (``from tests.servers.fixtures import dovecot, dovecot_factory``).
Without Dovecot installed the tests that need it are skipped, except under CI=true, where that is a
failure: CI must run them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import in_ci
from tests.servers.dovecot import Dovecot, dovecot_binary

MISSING = "Dovecot is not installed: install the packages listed in ci/apt-packages.txt"


def require_dovecot() -> None:
    if dovecot_binary() is None:
        if in_ci():
            pytest.fail(f"CI=true: {MISSING}")
        pytest.skip(MISSING)


@pytest.fixture
def dovecot_factory() -> Iterator[Callable[..., Dovecot]]:
    """Starts Dovecot instances with options (idle=False, tls=True, lmtp=True, users={...})."""
    require_dovecot()
    made: list[Dovecot] = []

    def make(**options: Any) -> Dovecot:
        server = Dovecot(**options)
        made.append(server)
        server.start()
        return server

    yield make
    for server in made:
        server.close()


@pytest.fixture
def dovecot(dovecot_factory: Callable[..., Dovecot]) -> Dovecot:
    """A running Dovecot with IDLE, plain IMAP on loopback, users 'list' and 'other'."""
    return dovecot_factory()
