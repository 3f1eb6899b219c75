"""The round trip against a real Mailman 3 core: `listminder subscribe eco` -> Mailman asks for
confirmation -> the bot confirms -> Mailman lists the bot as a member -> a post to the list reaches the
bot and its meeting is stored -> the bot's reminder digest to the list is accepted, not held, and reaches
the other members -> `listminder unsubscribe eco` removes it.

Mailman runs from its own virtual environment (scripts/test installs it); its outgoing SMTP goes to the
harness's relay, which hands mail for the list's domain to Mailman's LMTP and mail for the bot to the
bot's listener."""

from __future__ import annotations

import email
import email.policy
import signal
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.cli import Daemon, run_cli, wait_for
from tests.conftest import in_ci
from tests.digest.smtp_server import free_port
from tests.servers import mailman
from tests.servers.relay import Relay, Routes

pytestmark = [pytest.mark.server, pytest.mark.timeout(300)]

BOT = "listminder@bot.test"
MEMBER = "ana@members.example.net"
LIST = "eco@lists.example.org"
LIST_ID = "eco.lists.example.org"


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[tuple[mailman.MailmanCore, Relay, int]]:
    if not mailman.available():
        if in_ci():
            pytest.fail(f"CI=true but Mailman is not installed at {mailman.VENV} (scripts/test installs it)")
        pytest.skip("Mailman 3 is not installed (scripts/test installs it into .cache/mailman)")
    folder = tmp_path / "mailman"
    folder.mkdir()
    relay_port, bot_port = free_port(), free_port()
    core = mailman.MailmanCore(folder, smtp_port=relay_port)
    relay = Relay(Routes("lists.example.org", core.lmtp_port, BOT, bot_port), port=relay_port)
    relay.start()
    try:
        core.start()
        core.cli("create", LIST)
        members = folder / "members.txt"
        members.write_text(f"{MEMBER}\n")
        core.cli("addmembers", str(members), LIST)
        yield core, relay, bot_port
    finally:
        core.stop()
        relay.stop()


def site(folder: Path, relay_port: int, bot_port: int) -> Path:
    config = folder / "listminder.toml"
    config.write_text(
        f"""
[store]
url = "sqlite:///{folder / "store.db"}"
[daemon]
state_dir = "{folder}"
outbox_check_s = 0.5
[outbound]
transport = "smtp"
from_address = "{BOT}"
[outbound.smtp]
host = "127.0.0.1"
port = {relay_port}
tls = "none"
timeout_s = 10
[inbound.smtp]
port = {bot_port}

[[lists]]
name = "eco"
address = "{LIST}"
timezone = "Europe/Paris"
server = "mailman3"
admins = ["chair@example.org"]
[lists.digests.reminder]
cron = "0 8 * * MON"
horizon_days = 60
to = ["{LIST}"]
"""
    )
    return config


def post(relay: Relay) -> None:
    message = EmailMessage()
    message["From"] = MEMBER
    message["To"] = LIST
    message["Subject"] = "Next working group meeting"
    message["Message-ID"] = "<wg-call-1@members.example.net>"
    message["Date"] = "Mon, 30 Nov 2026 09:00:00 +0000"
    message.set_content("The working group meets on Thursday 10 December 2026 at 14:00 in room 4.\n")
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=10) as client:
        client.send_message(message, from_addr=MEMBER, to_addrs=[LIST])


def digests_delivered_to_member(relay: Relay) -> list[email.message.EmailMessage]:
    """What the list distributed from the bot to the other member (their own post comes back too)."""
    found = []
    for received in list(relay.routes.delivered):
        parsed = email.message_from_bytes(received.data, policy=email.policy.default)
        if received.recipients == [MEMBER] and BOT in str(parsed["From"]):
            found.append(parsed)
    return found


def test_subscribe_confirm_post_digest_unsubscribe(
    tmp_path: Path, harness: tuple[mailman.MailmanCore, Relay, int]
) -> None:
    core, relay, bot_port = harness
    config = site(tmp_path, relay.port, bot_port)
    daemon = Daemon("--config", str(config), cwd=tmp_path)
    try:
        daemon.wait_logged("event=listener.started", timeout_s=30)
        result = run_cli("subscribe", "eco", "--config", str(config))
        assert result.returncode == 0, result.stderr
        # Mailman asks; the daemon answers; Mailman adds the bot.
        wait_for(lambda: BOT in (core.members(LIST_ID) or []), 90, "Mailman to list the bot as a member")
        assert "confirmed: mailman3" in daemon.log

        post(relay)
        wait_for(
            lambda: "created=" in daemon.log and "outcome=new" in daemon.log, 60, "the post to be stored"
        )
        meetings = run_cli("meetings", "--config", str(config), "--json")
        assert "2026-12-10T14:00:00+01:00" in meetings.stdout, meetings.stdout

        digest = run_cli(
            "digest",
            "send",
            "reminder",
            "--list",
            "eco",
            "--at",
            "2026-11-30T08:00:00+01:00",
            "--config",
            str(config),
        )
        assert digest.returncode == 0, digest.stderr
        # Accepted by Mailman as a member's post (not held) and distributed to the other member.
        wait_for(lambda: bool(digests_delivered_to_member(relay)), 60, "the digest to reach the member")
        [distributed] = digests_delivered_to_member(relay)
        assert str(distributed["Subject"]).startswith("[Eco]") and distributed["List-Id"] is not None
        assert core.rest(f"lists/{LIST_ID}/held")["total_size"] == 0

        result = run_cli("unsubscribe", "eco", "--config", str(config))
        assert result.returncode == 0, result.stderr
        wait_for(lambda: core.members(LIST_ID) == [MEMBER], 90, "Mailman to remove the bot")
    finally:
        if daemon.process.poll() is None:
            daemon.stop(signal.SIGTERM, timeout_s=20)
        daemon.close()
