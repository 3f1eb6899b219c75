"""The async engine: the configured URL turned into an async driver's, SQLite set up for one writer
at a time beside many readers, and the libraries' errors turned into the project's."""

from __future__ import annotations

import importlib
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.backoff import Backoff, BackoffPolicy
from bot.config import StoreSettings, redact_url
from bot.errors import StoreError, StoreUnavailable

# How long a writer waits for another one (the daemon and a command line share one SQLite file).
BUSY_TIMEOUT_S = 30.0

_WRITE = "listminder_writes"
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_KEEP = frozenset({"sqlite+aiosqlite", "postgresql+asyncpg", "postgresql+psycopg"})
# Operational errors worth a retry later, as opposed to a schema or programming fault.
_TRANSIENT = re.compile(
    r"locked|busy|unable to open|could not connect|connection (refused|reset|closed|is closed)"
    r"|disk i/o|timeout|too many connections|server closed|terminating connection",
    re.IGNORECASE,
)


def async_url(url: str) -> URL:
    """``sqlite:///p`` and ``postgresql://...`` as their async drivers' URLs."""
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        # The library's message repeats the URL, password and all.
        raise StoreError(f"bad store URL {redact_url(url)!r}") from None
    if parsed.drivername in _KEEP:
        return parsed
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise StoreError(
            f"store URL {redact_url(url)!r}: use sqlite:///PATH or postgresql://... (async drivers only)"
        )
    return parsed.set(drivername=driver)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite store; None for an in-memory one or another database."""
    target = async_url(url)
    database = target.database
    if target.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def require_sqlite_folder(url: str) -> None:
    """A SQLite file's folder must be there before the driver tries it: SQLite alone says "unable to open
    database file" without naming it, and aiosqlite's worker thread for a connection that failed to open
    may outlive the event loop and print a traceback on its way out. Blocking (a stat): run it off the
    event loop."""
    database = sqlite_path(url)
    if database is None:
        return
    if not database.parent.is_dir():
        raise StoreUnavailable(f"store file {database}: the folder {database.parent} does not exist")


# Waits between tries to switch a new SQLite file to WAL while another process is in the middle of it.
WAL_SWITCH_BACKOFF = BackoffPolicy(first_s=0.01, cap_s=0.5)


def prepare_sqlite_file(url: str, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Make sure a SQLite store's folder is there and its file is in WAL mode before the engine's first
    connection. Blocking (it may wait for another process): run it off the event loop.

    Two processes opening a new file at once: while one switches it to WAL and starts its migration,
    the other's switch fails at once with "database is locked", because SQLite does not call its busy
    handler for a lock it could deadlock on. Once a file is in WAL mode the switch is a no-op that
    never waits, so the switch is retried here, up to the store's busy timeout, and the engine's own
    pragma on every connection finds the file already switched."""
    require_sqlite_folder(url)
    database = sqlite_path(url)
    if database is None:
        return
    deadline = time.monotonic() + busy_timeout_s
    backoff = Backoff(WAL_SWITCH_BACKOFF)
    while True:
        try:
            _switch_to_wal(database, busy_timeout_s)
            return
        except sqlite3.OperationalError as error:
            if not _TRANSIENT.search(str(error)) or time.monotonic() >= deadline:
                raise StoreUnavailable(f"store file {database}: cannot switch it to WAL: {error}") from error
            time.sleep(backoff.next_delay())


def _switch_to_wal(database: Path, busy_timeout_s: float) -> None:
    connection = sqlite3.connect(database, timeout=busy_timeout_s, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def create_engine(
    url: str, *, busy_timeout_s: float = BUSY_TIMEOUT_S, password: str | None = None
) -> AsyncEngine:
    """The engine for ``url``; ``password`` (from the store's password_env or password_file) is added
    to the URL here only, so that no URL shown or logged carries it."""
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        return _sqlite_engine(target, busy_timeout_s)
    if password is not None:
        target = target.set(password=password)
    try:
        return create_async_engine(target, pool_pre_ping=True)
    except ImportError as error:  # the driver is an optional extra
        raise StoreError(_driver_missing(url, error.name or str(error))) from error


def missing_driver(url: str) -> str | None:
    """Why the URL's database driver cannot be loaded (with the extra that installs it), or None."""
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        return None
    module = target.get_driver_name()
    try:
        # Imported, not only found: a driver that is there but cannot load is as good as missing.
        importlib.import_module(module)
    except ImportError:
        return _driver_missing(url, module)
    return None


def _driver_missing(url: str, module: str) -> str:
    shown = make_url(url).render_as_string(hide_password=True)
    return (
        f"store URL {shown}: its driver is not installed ({module}): "
        "install listminder with the postgres extra: pip install 'listminder[postgres]'"
    )


def store_password(settings: StoreSettings) -> str | None:
    """The password from the store's password_env or password_file, read now (a rotated secret is
    picked up at the next start). Blocking (a file read): run it off the event loop."""
    try:
        secret = settings.resolve_password()
    except (OSError, UnicodeDecodeError) as error:
        # Not the decoder's message: it quotes the offending byte, a piece of the password.
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise StoreError(f"store.password_file: cannot read {settings.password_file}: {why}") from None
    if secret is None and settings.password_env is not None:
        raise StoreError(f"store.password_env: the variable {settings.password_env} is not set")
    return secret.get_secret_value() if secret is not None else None


def for_writing(engine: AsyncEngine) -> AsyncEngine:
    """The same engine, for transactions that write: on SQLite they take the write lock as they begin."""
    return engine.execution_options(**{_WRITE: True})


def _sqlite_engine(target: URL, busy_timeout_s: float) -> AsyncEngine:
    engine = create_async_engine(target, connect_args={"timeout": busy_timeout_s})
    event.listen(engine.sync_engine, "connect", partial(_sqlite_connect, busy_timeout_s=busy_timeout_s))
    event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any, *, busy_timeout_s: float) -> None:
    # The driver's own transaction handling begins lazily and would upgrade a read to a write mid-way,
    # which fails at once under WAL when another writer got in between; BEGIN IMMEDIATE (below) waits.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        # With WAL, NORMAL loses no committed transaction when the process dies, only on power loss.
        "synchronous=NORMAL",
        "foreign_keys=ON",
        f"busy_timeout={int(busy_timeout_s * 1000)}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Readers keep a deferred BEGIN: under WAL they read a snapshot and never wait for a writer.
    writes = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def is_transient(error: exc.DBAPIError) -> bool:
    """Whether the database may take the same statement later (a lost connection, a lock), as opposed
    to refusing what it was given."""
    return bool(error.connection_invalidated or _TRANSIENT.search(str(error.orig)))


@contextmanager
def translated(action: str) -> Iterator[None]:
    """Run a store operation, raising the project's errors (chained) instead of the libraries'."""
    try:
        yield
    except StoreError:
        raise
    except exc.DBAPIError as error:
        if is_transient(error):
            raise StoreUnavailable(f"{action}: the store is unavailable: {error.orig}") from error
        raise StoreError(f"{action}: {error.orig}") from error
    except exc.SQLAlchemyError as error:
        raise StoreError(f"{action}: {error}") from error
    except (OSError, TimeoutError) as error:
        raise StoreUnavailable(f"{action}: the store is unavailable: {error}") from error
