"""`listminder status` reflects what the running daemon can do: each part's state from its heartbeat,
read without the write lock, without migrating, and without needing a valid config file."""

from __future__ import annotations

import asyncio
import configparser
import json
import os
import shutil
import signal
import smtplib
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser
from bot.config import DaemonSettings, ListenerSettings
from bot.errors import ListminderError
from bot.health import StatusBoard
from bot.sources.smtp import MailListener
from bot.store.engine import create_engine
from bot.store.migrate import upgrade
from tests.cli import REPO, Daemon, run_cli, wait_for
from tests.configs import daemon_config
from tests.conftest import in_ci
from tests.servers.dovecot import Dovecot, free_port
from tests.servers.fixtures import dovecot, dovecot_factory
from tests.test_daemon import start

__all__ = ["dovecot", "dovecot_factory"]

ANNOUNCEMENT = (
    b"From: Chair <chair@example.org>\r\nTo: mmwg@example.org\r\nSubject: Working group call\r\n"
    b"Message-ID: <health-{n}@example.org>\r\n\r\n"
    b"Our next working group call is on Thursday 3 December 2026 at 15:00 CET.\r\n"
)


def config_text(folder: Path, *, port: int = 0, imap: Dovecot | None = None) -> str:
    lists = '[[lists]]\nname = "mmwg"\naddress = "mmwg@example.org"\ntimezone = "Europe/Zurich"\n'
    text = daemon_config(folder, port=port, lists=lists)
    if imap is not None:
        text += (
            f'[lists.imap]\nhost = "{imap.host}"\nport = {imap.imap_port}\ntls = "none"\n'
            'username = "list"\npassword = "listpw"\npoll_interval_s = 1\ntimeout_s = 5\n'
        )
    return text


def status(config: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("status", "--json", "--config", str(config))
    assert result.stdout.startswith("{"), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return result.returncode, report


def running(
    daemons: list[Daemon], folder: Path, *, port: int = 0, imap: Dovecot | None = None, **env: str
) -> Path:
    """A daemon on a config file in ``folder``, once `status` calls it healthy and it listens."""
    config = folder / "listminder.toml"
    config.write_text(config_text(folder, port=port, imap=imap))
    # The suite's quick settings (tests.test_daemon.FAST) pick a free port, unless one is asked for.
    start(
        daemons, "--config", str(config), cwd=folder, env={**env, "LISTMINDER_INBOUND__SMTP__PORT": str(port)}
    )

    wait_for(lambda: status(config)[0] == 0, what="a healthy status")
    if port:
        wait_for(lambda: accepts(port), what=f"the listener on port {port}")
    return config


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError:
        return False
    return True


@contextmanager
def write_lock(database: Path) -> Iterator[None]:
    """Another process's writer holding SQLite's write lock (BEGIN IMMEDIATE) until the block ends."""
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def deliver(port: int, n: int) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail("chair@example.org", ["mmwg@example.org"], ANNOUNCEMENT.replace(b"{n}", b"%d" % n))


def test_status_and_meetings_do_not_wait_for_a_writer(tmp_path: Path, daemons: list[Daemon]) -> None:
    config = running(daemons, tmp_path)
    with write_lock(tmp_path / "listminder.db"):
        code, report = status(config)
        assert code == 0, report
        assert report["components"]["store"]["state"] == "writable"
        meetings = run_cli("meetings", "--config", str(config))
        assert meetings.returncode == 0, meetings.stderr


def test_status_of_a_running_daemon_survives_a_typo_in_its_config(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    config = running(daemons, tmp_path)
    good = config.read_text()
    config.write_text(good.replace("[daemon]", "[daemon]\nheartbeat_intervall_s = 1"))
    code, report = status(config)
    assert code == 0 and report["healthy"] is True, report
    assert "daemon.heartbeat_intervall_s: unknown key" in report["notes"][0]

    # Not even TOML: the heartbeat is still found from the lines that parse.
    config.write_text(good + "[[lists\n")
    code, report = status(config)
    assert code == 0, report
    assert "TOML syntax error" in report["notes"][0]


def test_a_failing_mailbox_turns_unhealthy_only_after_the_limit(
    tmp_path: Path, daemons: list[Daemon], dovecot: Dovecot
) -> None:
    patient, strict = tmp_path / "patient", tmp_path / "strict"
    patient.mkdir()
    strict.mkdir()
    patient_config = running(daemons, patient, imap=dovecot)

    def mailbox(config: Path) -> dict[str, Any]:
        found: dict[str, Any] = status(config)[1]["lists"][0]["mailbox"]
        return found

    wait_for(lambda: mailbox(patient_config)["connected"] is True, what="the mailbox to connect")
    dovecot.stop()
    wait_for(lambda: mailbox(patient_config)["connected"] is False, what="the mailbox to be reported down")
    # Failing, but for less than the default limit (300 s): healthy, the failure named.
    code, report = status(patient_config)
    assert code == 0, report
    assert any("the mailbox of mmwg: not connected" in part for part in report["failing"])

    # With a limit of 1 s, a daemon whose mailbox never connected turns unhealthy, and says why.
    strict_config = strict / "listminder.toml"
    strict_config.write_text(config_text(strict, imap=dovecot))
    start(
        daemons, "--config", str(strict_config), cwd=strict, env={"LISTMINDER_DAEMON__UNHEALTHY_AFTER_S": "1"}
    )
    wait_for(lambda: "failing for more than 1 s" in status(strict_config)[1]["reason"], what="unhealthy")
    code, report = status(strict_config)
    assert code == 1 and "the mailbox of mmwg: not connected since" in report["reason"], report

    dovecot.start()
    wait_for(lambda: status(strict_config)[0] == 0, timeout_s=60, what="healthy again after connecting")


def test_a_store_refusing_writes_is_named_and_clears_with_the_next_commit(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    port = free_port()
    config = running(
        daemons,
        tmp_path,
        port=port,
        LISTMINDER_STORE__BUSY_TIMEOUT_S="0.2",
        LISTMINDER_DAEMON__UNHEALTHY_AFTER_S="1",
    )
    with write_lock(tmp_path / "listminder.db"):
        with pytest.raises(smtplib.SMTPDataError) as refused:
            deliver(port, 1)
        assert refused.value.smtp_code == 451
        store = status(config)[1]["components"]["store"]
        assert store["state"] == "refusing writes" and "locked" in store["error"]
        wait_for(lambda: status(config)[0] == 1, what="the store's failure to outlast the limit")
        assert "store: refusing writes since" in status(config)[1]["reason"]
    deliver(port, 2)
    code, report = status(config)
    assert code == 0 and report["components"]["store"]["state"] == "writable", report


def test_the_listener_reports_where_it_listens(tmp_path: Path, daemons: list[Daemon]) -> None:
    port = free_port()
    config = running(daemons, tmp_path, port=port)
    listener = status(config)[1]["components"]["listener"]
    assert listener["ok"] is True and listener["state"] == f"listening on 127.0.0.1:{port}"
    text = run_cli("status", "--config", str(config)).stdout
    assert f"  listener      listening on 127.0.0.1:{port} since" in text


def test_a_listener_turned_off_by_a_reload_leaves_the_board(tmp_path: Path, daemons: list[Daemon]) -> None:
    port = free_port()
    config = running(daemons, tmp_path, port=port)
    assert "listener" in status(config)[1]["components"]
    config.write_text(config.read_text().replace(f"port = {port}", f"port = {port}\nenabled = false"))
    wait_for(lambda: not accepts(port), what="the listener to close")
    wait_for(
        lambda: "listener" not in status(config)[1]["components"], what="the listener to leave the board"
    )
    assert status(config)[0] == 0


def test_a_reader_does_not_migrate_an_older_store(tmp_path: Path) -> None:
    database = tmp_path / "listminder.db"
    config = tmp_path / "listminder.toml"
    config.write_text(config_text(tmp_path))
    _make_store_at(database, "0002")
    result = run_cli("meetings", "--config", str(config))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "has schema 0002" in line and "starting the daemon" in line
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]


def test_a_reader_leaves_no_store_behind(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(config_text(tmp_path))
    result = run_cli("meetings", "--config", str(config))
    assert result.returncode == 1 and "no store at" in result.stderr
    assert not (tmp_path / "listminder.db").exists()


def _make_store_at(database: Path, revision: str) -> None:
    """A store left at an older schema, as an older listminder made it."""

    async def make() -> None:
        engine = create_engine(f"sqlite:///{database}")
        try:
            await upgrade(engine, revision)
        finally:
            await engine.dispose()

    asyncio.run(make())


async def test_a_listener_that_cannot_bind_says_so_on_the_board() -> None:
    async def never_called(raw: bytes, *, list_name: str | None, received_at: datetime, source: str) -> None:
        raise AssertionError("no session can reach a listener that is not listening")

    board = StatusBoard()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        listener = MailListener(ListenerSettings(port=port), {}, never_called, report=board.listener)
        with pytest.raises((OSError, ListminderError)):
            await listener.run()
    entry = board.components()["listener"]
    assert entry["ok"] is False and entry["state"] == f"cannot listen on 127.0.0.1:{port}"
    assert "in use" in entry["error"]


@pytest.mark.parametrize("where", ["path", "abstract"])
def test_the_daemon_tells_the_service_manager(tmp_path: Path, daemons: list[Daemon], where: str) -> None:
    address = (
        str(tmp_path / "notify") if where == "path" else f"@listminder-test-{os.getpid()}-{tmp_path.name}"
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as manager:
        manager.bind(address if where == "path" else b"\0" + address[1:].encode())
        # A deadline for each message, not a pause: recv returns as soon as one arrives.
        manager.settimeout(15)
        daemon = start(daemons, cwd=tmp_path, env={"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "2000000"})
        told = Told(manager)
        told.wait_for("READY=1")
        told.wait_for("WATCHDOG=1")
        daemon.process.send_signal(signal.SIGHUP)
        told.wait_for("RELOADING=1")
        told.wait_for("READY=1")
        daemon.process.send_signal(signal.SIGTERM)
        told.wait_for("STOPPING=1")
        assert daemon.process.wait(timeout=15) == 0


class Told:
    """The messages a service manager receives on its notify socket, in order."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def wait_for(self, line: str) -> None:
        while True:
            try:
                message = self._sock.recv(4096).decode()
            except TimeoutError as exc:
                raise AssertionError(f"the daemon never sent {line}") from exc
            if line in message.splitlines():
                return


UNIT = REPO / "contrib" / "systemd" / "listminder.service"


def unit_service() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text())
    return dict(parser["Service"])


def test_the_systemd_unit_runs_the_daemon_as_a_notify_service() -> None:
    service = unit_service()
    assert service["Type"] == "notify" and int(service["WatchdogSec"]) > 0
    assert service["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert service["DynamicUser"] == "yes" and service["ProtectSystem"] == "strict"
    assert service["StateDirectory"] == "listminder"
    assert service["WorkingDirectory"] == "/var/lib/listminder"
    binary, *args = service["ExecStart"].split()
    assert binary.endswith("/listminder")
    parsed = build_parser().parse_args(args)
    assert (
        parsed.command == "run"
        and Path(parsed.config).parent == Path("/etc") / service["ConfigurationDirectory"]
    )
    assert float(service["TimeoutStopSec"]) > DaemonSettings().shutdown_timeout_s


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if in_ci():
            pytest.fail("CI=true but systemd-analyze (package systemd) is not installed")
        pytest.skip("systemd-analyze is not installed")
    # Verified with an ExecStart that exists here: the unit's own path is where an admin installs it.
    unit = tmp_path / "listminder.service"
    unit.write_text(UNIT.read_text().replace("/opt/listminder/bin/listminder", shutil.which("true") or ""))
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [("daemon", "unhealthy_after_s", "0"), ("store", "busy_timeout_s", "-1")],
)
def test_the_new_settings_are_checked_by_key(tmp_path: Path, table: str, key: str, value: str) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(f"[{table}]\n{key} = {value}\n")
    result = run_cli("check-config", "--config", str(config))
    assert result.returncode == 1
    assert f"{table}.{key}: Input should be greater than 0" in result.stderr
