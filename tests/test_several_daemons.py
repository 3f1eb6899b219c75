"""Several `listminder run` processes sharing one real PostgreSQL store: the lists are divided between
them, a daemon killed with SIGKILL or stopped loses its lists to the others within takeover_after_s,
every daemon's listener takes every list's mail, and each list's digest is written exactly once
across the daemons (each daemon writes into its own folder, so a second copy would show)."""

from __future__ import annotations

import asyncio
import json
import signal
import smtplib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from bot.config import StoreSettings
from bot.store import Lease, Store
from tests.cli import Daemon, run_cli, wait_for
from tests.test_daemon import listener_port

LISTS = [f"list{n}" for n in range(6)]
TAKEOVER_S = 4.0
ENV = {
    "LISTMINDER_DAEMON__HEARTBEAT_INTERVAL_S": "0.2",
    "LISTMINDER_DAEMON__CONFIG_POLL_INTERVAL_S": "0.5",
    "LISTMINDER_INBOUND__SMTP__PORT": "0",
}


def config(url: str) -> str:
    head = f"""\
[store]
url = "{url}"

[daemon]
takeover_after_s = {TAKEOVER_S}

[outbound]
transport = "file"
from_address = "listminder@bot.test"
outbox_dir = "outbox"
"""
    lists = "".join(
        f"""
[[lists]]
name = "{name}"
address = "{name}@lists.test"
timezone = "Europe/Zurich"
admins = ["chair@lists.test"]
[lists.digests.reminder]
cron = "0 8 * * MON"
send_empty = true
"""
        for name in LISTS
    )
    return head + lists


@dataclass(frozen=True)
class Site:
    url: str
    folders: list[Path]


@pytest.fixture
def site(tmp_path: Path, postgres_url: str) -> Site:
    (tmp_path / "listminder.toml").write_text(config(postgres_url))
    folders = [tmp_path / f"daemon-{n}" for n in range(3)]
    for folder in folders:
        folder.mkdir()
    return Site(postgres_url, folders)


def start(daemons: list[Daemon], folder: Path) -> Daemon:
    config_path = folder.parent / "listminder.toml"
    # Each its own heartbeat and outbox folder: a digest written by two daemons would show as two files.
    own = {
        "LISTMINDER_DAEMON__DAEMON_ID": folder.name,
        "LISTMINDER_DAEMON__STATE_DIR": str(folder),
        "LISTMINDER_OUTBOUND__OUTBOX_DIR": str(folder / "outbox"),
    }
    daemon = Daemon("--config", str(config_path), cwd=folder, env={**ENV, **own})
    daemons.append(daemon)
    return daemon


def status(folder: Path) -> dict[str, Any]:
    done = run_cli(
        "status", "--json", "--config", str(folder.parent / "listminder.toml"), cwd=folder, env=ENV
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def live_leases(url: str) -> list[Lease]:
    """The leases not run out, read from the store as `listminder status` does (without its start-up)."""

    async def read() -> list[Lease]:
        async with await Store.open_for_reading(StoreSettings(url=url)) as store:
            at = datetime.now(UTC)
            return [lease for lease in await store.leases() if lease.expires_at > at]

    return asyncio.run(read())


def owners(url: str) -> dict[str, str]:
    return {lease.list_name: lease.owner for lease in live_leases(url)}


def taken_within(url: str, names: set[str], since: datetime) -> timedelta:
    """How long after ``since`` the last of the lists ``names`` was taken by its new owner, by the time
    the taking daemon wrote into its lease (the test's own polling, slow under load, does not count)."""
    taken = [lease.acquired_at for lease in live_leases(url) if lease.list_name in names]
    assert len(taken) == len(names)
    return max(taken) - since


def owned_by(url: str, alive: set[str]) -> bool:
    found = owners(url)
    return set(found) == set(LISTS) and set(found.values()) == alive


def written(folders: list[Path]) -> Counter[str]:
    return Counter(path.name for folder in folders for path in (folder / "outbox").glob("*.eml"))


def test_lists_are_divided_and_taken_over_after_a_kill_and_a_stop(site: Site, daemons: list[Daemon]) -> None:
    folders, url = site.folders, site.url
    # The first one migrates the empty database; the other two start together while it runs.
    running = [start(daemons, folders[0])]
    running[0].wait_logged("event=daemon.started")
    running += [start(daemons, folder) for folder in folders[1:]]
    names = {folder.name for folder in folders}
    wait_for(lambda: owned_by(url, names), timeout_s=30, what="every list owned, by all three daemons")
    assert sorted(Counter(owners(url).values()).values()) == [2, 2, 2]
    listed = {item["name"]: item["owner"]["daemon"] for item in status(folders[0])["lists"]}
    assert listed == owners(url)
    wait_for(lambda: sum(written(folders).values()) == len(LISTS), timeout_s=30, what="one digest per list")

    killed = running[2]
    orphans = {name for name, owner in owners(url).items() if owner == folders[2].name}
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait(timeout=10)
    killed_at = datetime.now(UTC)
    survivors = {folders[0].name, folders[1].name}
    wait_for(
        lambda: owned_by(url, survivors), timeout_s=TAKEOVER_S * 3, what="the killed daemon's lists taken"
    )
    assert taken_within(url, orphans, killed_at) <= timedelta(seconds=TAKEOVER_S)
    # Every daemon's listener takes every list's mail, owned there or not.
    elsewhere = next(name for name, owner in owners(url).items() if owner == folders[0].name)
    deliver(listener_port(running[1]), elsewhere)
    running[1].wait_logged("event=ingest.stored")

    given_back = {name for name, owner in owners(url).items() if owner == folders[1].name}
    stopped_at = datetime.now(UTC)
    assert running[1].stop(signal.SIGTERM) == 0
    wait_for(
        lambda: owned_by(url, {folders[0].name}), timeout_s=TAKEOVER_S * 3, what="the stopped one's lists"
    )
    assert taken_within(url, given_back, stopped_at) <= timedelta(seconds=TAKEOVER_S)

    # The new owner ran each list's digest again: the outbox said it was written, and nothing was.
    running[0].wait_logged("event=leases.applied owned=6")
    assert written(folders) == Counter(dict.fromkeys(written(folders), 1))
    assert sum(written(folders).values()) == len(LISTS)
    text = run_cli("status", "--config", str(folders[0].parent / "listminder.toml"), cwd=folders[0], env=ENV)
    assert f"owner         {folders[0].name}, lease until" in text.stdout
    assert "Traceback" not in running[0].log


def deliver(port: int, list_name: str) -> None:
    message = EmailMessage()
    message["From"] = "chair@lists.test"
    message["To"] = f"{list_name}@lists.test"
    message["Subject"] = "Project call"
    message["Message-ID"] = f"<call-{list_name}@lists.test>"
    message.set_content("Our next call is on Monday 2 March 2037 at 15:00 UTC.\n")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(message)
