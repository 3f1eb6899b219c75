"""The PostgreSQL store's password from `[store] password_env` or `password_file`, never in the URL
that check-config prints and the daemon logs; and a store whose driver is missing named by check-config
with the extra that installs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import StoreSettings, load_settings
from bot.errors import ConfigError, StoreError
from bot.store import Store
from tests.cli import REPO, run_cli
from tests.servers.postgres import Postgres

SECRET = "S3cr3t-hunter2"
# A module of that name that cannot be imported: how a machine without the postgres extra looks.
NO_ASYNCPG = 'raise ModuleNotFoundError("No module named \'asyncpg\'", name="asyncpg")\n'


@pytest.fixture
def protected_url(postgres_server: Postgres) -> str:
    """A database whose owner logs in with SECRET: the URL without the password."""
    role = postgres_server.create_role(SECRET)
    return postgres_server.url(postgres_server.create_database(owner=role), user=role)


def write_config(folder: Path, store: str) -> Path:
    config = folder / "listminder.toml"
    config.write_text(f"[store]\n{store}\n[[lists]]\nname = 'wg'\naddress = 'wg@example.org'\n")
    return config


async def test_the_password_comes_from_the_variable_password_env_names(
    protected_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = StoreSettings(url=protected_url, password_env="LM_TEST_DB_PASSWORD")
    monkeypatch.setenv("LM_TEST_DB_PASSWORD", SECRET)
    async with await Store.open(settings) as store:
        assert await store.meetings() == []
    monkeypatch.delenv("LM_TEST_DB_PASSWORD")
    with pytest.raises(StoreError, match=r"store\.password_env: the variable LM_TEST_DB_PASSWORD is not set"):
        await Store.open(settings)


async def test_the_password_comes_from_a_file_beside_the_config(protected_url: str, tmp_path: Path) -> None:
    (tmp_path / "db-secret").write_text(SECRET + "\n")
    config = write_config(tmp_path, f'url = "{protected_url}"\npassword_file = "db-secret"')
    settings, _ = load_settings(str(config))
    async with await Store.open(settings.store) as store:
        assert await store.meetings() == []
    (tmp_path / "db-secret").write_text("wrong")
    with pytest.raises(StoreError, match="password authentication failed"):
        await Store.open(settings.store)


def test_check_config_names_a_missing_password_and_never_prints_one(
    protected_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, f'url = "{protected_url}"\npassword_env = "LM_TEST_DB_PASSWORD"')
    missing = run_cli("check-config", "--config", str(config))
    assert missing.returncode == 1
    assert "store.password_env: the variable LM_TEST_DB_PASSWORD is not set" in missing.stderr
    given = run_cli("check-config", "--config", str(config), env={"LM_TEST_DB_PASSWORD": SECRET})
    assert given.returncode == 0, given.stderr
    assert protected_url in given.stdout and SECRET not in given.stdout + given.stderr


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ('url = "sqlite:///x.db"\npassword_env = "X"', "password_env: a SQLite store has no password"),
        (
            'url = "postgresql://bot:pw@db.example.org/lm"\npassword_file = "secret"',
            "password_file and a password in the URL: take the password out of the URL",
        ),
        (
            'url = "postgresql://bot@db.example.org/lm"\npassword_env = "X"\npassword_file = "f"',
            "only one of",
        ),
    ],
)
def test_a_password_where_it_cannot_be_used_is_a_config_error(
    tmp_path: Path, store: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(str(write_config(tmp_path, store)))


def test_without_the_postgres_extra_check_config_and_run_name_it(tmp_path: Path) -> None:
    shim = tmp_path / "without-asyncpg" / "asyncpg"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(NO_ASYNCPG)
    config = write_config(tmp_path, 'url = "postgresql://bot@127.0.0.1:9/lm"')
    env = {"PYTHONPATH": f"{shim.parent}:{REPO}"}
    for command in ("check-config", "run"):
        result = run_cli(command, "--config", str(config), env=env, cwd=tmp_path)
        assert result.returncode != 0, f"{command}: {result}"
        assert "Traceback" not in result.stderr
        assert "asyncpg" in result.stderr and "pip install 'listminder[postgres]'" in result.stderr
