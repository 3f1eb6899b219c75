"""A throwaway PostgreSQL cluster run by the test suite itself, and a fresh database for each test.

One cluster per test session (``initdb`` takes about two seconds, a database from a template a few
milliseconds): its data folder, socket and log live in a temporary folder, it listens on a free loopback
port and never touches a system cluster. The server refuses to run as root, so when the suite runs as root
(containers, CI) every server command runs as the ``postgres`` user that Debian's package creates.

Without PostgreSQL installed the tests that need it are skipped, except under CI=true, where that is a
failure: CI must run them.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers.dovecot import HOST, free_port

READY_TIMEOUT_S = 30
COMMAND_TIMEOUT_S = 60.0
SERVER_USER = "postgres"
MISSING = "PostgreSQL is not installed: install the packages listed in ci/apt-packages.txt"
# Debian keeps the server's programs out of PATH, one folder per major version.
DEBIAN_BIN = Path("/usr/lib/postgresql")


# The superuser (the suite's own connections) needs no password; every other role logs in with one, as
# on a real server, so that a store's password_env / password_file is tried for real.
HBA = """\
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


class PostgresMissing(RuntimeError):
    """initdb / pg_ctl are not installed."""


def postgres_bin() -> Path | None:
    """The folder of initdb, pg_ctl and psql: on PATH, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    if found is not None and shutil.which("initdb") is not None:
        return Path(found).resolve().parent
    versions = sorted(DEBIAN_BIN.glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name), reverse=True)
    return versions[0].parent if versions else None


def _server_user() -> pwd.struct_passwd | None:
    """The user the server runs as: ``postgres`` when we are root (the server refuses root), else us."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError as error:
        raise PostgresMissing(f"running as root but there is no {SERVER_USER!r} user") from error


@dataclass
class Postgres:
    """One cluster; ``create_database`` gives each test its own empty database."""

    host: str = HOST
    port: int = 0
    folder: Path = field(default_factory=Path)
    _names: Iterator[int] = field(default_factory=itertools.count)
    _options: str = ""

    def __post_init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise PostgresMissing(MISSING)
        self._bin = binaries
        self._user = _server_user()
        # Not under pytest's tmp_path: the server runs as another user and must reach its folder.
        self.folder = Path(tempfile.mkdtemp(prefix="listminder-postgres-"))
        self.folder.chmod(0o755)
        self.port = free_port()

    @property
    def data(self) -> Path:
        # The socket goes here too: the server must be able to write its lock file beside it.
        return self.folder / "data"

    def start(self) -> None:
        self.data.mkdir(mode=0o700)
        if self._user is not None:
            for path in (self.folder, self.data):
                os.chown(path, self._user.pw_uid, self._user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        (self.data / "pg_hba.conf").write_text(HBA)
        self._options = (
            f"-p {self.port} -k {self.data} -c listen_addresses={self.host} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._start_server()

    def _start_server(self) -> None:
        # -w: pg_ctl returns once the server accepts connections (it polls, bounded by -t).
        self._run("pg_ctl", "-D", str(self.data), "-o", self._options, "-l", str(self.folder / "server.log"),
                  "-w", "-t", str(READY_TIMEOUT_S), "start")  # fmt: skip
        self.sql("select 1")

    def stop(self) -> None:
        """A crash as far as clients can tell: the server ends every session without a word."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        """Start again after ``stop``, on the same port with the same data."""
        self._start_server()

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def create_database(self, owner: str = "postgres") -> str:
        """A new empty database's name; ``owner`` may create tables in it."""
        name = f"test_{next(self._names)}"
        self.sql(f'create database "{name}" owner "{owner}"')
        return name

    def create_role(self, password: str) -> str:
        """A new role that logs in with ``password`` (over TCP only with it); its name."""
        name = f"role_{next(self._names)}"
        quoted = password.replace("'", "''")
        self.sql(f"create role \"{name}\" login password '{quoted}'")
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a test that failed may have left connections open.
        self.sql(f'drop database if exists "{name}" with (force)')

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement through psql as the superuser; its unaligned output."""
        done = self._run(
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", str(self.port),
            "-U", "postgres", "-d", database, "-c", statement,
        )  # fmt: skip
        return done.stdout

    def log_text(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-4000:] if log.exists() else ""

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        command: Sequence[str] = [str(self._bin / program), *args]
        if self._user is not None:
            command = ["runuser", "-u", self._user.pw_name, "--", *command]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, cwd=self.folder, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\nserver log:\n{self.log_text()}"
            )
        return done


def require_postgres() -> None:
    # Here, not at the top: the suite's conftest.py imports this module for its fixtures.
    from tests.conftest import in_ci

    if postgres_bin() is None:
        if in_ci():
            pytest.fail(f"CI=true: {MISSING}")
        pytest.skip(MISSING)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Postgres]:
    """One PostgreSQL cluster for the whole session, on a free loopback port."""
    require_postgres()
    server = Postgres()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def postgres_url(postgres_server: Postgres) -> Iterator[str]:
    """The URL of a new, empty database of its own for this test (dropped after it)."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
