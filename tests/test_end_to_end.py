"""The daemon as an admin runs it: one list read over IMAP from a real Dovecot, one delivered to the
listener over SMTP; the seed thread sent each way shows up in `listminder meetings`."""

from __future__ import annotations

import json
import signal
import smtplib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from tests.cli import Daemon, run_cli, wait_for
from tests.configs import imap_table
from tests.servers.dovecot import Dovecot, free_port
from tests.servers.fixtures import dovecot, dovecot_factory

__all__ = ["dovecot", "dovecot_factory"]

SEED = ("mmwg-1-announce.eml", "mmwg-2-reply.eml", "mmwg-3-confirmed.eml")


def write_config(folder: Path, server: Dovecot, listener_port: int) -> Path:
    config = folder / "listminder.toml"
    config.write_text(
        f"""
[store]
url = "sqlite:///{folder / "listminder.db"}"
[daemon]
state_dir = "{folder}"
heartbeat_interval_s = 0.5
[outbound]
transport = "file"
outbox_dir = "{folder / "outbox"}"
from_address = "listminder@example.org"
[inbound.smtp]
host = "127.0.0.1"
port = {listener_port}

[[lists]]
name = "mmwg"
address = "mmwg@wsis-cs.org"
timezone = "Europe/Zurich"
{imap_table(server.imap_port, "list", "E2E_IMAP_PASSWORD", host=server.host, extra="poll_interval_s = 1")}

[[lists]]
name = "direct"
address = "direct@example.org"
timezone = "Europe/Zurich"
"""
    )
    return config


@dataclass
class Running:
    daemon: Daemon
    config: Path
    listener_port: int


@pytest.fixture
def running(tmp_path: Path, dovecot: Dovecot) -> Iterator[Running]:
    tmp_path.chmod(0o755)
    listener_port = free_port()
    config = write_config(tmp_path, dovecot, listener_port)
    env = {"E2E_IMAP_PASSWORD": dovecot.users["list"], "LISTMINDER_CONFIG": str(config)}
    daemon = Daemon(cwd=tmp_path, env=env)
    try:
        daemon.wait_logged("event=imap.connected")
        daemon.wait_logged("event=listener.started")
        yield Running(daemon, config, listener_port)
    finally:
        daemon.close()


def meetings(config: Path, list_name: str) -> list[dict[str, object]]:
    result = run_cli("meetings", "--json", "--list", list_name, env={"LISTMINDER_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def summary(config: Path, list_name: str) -> list[tuple[object, ...]]:
    return sorted((m["start"], m["status"], m["location"]) for m in meetings(config, list_name))


def shows(config: Path, list_name: str, expected: Sequence[tuple[object, ...]]) -> bool:
    return summary(config, list_name) == expected


def send_smtp(port: int, raw: bytes, recipient: str) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail("avri@acm.org", [recipient], raw)


def test_seed_thread_arrives_both_ways(running: Running, dovecot: Dovecot, shared_dir: Path) -> None:
    config, port = running.config, running.listener_port
    seed = [(shared_dir / "seed" / name).read_bytes() for name in SEED]

    for raw in seed[:2]:
        dovecot.append("list", raw)
        send_smtp(port, raw, "direct@example.org")
    tentative = [
        ("2007-02-12", "tentative", "Geneva"),
        ("2007-02-13", "tentative", "Geneva"),
    ]
    for name in ("mmwg", "direct"):
        wait_for(partial(shows, config, name, tentative), 20, f"two tentative meetings in {name}")

    dovecot.append("list", seed[2])
    send_smtp(port, seed[2], "direct@example.org")
    confirmed = [
        ("2007-02-12", "confirmed", "Palais des Nations, Geneva"),
        ("2007-02-13", "confirmed", "Palais des Nations, Geneva"),
    ]
    for name in ("mmwg", "direct"):
        wait_for(partial(shows, config, name, confirmed), 20, f"confirmed meetings in {name}")

    assert running.daemon.stop(signal.SIGTERM) == 0
    assert "Traceback" not in running.daemon.log
    assert dovecot.users["list"] not in running.daemon.log


def test_foreign_recipient_is_refused_by_the_daemon(running: Running) -> None:
    with (
        smtplib.SMTP("127.0.0.1", running.listener_port, timeout=10) as client,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        client.sendmail("a@example.org", ["someone@elsewhere.example"], b"Subject: x\r\n\r\nhi\r\n")
