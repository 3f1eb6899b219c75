"""`digest preview` and `digest send`, through the functions the command calls, with meetings built here
and the outbox in a real SQLite store."""

from __future__ import annotations

import email
import email.policy
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.digest.commands import pick_list, preview_digest, send_digest
from bot.digest.model import MeetingSnapshot
from bot.errors import ListminderError
from tests.cli import run_cli
from tests.digest.meetings import SEED, at, mmwg
from tests.digest.smtp_server import Recorder, SmtpServer


async def seed_loader(settings: Settings, list_name: str, at: datetime) -> Sequence[MeetingSnapshot]:
    return [m for m in SEED if m.list == list_name]


def settings_for(tmp_path: Path, port: int = 25, **more: Any) -> Settings:
    values: dict[str, Any] = {
        "outbound": {
            "transport": "smtp",
            "from_address": "listminder@example.org",
            "smtp": {"host": "127.0.0.1", "port": port, "tls": "none", "timeout_s": 5},
        },
        "store": {"url": f"sqlite:///{tmp_path / 'store.db'}"},
        "lists": [mmwg().model_dump()],
    }
    values.update(more)
    return Settings(**values)


def outbox_rows(folder: Path) -> list[tuple[str, str, str]]:
    if not (folder / "store.db").exists():
        return []
    with closing(sqlite3.connect(folder / "store.db")) as db:
        return db.execute("select kind, period, state from outbox").fetchall()


async def test_preview_prints_headers_and_the_plain_text(tmp_path: Path) -> None:
    out = await preview_digest(settings_for(tmp_path), "pending", None, "2006-12-01T09:30", seed_loader)
    head, _, body = out.partition("\n\n")
    assert "Subject: 2 meetings await confirmation" in head
    assert "To: chair@example.org" in head
    # The period is that of the cron's last fire (Monday 27 Nov 2006, 09:00 in Zurich).
    assert "Outbox-Key: mmwg/pending/2006-11-27T08:00Z" in head
    assert body.count("Confirmation expected by Sun 31 Dec 2006.") == 2
    assert outbox_rows(tmp_path) == []


async def test_preview_of_an_empty_digest_says_it_would_not_be_sent(tmp_path: Path) -> None:
    out = await preview_digest(settings_for(tmp_path), "reminder", "mmwg", "2006-12-01", seed_loader)
    assert "it would not be sent" in out
    assert "No meetings in the next 14 days." in out


async def test_preview_rejects_a_bad_time(tmp_path: Path) -> None:
    with pytest.raises(ListminderError, match="--at 'next monday'"):
        await preview_digest(settings_for(tmp_path), "reminder", None, "next monday", seed_loader)


def test_a_list_must_be_named_when_there_are_several(tmp_path: Path) -> None:
    two = settings_for(
        tmp_path, lists=[mmwg().model_dump(), mmwg(name="other", address="o@example.org").model_dump()]
    )
    with pytest.raises(ListminderError, match="several lists"):
        pick_list(two, None)
    with pytest.raises(ListminderError, match="no list named 'nope'"):
        pick_list(two, "nope")
    assert pick_list(two, "other").name == "other"


async def test_send_goes_through_the_outbox_once_per_period(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    settings = settings_for(tmp_path, server.port)
    first = await send_digest(settings, "reminder", "mmwg", seed_loader, now=at(2007, 2, 6, 10))
    again = await send_digest(settings, "reminder", "mmwg", seed_loader, now=at(2007, 2, 7, 10))
    assert first.startswith("Sent 'Meetings in the next 14 days' to mmwg@wsis-cs.org")
    assert again == "Not sent again: mmwg/reminder/2007-02-05T07:00Z is already in the outbox (sent)."
    assert len(recorder.received) == 1
    assert outbox_rows(tmp_path) == [("reminder", "2007-02-05T07:00Z", "sent")]


async def test_send_reports_a_refusal(tmp_path: Path, server: SmtpServer, recorder: Recorder) -> None:
    recorder.answer = "550 5.1.1 No such list"
    with pytest.raises(ListminderError, match=r"refused for good: .*550"):
        await send_digest(
            settings_for(tmp_path, server.port), "pending", None, seed_loader, now=at(2006, 12, 4, 10)
        )


async def test_send_with_the_server_down_queues_for_the_daemon(tmp_path: Path, server: SmtpServer) -> None:
    server.stop()
    out = await send_digest(
        settings_for(tmp_path, server.port), "pending", None, seed_loader, now=at(2006, 12, 4, 10)
    )
    assert out.startswith("Queued mmwg/pending/2006-12-04T08:00Z; not delivered yet")


async def test_send_at_a_time_composes_as_then_and_records_that_period(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    settings = settings_for(tmp_path, server.port)
    now = at(2026, 11, 30, 10)
    first = await send_digest(settings, "pending", None, seed_loader, now=now, at_text="2006-12-01T09:30")
    assert first == (
        "Sent '2 meetings await confirmation' to chair@example.org (mmwg/pending/2006-11-27T08:00Z)."
    )
    # Another time in the same period (a date alone is midnight in the list's zone) finds it done.
    again = await send_digest(settings, "pending", None, seed_loader, now=now, at_text="2006-11-29")
    assert again == "Not sent again: mmwg/pending/2006-11-27T08:00Z is already in the outbox (sent)."
    [received] = recorder.received
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Date"] == "Fri, 01 Dec 2006 08:30:00 +0000"
    assert outbox_rows(tmp_path) == [("pending", "2006-11-27T08:00Z", "sent")]


@pytest.mark.parametrize("mode", ["preview", "send"])
@pytest.mark.parametrize("configured", [False, True])
def test_without_a_store_digest_commands_say_so_and_create_nothing(
    tmp_path: Path, mode: str, configured: bool
) -> None:
    args = ["digest", mode, "pending"]
    if configured:
        config = tmp_path / "listminder.toml"
        config.write_text(
            f'[store]\nurl = "sqlite:///{tmp_path}/data/store.db"\n'
            '[[lists]]\nname = "mmwg"\naddress = "mmwg@example.org"\nadmins = ["chair@example.org"]\n'
        )
        args += ["--config", str(config)]
    before = sorted(tmp_path.rglob("*"))
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    missing = f"{tmp_path}/data/store.db" if configured else "listminder.db"
    assert line.startswith(f"listminder: no store at {missing} ")
    assert sorted(tmp_path.rglob("*")) == before


WEB = {"public_base_url": "https://lists.example.org/meetings", "secret": "a long random secret"}
ORGANISERS = ["chair@example.org", "cochair@example.org"]


async def test_preview_with_signed_links_shows_the_first_organisers_copy(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, web=WEB, lists=[mmwg(admins=ORGANISERS).model_dump()])
    out = await preview_digest(settings, "pending", None, "2006-12-01T09:30", seed_loader)
    head, _, body = out.partition("\n\n")
    assert "To: chair@example.org" in head
    assert body.count("  Confirm: https://lists.example.org/meetings/act/") == 2


async def test_send_with_signed_links_mails_each_organiser_their_copy_once(
    tmp_path: Path, server: SmtpServer, recorder: Recorder
) -> None:
    settings = settings_for(tmp_path, server.port, web=WEB, lists=[mmwg(admins=ORGANISERS).model_dump()])
    now = at(2006, 12, 4, 10)
    first = await send_digest(settings, "pending", None, seed_loader, now=now)
    assert [line.split(" to ")[1].split(" ")[0] for line in first.splitlines()] == ORGANISERS
    again = await send_digest(settings, "pending", None, seed_loader, now=now)
    assert all(line.startswith("Not sent again: ") for line in again.splitlines())
    assert sorted(tuple(item.recipients) for item in recorder.received) == [(o,) for o in ORGANISERS]
