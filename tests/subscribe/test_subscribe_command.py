"""`listminder subscribe` and `unsubscribe` as an admin runs them, with a real SMTP server as the
outbound transport and the pending request read back from the store."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from bot.store import MembershipState, Store
from tests.cli import run_cli
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.stores import store_settings

BOT = "listminder@bot.test"


def site(folder: Path, port: int, server: str = "mailman3") -> Path:
    config = folder / "listminder.toml"
    config.write_text(
        f"""
[store]
url = "sqlite:///{folder / "store.db"}"
[outbound]
transport = "smtp"
from_address = "{BOT}"
[outbound.smtp]
host = "127.0.0.1"
port = {port}
tls = "none"
timeout_s = 5

[[lists]]
name = "eco"
address = "eco@lists.example.org"
server = "{server}"
admins = ["chair@example.org"]
"""
    )
    return config


async def requests_of(folder: Path) -> list[tuple[str, MembershipState]]:
    async with await Store.open_for_reading(store_settings(folder / "store.db")) as store:
        return [(r.action, r.state) for r in await store.membership_requests("eco")]


async def test_subscribe_sends_the_request_and_records_it_pending(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    result = run_cli("subscribe", "eco", "--config", str(site(tmp_path, server.port)))
    assert result.returncode == 0, result.stderr
    assert "eco-join@lists.example.org" in result.stdout and "pending" in result.stdout
    [received] = recorder.received
    assert (received.sender, received.recipients) == (BOT, ["eco-join@lists.example.org"])
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["From"] == BOT and message["Subject"] == "join"
    assert await requests_of(tmp_path) == [("subscribe", MembershipState.PENDING)]
    # `listminder status` shows it per list (the daemon is not running: the report says so too).
    status = json.loads(run_cli("status", "--json", "--config", str(tmp_path / "listminder.toml")).stdout)
    [eco] = status["lists"]
    assert (eco["membership"]["action"], eco["membership"]["state"]) == ("subscribe", "pending")


async def test_unsubscribe_takes_the_place_of_a_pending_subscribe(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    config = str(site(tmp_path, server.port, "mailman2"))
    assert run_cli("subscribe", "eco", "--config", config).returncode == 0
    result = run_cli("unsubscribe", "eco", "--config", config)
    assert result.returncode == 0, result.stderr
    subjects = [
        email.message_from_bytes(r.data, policy=email.policy.default)["Subject"] for r in recorder.received
    ]
    assert subjects == ["subscribe", "unsubscribe"]
    assert [r.recipients for r in recorder.received] == [["eco-request@lists.example.org"]] * 2
    assert await requests_of(tmp_path) == [
        ("unsubscribe", MembershipState.PENDING),
        ("subscribe", MembershipState.SUPERSEDED),
    ]


async def test_manual_prints_what_to_do_and_sends_nothing(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    result = run_cli("subscribe", "eco", "--config", str(site(tmp_path, server.port, "manual")))
    assert result.returncode == 0, result.stderr
    assert "by hand" in result.stdout and BOT in result.stdout
    assert recorder.received == []


async def test_a_refused_request_fails_and_says_why(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    recorder.answer = "550 no such list"
    result = run_cli("subscribe", "eco", "--config", str(site(tmp_path, server.port, "sympa")))
    assert result.returncode == 1
    assert "sympa@lists.example.org" in result.stderr and "550 no such list" in result.stderr


@pytest.mark.parametrize("command", ["subscribe", "unsubscribe"])
async def test_an_unknown_list_is_named(tmp_path: Path, server: SmtpServer, command: str) -> None:
    result = run_cli(command, "nope", "--config", str(site(tmp_path, server.port)))
    assert result.returncode == 1 and "no list named 'nope'" in result.stderr and "eco" in result.stderr
