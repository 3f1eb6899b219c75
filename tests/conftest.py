"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli import REPO

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
