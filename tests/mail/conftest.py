"""Fixtures for the mail tests (``shared_dir`` comes from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "mail"


@pytest.fixture
def fixture_bytes() -> type[_Fixtures]:
    return _Fixtures


class _Fixtures:
    @staticmethod
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()
