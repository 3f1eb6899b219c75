"""What the benchmarks share: the machine's load printed beside every figure, CPU time of the daemon,
a config writer, the daemon as a subprocess, generated announcements, SMTP delivery, and a read-only
view of the daemon's SQLite file.

Every benchmark imports this module first: it puts the repository root on ``sys.path``, so that
``python benchmarks/NAME.py`` measures the checkout's ``bot`` (and can use the test suite's Dovecot and
subprocess helpers) whether or not the package is installed, and the daemon it starts runs the same code.
"""

from __future__ import annotations

import gzip
import os
import shutil
import smtplib
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bot.config import StoreSettings  # noqa: E402
from bot.store import MessageState, NewMessage  # noqa: E402
from tests.cli import Daemon, wait_for  # noqa: E402
from tests.servers.dovecot import Dovecot, free_port  # noqa: E402
from tests.servers.postgres import Postgres  # noqa: E402

__all__ = ["REPO", "Daemon", "Dovecot", "free_port", "wait_for"]

T = TypeVar("T")

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bench"
FIRST_DAY = date(2031, 1, 6)


# --- figures on a shared machine -----------------------------------------------------------------


def machine_load() -> str:
    """The machine's 1, 5 and 15 minute load averages."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def figure(line: str) -> None:
    """Print a measured figure with the machine's load beside it: on a machine shared with other work
    the load says how far that work may have moved the figure, wall-clock ones above all."""
    print(f"{line}  [{machine_load()}]", flush=True)


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """The fastest of ``repeat`` runs, in CPU time: other work on a shared machine disturbs it less."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def best_cpu_s(items: Sequence[T], fn: Callable[[T], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn`` over every item, in this process's CPU time: other
    work on a shared machine disturbs it less than wall-clock time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - start)
    return best


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) that a process has used so far, from /proc (Linux)."""
    # The command name may hold spaces or parentheses: the fields are counted after its closing one.
    after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # proc(5) numbers the fields from 1 and the state, after the name, is field 3: utime is 14, stime 15.
    user_ticks, system_ticks = int(after_name[14 - 3]), int(after_name[15 - 3])
    return (user_ticks + system_ticks) / os.sysconf("SC_CLK_TCK")


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the peak so far) of a process, in KiB, from /proc (Linux)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


@dataclass(frozen=True)
class ListSpec:
    name: str
    address: str
    # (Dovecot, user) when the list is read over IMAP; None when it delivers to the listener.
    imap_user: str | None = None
    reminder_cron: str | None = None
    pending_cron: str | None = None
    digest_to: tuple[str, ...] = ()


@dataclass
class Workspace:
    """A folder (traversable by other users, like Dovecot's) holding the config, store and logs."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="listminder-bench-")))

    def __post_init__(self) -> None:
        self.folder.chmod(0o755)

    @property
    def db(self) -> Path:
        return self.folder / "listminder.db"

    @property
    def config(self) -> Path:
        return self.folder / "listminder.toml"

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_config(
    ws: Workspace,
    lists: Sequence[ListSpec],
    listener_port: int,
    *,
    dovecot: Dovecot | None = None,
    outbound_smtp_port: int | None = None,
    max_sessions: int = 100,
    max_message_bytes: int = 10_000_000,
    log_level: str = "INFO",
    extra: str = "",
) -> Path:
    """A config for the daemon; IMAP passwords come from BENCH_IMAP_<USER> environment variables."""
    if outbound_smtp_port is None:
        outbound = f'transport = "file"\noutbox_dir = "{ws.folder / "outbox"}"\n'
    else:
        outbound = (
            f'transport = "smtp"\noutbox_dir = "{ws.folder / "outbox"}"\n'
            f'[outbound.smtp]\nhost = "127.0.0.1"\nport = {outbound_smtp_port}\ntls = "none"\n'
            "timeout_s = 5\n"
        )
    parts = [
        f'[store]\nurl = "sqlite:///{ws.db}"\n',
        f'[daemon]\nstate_dir = "{ws.folder}"\nheartbeat_interval_s = 1\nshutdown_timeout_s = 5\n'
        f'log_level = "{log_level}"\n',
        f'[outbound]\nfrom_address = "listminder@bench.test"\n{outbound}',
        f'[inbound.smtp]\nhost = "127.0.0.1"\nport = {listener_port}\nmax_sessions = {max_sessions}\n'
        f"max_message_bytes = {max_message_bytes}\n",
        extra,
    ]
    for spec in lists:
        parts.append(f'[[lists]]\nname = "{spec.name}"\naddress = "{spec.address}"\ntimezone = "UTC"\n')
        if spec.imap_user is not None:
            assert dovecot is not None
            parts.append(
                f'[lists.imap]\nhost = "{dovecot.host}"\nport = {dovecot.imap_port}\ntls = "none"\n'
                f'username = "{spec.imap_user}"\npassword_env = "{password_env(spec.imap_user)}"\n'
                "poll_interval_s = 1\ntimeout_s = 10\n"
            )
        to = ", ".join(f'"{a}"' for a in spec.digest_to)
        if spec.reminder_cron is not None:
            parts.append(
                f'[lists.digests.reminder]\ncron = "{spec.reminder_cron}"\nhorizon_days = 366\nto = [{to}]\n'
            )
        if spec.pending_cron is not None:
            parts.append(
                f'[lists.digests.pending]\ncron = "{spec.pending_cron}"\nto = [{to}]\nsend_empty = true\n'
            )
    ws.config.write_text("\n".join(parts))
    return ws.config


def password_env(user: str) -> str:
    return "BENCH_IMAP_" + user.upper().replace("-", "_")


def daemon_env(ws: Workspace, dovecot: Dovecot | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    # The daemon runs the checkout's code, as the benchmark process itself does.
    env = {"LISTMINDER_CONFIG": str(ws.config), "PYTHONPATH": str(REPO)}
    if dovecot is not None:
        env.update({password_env(user): password for user, password in dovecot.users.items()})
    env.update(extra or {})
    return env


def start_daemon(ws: Workspace, env: dict[str, str], *, imap_lists: int, listener: bool = True) -> Daemon:
    """`listminder run`, returned once the listener is bound and every IMAP watcher has logged in."""
    daemon = Daemon(cwd=ws.folder, env=env)
    if listener:
        daemon.wait_logged("event=listener.started", timeout_s=30)
    wait_for(
        lambda: daemon.log.count("event=imap.connected") >= imap_lists or daemon.process.poll() is not None,
        60,
        f"{imap_lists} IMAP watcher(s) connected",
    )
    if daemon.process.poll() is not None:
        raise RuntimeError(f"the daemon exited:\n{daemon.log[-3000:]}")
    return daemon


@contextmanager
def listener_daemon(
    lists: Sequence[ListSpec], *, max_message_bytes: int = 10_000_000
) -> Iterator[tuple[Workspace, Daemon, int]]:
    """`listminder run` on a fresh workspace, its listener on a free port and no IMAP mailbox:
    (the workspace, the daemon, the port), both closed at the end."""
    ws = Workspace()
    daemon = None
    try:
        port = free_port()
        write_config(ws, lists, port, max_message_bytes=max_message_bytes)
        daemon = start_daemon(ws, daemon_env(ws, None), imap_lists=0)
        yield ws, daemon, port
    finally:
        if daemon is not None:
            daemon.close()
        ws.close()


# --- messages ----------------------------------------------------------------------------------


def announcement(n: int, list_address: str, *, tag: str = "bench") -> tuple[bytes, date]:
    """A small announcement of one meeting on a day of its own; unique Message-ID."""
    day = FIRST_DAY + timedelta(days=n)
    sent = format_datetime(_noon(day - timedelta(days=30)))
    msg = EmailMessage()
    msg["From"] = "Chair <chair@example.org>"
    msg["To"] = list_address
    msg["Subject"] = f"Working group call {n} on {day.day} {day:%B %Y}"
    msg["Date"] = sent
    msg["Message-ID"] = f"<{tag}-{n}@bench.example.org>"
    msg.set_content(
        f"Dear all,\n\nThe working group will meet on {day.day} {day:%B %Y} at 15:00 UTC "
        f"in Room {n % 9 + 1}.\n\nRegards,\nChair\n"
    )
    return msg.as_bytes(), day


def list_call(list_name: str, n: int, day: date, now: datetime) -> bytes:
    """The ``n``th call of a list of bench.example.org, on ``day`` at 15:00 UTC, announced the day
    before ``now``."""
    msg = EmailMessage()
    msg["From"] = "Chair <chair@example.org>"
    msg["To"] = f"{list_name}@bench.example.org"
    msg["Subject"] = f"{list_name} call {n} on {day.day} {day:%B %Y}"
    msg["Date"] = format_datetime(now - timedelta(days=1))
    msg["Message-ID"] = f"<{list_name}-{n}@bench.example.org>"
    msg.set_content(f"Dear all,\n\nThe working group will meet on {day.day} {day:%B %Y} at 15:00 UTC.\n")
    return msg.as_bytes()


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def send_smtp(client: smtplib.SMTP, raw: bytes, recipient: str) -> None:
    client.sendmail("chair@example.org", [recipient], raw)


def iter_corpus(path: Path, limit: int) -> Iterator[bytes]:
    """Up to ``limit`` messages from a corpus archive (pipermail text or mboxrd, gzipped or not)."""
    from bot.sources.archive import iter_messages

    for _n, (_source, raw) in zip(range(limit), iter_messages(path), strict=False):
        yield raw


def corpus_file(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.exists():
        raise SystemExit(f"corpus file not found: {path} (give --corpus)")
    return path


def gunzip_size(path: Path) -> int:
    with gzip.open(path) as f:
        return sum(len(chunk) for chunk in iter(lambda: f.read(1 << 20), b""))


# --- the store, read-only ----------------------------------------------------------------------


class StoreView:
    """The daemon's SQLite file opened read-only (WAL lets it read while the daemon writes)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10, check_same_thread=False)

    def close(self) -> None:
        self._db.close()

    def scalar(self, sql: str, *params: object) -> int:
        row = self._db.execute(sql, params).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        return list(self._db.execute(sql, params).fetchall())

    def has_meeting(self, list_name: str, day: date) -> bool:
        sql = "SELECT COUNT(*) FROM meetings WHERE list_name = ? AND start_day = ?"
        return bool(self.scalar(sql, list_name, day.isoformat()))

    def messages(self, list_name: str | None = None) -> int:
        if list_name is None:
            return self.scalar("SELECT COUNT(*) FROM messages")
        return self.scalar("SELECT COUNT(*) FROM messages WHERE list_name = ?", list_name)

    def duplicate_messages(self) -> int:
        return self.scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM messages GROUP BY list_name, key HAVING COUNT(*) > 1)"
        )

    def duplicate_meetings(self) -> int:
        """Meetings that share list, day, time and title: the same meeting stored twice."""
        return self.scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM meetings GROUP BY list_name, start_iso, title "
            "HAVING COUNT(*) > 1)"
        )

    def keys(self, list_name: str) -> set[str]:
        return {str(r[0]) for r in self.rows("SELECT key FROM messages WHERE list_name = ?", list_name)}


def each_store() -> Iterator[tuple[str, StoreSettings]]:
    """An empty SQLite file, then an empty database on a PostgreSQL of its own: one store of each
    engine, side by side, each removed once the next is asked for."""
    with tempfile.TemporaryDirectory() as folder:
        yield "sqlite", StoreSettings(url=f"sqlite:///{Path(folder) / 'bench.db'}")
    cluster = Postgres()
    try:
        cluster.start()
        yield "postgresql", StoreSettings(url=cluster.url(cluster.create_database()))
    finally:
        cluster.close()


def stored_message(list_name: str, key: str, sent: datetime) -> NewMessage:
    """A message as the store keeps it once read, for benchmarks that fill a store directly."""
    raw = b"Subject: x\n\nx\n"
    return NewMessage(
        list_name, key, "bench", raw, sent, sent, "x", "chair@example.org", MessageState.PROCESSED
    )


def quantiles(values: Sequence[float]) -> tuple[float, float, float, float]:
    """median, p95, min, max."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[0], ordered[-1]
