"""Shared fixtures of the detection tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared material (seed thread, labelled corpus), beside the repository.

    Absent on a developer's machine: the test is skipped; in CI (CI=true) its absence is a failure.
    """
    path = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
    if not path.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"shared material missing at {path}")
        pytest.skip("shared material (seed thread, corpus) not available")
    return path
