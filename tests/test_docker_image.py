"""The container image can use either store: the Dockerfile installs the extra that PostgreSQL needs."""

from __future__ import annotations

import re
import tomllib

from tests.cli import REPO


def installed_extras() -> set[str]:
    """The extras of the project that the Dockerfile's `pip install` of it names."""
    text = (REPO / "Dockerfile").read_text()
    match = re.search(r"^RUN pip install \"?\.(?:\[([\w,\s-]*)\])?\"?", text, re.MULTILINE)
    assert match, "the Dockerfile installs the project with `RUN pip install .`"
    return {name.strip() for name in (match[1] or "").split(",") if name.strip()}


def test_the_image_installs_the_postgresql_driver() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert "postgres" in installed_extras()
    assert any(requirement.startswith("asyncpg") for requirement in extras["postgres"])
