"""Fixtures for the mail tests; ``shared_dir`` gives the shared corpus beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "mail"


@pytest.fixture
def shared_dir() -> Path:
    """The shared folder beside the repository (seed thread, corpus).

    Skips when it is absent, except under CI=true, where its absence is a failure.
    """
    shared = REPO / ".." / "shared"
    if not shared.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the shared folder is missing: {shared}")
        pytest.skip("the shared folder is not beside the repository")
    return shared


@pytest.fixture
def fixture_bytes() -> type[_Fixtures]:
    return _Fixtures


class _Fixtures:
    @staticmethod
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()
