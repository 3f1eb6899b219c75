"""The IMAP watcher against a real Dovecot started by the suite: reading, waiting, positions, faults."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.backoff import BackoffPolicy
from bot.config import ImapSettings
from bot.health import StatusBoard
from bot.logs import TextFormatter
from bot.sources.imap import ImapWatcher, RetryPolicies
from bot.store.records import MailboxPosition
from tests.cli import Daemon, run_cli, wait_for
from tests.configs import imap_table
from tests.servers.dovecot import Dovecot, free_port, make_tls_files
from tests.sources.recorders import MemoryStates, RecordingIntake, eventually, make_message

pytestmark = pytest.mark.server

FAST = BackoffPolicy(first_s=0.05, cap_s=0.2)
FAST_RETRY = RetryPolicies(network=FAST, auth=FAST, store=FAST, message=FAST)


def imap_settings(server: Dovecot, user: str = "list", **overrides: Any) -> ImapSettings:
    values: dict[str, Any] = {
        "host": server.host,
        "port": server.imap_port,
        "tls": "none",
        "username": user,
        "password": server.users[user],
        "timeout_s": 5.0,
        "poll_interval_s": 0.2,
    }
    values.update(overrides)
    return ImapSettings(**values)


@contextlib.asynccontextmanager
async def running(*watchers: ImapWatcher) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(w.run(), name=w.name) for w in watchers]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for result in results:
            if not isinstance(result, asyncio.CancelledError):
                raise AssertionError(f"a watcher ended by itself: {result!r}")


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == name]


def field_of(record: logging.LogRecord, key: str) -> Any:
    return record.listminder_fields.get(key)  # type: ignore[attr-defined]


def uidvalidity(server: Dovecot, user: str = "list", mailbox: str = "INBOX") -> int:
    line = server.doveadm("mailbox", "status", "-u", user, "uidvalidity", mailbox)
    return int(line.split("uidvalidity=")[1].split()[0])


@pytest.fixture(autouse=True)
def debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")


def watcher_for(
    server: Dovecot,
    intake: RecordingIntake,
    states: MemoryStates,
    *,
    list_name: str = "wg",
    user: str = "list",
    retry: RetryPolicies = FAST_RETRY,
    board: StatusBoard | None = None,
    **overrides: Any,
) -> ImapWatcher:
    report = board.mailbox if board is not None else None
    settings = imap_settings(server, user, **overrides)
    return ImapWatcher(list_name, settings, intake, states, retry=retry, report=report)


def board_error(board: StatusBoard, list_name: str = "wg") -> str | None:
    """What `listminder status` would show as the list's mailbox error."""
    mailbox = board.snapshot().get(list_name, {}).get("mailbox") or {}
    error: str | None = mailbox.get("error")
    return error


async def waiting_count(caplog: pytest.LogCaptureFixture) -> int:
    return len(events(caplog, "imap.waiting"))


# --- reading and waiting ---------------------------------------------------------------------------


async def test_reads_the_backlog_then_new_mail_announced_by_idle(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture
) -> None:
    for n in (1, 2):
        dovecot.append("list", make_message(n))
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(dovecot, intake, states)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 2, "the two waiting messages")
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "the watcher to wait in IDLE")
        assert field_of(events(caplog, "imap.waiting")[-1], "mode") == "idle"
        await asyncio.to_thread(dovecot.append, "list", make_message(3))
        # The watcher leaves IDLE to look for itself only every mailbox_check_s (a minute): within the
        # wait, only the server's IDLE notification can have brought the message in.
        await eventually(lambda: len(intake.received) == 3, "the message delivered during IDLE")
    assert [r.message_id for r in intake.received] == [f"<msg-{n}@example.org>" for n in (1, 2, 3)]
    first = intake.received[0]
    assert first.list_name == "wg"
    assert first.source.startswith(f"imap://list@127.0.0.1:{dovecot.imap_port}/INBOX;UIDVALIDITY=")
    assert first.source.endswith(";UID=1")
    assert first.received_at.tzinfo is not None
    assert states.only() == MailboxPosition(uidvalidity(dovecot), 3)
    # Reading must not mark mail as read when on_handled = "keep".
    assert dovecot.uids("list", criteria="SEEN") == []


async def test_resumes_after_the_stored_position(dovecot: Dovecot) -> None:
    for n in (1, 2, 3):
        dovecot.append("list", make_message(n))
    intake = RecordingIntake()
    states = MemoryStates()
    watcher = watcher_for(dovecot, intake, states)
    states.positions[watcher.source_key] = MailboxPosition(uidvalidity(dovecot), 2)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 1, "the one message after the position")
        dovecot.append("list", make_message(4))
        await eventually(lambda: len(intake.received) == 2, "the next new message")
    assert [r.message_id for r in intake.received] == ["<msg-3@example.org>", "<msg-4@example.org>"]


async def test_polls_where_the_server_has_no_idle(
    dovecot_factory: Callable[..., Dovecot], caplog: pytest.LogCaptureFixture
) -> None:
    server = dovecot_factory(idle=False)
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(server, intake, states, poll_interval_s=0.3)
    async with running(watcher):
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "the first wait")
        await asyncio.to_thread(server.append, "list", make_message(1))
        await eventually(lambda: len(intake.received) == 1, "the polled message")
        polls = len(events(caplog, "imap.waiting"))
        await eventually(lambda: len(events(caplog, "imap.waiting")) >= polls + 2, "two more polls")
    assert {field_of(r, "mode") for r in events(caplog, "imap.waiting")} == {"poll"}
    assert field_of(events(caplog, "imap.connected")[0], "mode") == "poll"


async def test_a_burst_is_read_completely_and_once(dovecot: Dovecot) -> None:
    # Mail arriving while the watcher fetches: the EXISTS lines aioimaplib drops must not cost messages.
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(dovecot, intake, states)
    async with running(watcher):
        for n in range(40):
            await asyncio.to_thread(dovecot.append, "list", make_message(n))
        await eventually(lambda: len(intake.received) >= 40, "all 40 messages")
    assert set(intake.message_ids().values()) == {1}
    assert states.only().last_uid == 40


async def test_many_mailboxes_on_one_loop(dovecot_factory: Callable[..., Dovecot]) -> None:
    users = {f"list{i}": f"pw{i}" for i in range(6)}
    server = dovecot_factory(users=users)
    intake, states = RecordingIntake(), MemoryStates()
    watchers = [watcher_for(server, intake, states, list_name=f"wg{i}", user=f"list{i}") for i in range(6)]
    async with running(*watchers):
        for i in range(6):
            await asyncio.to_thread(server.append, f"list{i}", make_message(i))
        await eventually(lambda: len(intake.received) == 6, "one message in each of six mailboxes")
    assert sorted((r.list_name or "", r.message_id) for r in intake.received) == [
        (f"wg{i}", f"<msg-{i}@example.org>") for i in range(6)
    ]


# --- faults ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["stop", "kill"])
async def test_server_down_during_idle_then_back(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    intake, states = RecordingIntake(), MemoryStates()
    dovecot.append("list", make_message(1))
    watcher = watcher_for(dovecot, intake, states)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 1, "the first message")
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "the watcher in IDLE")
        # "stop" ends sessions with BYE; "kill" takes the whole process group down without a word.
        await asyncio.to_thread(dovecot.stop if how == "stop" else dovecot.kill)
        await eventually(lambda: bool(events(caplog, "imap.disconnected")), "the loss to be noticed")
        dovecot.deliver_offline("list", make_message(2))
        await asyncio.to_thread(dovecot.start)
        await eventually(lambda: len(intake.received) == 2, "the mail delivered while the server was down")
        await asyncio.to_thread(dovecot.append, "list", make_message(3))
        await eventually(lambda: len(intake.received) == 3, "new mail after the reconnection")
    assert intake.message_ids() == {f"<msg-{n}@example.org>": 1 for n in (1, 2, 3)}
    assert len(events(caplog, "imap.connected")) >= 2
    assert states.only().last_uid == 3


async def test_wrong_password_is_reported_retried_slowly_and_spares_other_lists(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WG_IMAP_PASSWORD", "not-the-password")
    slow_auth = RetryPolicies(network=FAST, auth=BackoffPolicy(first_s=1.5, cap_s=1.5, jitter=0.0))
    intake, states = RecordingIntake(), MemoryStates()
    refused = ImapWatcher(
        "wg",
        imap_settings(dovecot, password=None, password_env="WG_IMAP_PASSWORD"),
        intake,
        states,
        retry=slow_auth,
    )
    healthy = watcher_for(dovecot, intake, states, list_name="board", user="other")
    async with running(refused, healthy):
        await eventually(lambda: bool(events(caplog, "imap.auth_failed")), "the refusal to be logged")
        await asyncio.to_thread(dovecot.append, "other", make_message(1))
        await eventually(lambda: len(intake.received) == 1, "mail for the other list")
        await eventually(
            lambda: len(events(caplog, "imap.auth_failed")) >= 3, "two more refused attempts", 40
        )
        # Fixing the secret is picked up at the next attempt, without a restart.
        dovecot.append("list", make_message(2))
        monkeypatch.setenv("WG_IMAP_PASSWORD", dovecot.users["list"])
        await eventually(lambda: len(intake.received) == 2, "the list's mail once the password is right", 40)
    failed_at = [r.created for r in events(caplog, "imap.auth_failed")]
    # Between two refusals lies at least the auth policy's wait (and the server's own delay).
    assert min(b - a for a, b in itertools.pairwise(failed_at)) >= 1.5
    # Refusals are not network trouble: no fast reconnects in between.
    assert not [r for r in events(caplog, "imap.disconnected") if field_of(r, "list") == "wg"]
    record = events(caplog, "imap.auth_failed")[0]
    assert record.levelno == logging.ERROR
    assert field_of(record, "list") == "wg"
    assert field_of(record, "host") == "127.0.0.1"
    assert field_of(record, "port") == dovecot.imap_port
    assert "AUTHENTICATIONFAILED" in field_of(record, "error")
    lines = [TextFormatter().format(r) for r in caplog.records]
    assert not [line for line in lines if "not-the-password" in line or dovecot.users["list"] in line]
    assert [r.list_name for r in intake.received] == ["board", "wg"]


@pytest.mark.parametrize("failure", ["wrong_password", "no_password", "no_mailbox", "refused"])
async def test_each_failure_reads_as_one_clear_line(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    monkeypatch.delenv("WG_NO_SUCH_PASSWORD", raising=False)
    closed_port = free_port()
    cases: dict[str, dict[str, Any]] = {
        "wrong_password": {"password": "not-the-password"},
        "no_password": {"password": None, "password_env": "WG_NO_SUCH_PASSWORD"},
        "no_mailbox": {"mailbox": "Nowhere"},
        "refused": {"port": closed_port},
    }
    overrides = cases[failure]
    expected = {
        "wrong_password": "login refused: [AUTHENTICATIONFAILED] Authentication failed.",
        "no_password": "no password given (set WG_NO_SUCH_PASSWORD)",
        "no_mailbox": "cannot select mailbox 'Nowhere': NO Mailbox doesn't exist: Nowhere",
        "refused": f"cannot connect to 127.0.0.1:{closed_port}: Connection refused",
    }[failure]
    board = StatusBoard()
    watcher = watcher_for(dovecot, RecordingIntake(), MemoryStates(), board=board, **overrides)
    async with running(watcher):
        await eventually(lambda: board_error(board) is not None, "the failure on the status board")
    shown = board_error(board)
    assert shown is not None
    # Dovecot appends its timing to a NO ("(0.001 + 0.000 secs)."): the rest is ours to check.
    assert shown == expected or shown.startswith(expected + " (")
    logged = [field_of(r, "error") for r in caplog.records if field_of(r, "error") is not None]
    assert logged and all(line == shown for line in logged)


async def test_a_server_that_never_answers_times_out_and_is_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def mute(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(mute, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = ImapSettings(
        host="127.0.0.1", port=port, tls="none", username="u", password=SecretStr("p"), timeout_s=0.3
    )
    watcher = ImapWatcher("wg", settings, RecordingIntake(), MemoryStates(), retry=FAST_RETRY)
    try:
        async with running(watcher):
            await eventually(lambda: len(events(caplog, "imap.disconnected")) >= 2, "two timed-out attempts")
    finally:
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()
    assert "TimeoutError" in field_of(events(caplog, "imap.disconnected")[0], "error")
    assert len(accepted) >= 2


async def test_a_changed_uidvalidity_reads_the_mailbox_again(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture
) -> None:
    for n in (1, 2):
        dovecot.append("list", make_message(n))
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(dovecot, intake, states)
    states.positions[watcher.source_key] = MailboxPosition(uidvalidity=7, last_uid=999)
    uidvalidity_before = uidvalidity(dovecot)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 2, "both messages, despite UID 999 stored")
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "the watcher in IDLE")
        # Changed under a live session. Dovecot notices at the session's next mailbox sync (here:
        # new mail) and ends it; the UIDs read so far mean nothing now.
        update = ("mailbox", "update", "-u", "list", "--uid-validity", "4242", "INBOX")
        await asyncio.to_thread(dovecot.doveadm, *update)
        await asyncio.to_thread(dovecot.append, "list", make_message(3))
        await eventually(lambda: len(intake.received) == 5, "the whole mailbox read again")
    assert intake.message_ids() == {
        "<msg-1@example.org>": 2,
        "<msg-2@example.org>": 2,
        "<msg-3@example.org>": 1,
    }
    changes = events(caplog, "imap.uidvalidity_changed")
    assert [(field_of(r, "old"), field_of(r, "new")) for r in changes] == [
        (7, uidvalidity_before),
        (uidvalidity_before, 4242),
    ]
    assert states.only() == MailboxPosition(4242, 3)


def replace_mailbox(server: Dovecot, how: str, mailbox: str) -> None:
    """The watched mailbox swapped for a new, empty one of the same name, under a live session."""
    if how == "doveadm":
        server.doveadm("mailbox", "delete", "-u", "list", mailbox)
    elif how == "imap":
        server.delete_mailbox("list", mailbox)
    else:
        server.doveadm("mailbox", "rename", "-u", "list", mailbox, f"{mailbox}-old")
    if how == "imap":
        server.create_mailbox("list", mailbox)
    else:
        server.doveadm("mailbox", "create", "-u", "list", mailbox)


@pytest.mark.parametrize("how", ["doveadm", "imap", "renamed"])
async def test_a_mailbox_deleted_and_recreated_under_idle_is_noticed(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    # Dovecot tells the IDLE session nothing (renamed), or only an untagged NO once new mail arrives
    # (deleted): only the periodic check finds the new mailbox. IDLE renewal is left at its default.
    dovecot.create_mailbox("list", "Lists")
    dovecot.append("list", make_message(1), mailbox="Lists")
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(dovecot, intake, states, mailbox="Lists", mailbox_check_s=0.5)
    old_uidvalidity = uidvalidity(dovecot, mailbox="Lists")
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 1, "the message in the first mailbox")
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "the watcher in IDLE")
        await asyncio.to_thread(replace_mailbox, dovecot, how, "Lists")
        await asyncio.to_thread(dovecot.append, "list", make_message(2), "Lists")
        await eventually(lambda: len(intake.received) == 2, "the message in the re-created mailbox")
    new_uidvalidity = uidvalidity(dovecot, mailbox="Lists")
    assert new_uidvalidity != old_uidvalidity
    assert [r.message_id for r in intake.received] == ["<msg-1@example.org>", "<msg-2@example.org>"]
    assert intake.received[1].source.endswith(f";UIDVALIDITY={new_uidvalidity}/;UID=1")
    assert states.only() == MailboxPosition(new_uidvalidity, 1)
    assert field_of(events(caplog, "imap.waiting")[0], "seconds") == 0.5


async def test_an_expunge_ends_the_idle_at_once(dovecot: Dovecot, caplog: pytest.LogCaptureFixture) -> None:
    # Cyrus announces a deleted mailbox with EXPUNGE alone; the watcher must look again at once.
    for n in (1, 2):
        dovecot.append("list", make_message(n))
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(dovecot, intake, states, idle_renew_s=600)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 2, "the two messages")
        await eventually(lambda: len(events(caplog, "imap.waiting")) == 1, "the watcher in IDLE")
        await asyncio.to_thread(dovecot.expunge, "list", 1)
        await eventually(lambda: len(events(caplog, "imap.waiting")) == 2, "a new round after the expunge")
    assert len(intake.received) == 2
    assert states.only().last_uid == 2


async def test_store_unavailable_keeps_the_message_until_the_store_is_back(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture
) -> None:
    intake, states = RecordingIntake(unavailable=True), MemoryStates()
    dovecot.append("list", make_message(1))
    watcher = watcher_for(dovecot, intake, states)
    async with running(watcher):
        await eventually(lambda: intake.calls >= 3, "several attempts while the store is down")
        assert intake.received == []
        assert all(p.last_uid == 0 for p in states.positions.values())
        assert events(caplog, "imap.store_unavailable")
        intake.unavailable = False
        await eventually(lambda: len(intake.received) == 1, "the message once the store is back")
    assert states.only().last_uid == 1


async def test_a_failing_message_is_not_skipped(dovecot: Dovecot, caplog: pytest.LogCaptureFixture) -> None:
    intake, states = RecordingIntake(poison={b"POISON"}), MemoryStates()
    dovecot.append("list", make_message(1))
    dovecot.append("list", make_message(2, body="POISON\n"))
    dovecot.append("list", make_message(3))
    watcher = watcher_for(dovecot, intake, states)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 2, "the messages around the failing one")
        assert [r.message_id for r in intake.received] == ["<msg-1@example.org>", "<msg-3@example.org>"]
        # The position stops below the failing message, so a restart would not lose it.
        assert states.only().last_uid == 1
        assert events(caplog, "imap.message_failed")
        intake.poison.clear()
        await eventually(
            lambda: "<msg-2@example.org>" in intake.message_ids(), "the message once it goes through"
        )
        await eventually(lambda: states.only().last_uid == 3, "the position past all three")


# --- after handling --------------------------------------------------------------------------------


async def test_handled_messages_can_be_flagged_seen(dovecot: Dovecot) -> None:
    intake, states = RecordingIntake(), MemoryStates()
    dovecot.append("list", make_message(1))
    async with running(watcher_for(dovecot, intake, states, on_handled="seen")):
        await eventually(lambda: dovecot.uids("list", criteria="SEEN") == [1], "message 1 flagged \\Seen")


async def test_handled_messages_can_be_moved(dovecot: Dovecot) -> None:
    dovecot.create_mailbox("list", "Done")
    intake, states = RecordingIntake(), MemoryStates()
    dovecot.append("list", make_message(1))
    async with running(watcher_for(dovecot, intake, states, on_handled="move", move_to="Done")):
        await eventually(lambda: dovecot.uids("list", "Done") == [1], "message 1 moved")
        dovecot.append("list", make_message(2))
        await eventually(lambda: len(dovecot.uids("list", "Done")) == 2, "message 2 moved")
    assert dovecot.uids("list") == []
    assert len(intake.received) == 2


async def test_mailbox_names_beyond_ascii_are_sent_in_modified_utf7(dovecot: Dovecot) -> None:
    # The fixture speaks raw IMAP, so the names are given here as RFC 3501 writes them on the wire.
    dovecot.create_mailbox("list", "R&AOk-unions")
    dovecot.create_mailbox("list", "Archiv&AOk- &- rang&AOk-")
    dovecot.append("list", make_message(1), mailbox="R&AOk-unions")
    intake, states = RecordingIntake(), MemoryStates()
    watcher = watcher_for(
        dovecot, intake, states, mailbox="Réunions", on_handled="move", move_to="Archivé & rangé"
    )
    async with running(watcher):
        await eventually(lambda: dovecot.uids("list", "Archiv&AOk- &- rang&AOk-") == [1], "message moved")
    assert dovecot.uids("list", "R&AOk-unions") == []
    assert len(intake.received) == 1


# --- TLS -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
async def test_tls_with_a_verified_certificate(dovecot_factory: Callable[..., Dovecot], mode: str) -> None:
    server = dovecot_factory(tls=True)
    assert server.tls_files is not None
    port = server.imaps_port if mode == "implicit" else server.imap_port
    intake, states = RecordingIntake(), MemoryStates()
    server.append("list", make_message(1))
    watcher = watcher_for(server, intake, states, tls=mode, port=port, ca_file=server.tls_files.ca_file)
    async with running(watcher):
        await eventually(lambda: len(intake.received) == 1, f"the message over {mode} TLS")


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
@pytest.mark.parametrize("trust", ["system", "other_ca"])
async def test_an_untrusted_certificate_is_a_setup_error_that_names_ca_file(
    dovecot_factory: Callable[..., Dovecot],
    caplog: pytest.LogCaptureFixture,
    mode: str,
    trust: str,
    tmp_path: Path,
) -> None:
    server = dovecot_factory(tls=True)
    port = server.imaps_port if mode == "implicit" else server.imap_port
    # The test CA is in neither the system store nor the bundle of another CA.
    other_ca = make_tls_files(tmp_path).ca_file if trust == "other_ca" else None
    intake, states, board = RecordingIntake(), MemoryStates(), StatusBoard()
    server.append("list", make_message(1))
    watcher = watcher_for(server, intake, states, board=board, tls=mode, port=port, ca_file=other_ca)
    async with running(watcher):
        await eventually(lambda: len(events(caplog, "imap.setup_failed")) >= 2, "refused handshakes")
    record = events(caplog, "imap.setup_failed")[0]
    assert record.levelno == logging.ERROR
    trusted = f"ca_file {other_ca}" if other_ca else "the system's CAs (no ca_file)"
    expected = (
        f"the TLS certificate of 127.0.0.1:{port} failed verification against {trusted}: "
        "unable to get local issuer certificate; set ca_file to the certificate of the CA that signed it"
    )
    assert field_of(record, "error") == expected
    assert board_error(board) == expected
    # Not taken for network trouble: no disconnection, no fast reconnect loop.
    assert events(caplog, "imap.disconnected") == []
    assert intake.received == []


async def implicit_tls_refusal(
    server: Dovecot, caplog: pytest.LogCaptureFixture, ca_file: Path
) -> str | None:
    """The status board's mailbox error once a watcher over implicit TLS trusting ``ca_file`` gave up."""
    board = StatusBoard()
    watcher = watcher_for(
        server,
        RecordingIntake(),
        MemoryStates(),
        board=board,
        tls="implicit",
        port=server.imaps_port,
        ca_file=ca_file,
    )
    async with running(watcher):
        await eventually(lambda: bool(events(caplog, "imap.setup_failed")), "the refusal")
    return board_error(board)


async def test_a_certificate_for_another_name_is_a_setup_error_that_names_host(
    dovecot_factory: Callable[..., Dovecot], caplog: pytest.LogCaptureFixture
) -> None:
    server = dovecot_factory(tls=True, tls_names=("imap.example.org",))
    assert server.tls_files is not None
    assert await implicit_tls_refusal(server, caplog, server.tls_files.ca_file) == (
        f"the TLS certificate of 127.0.0.1:{server.imaps_port} failed verification against ca_file "
        f"{server.tls_files.ca_file}: IP address mismatch, certificate is not valid for '127.0.0.1'; "
        "set host to a name the certificate is for"
    )


async def test_an_unreadable_ca_file_is_a_setup_error(
    dovecot_factory: Callable[..., Dovecot], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    server = dovecot_factory(tls=True)
    missing = tmp_path / "missing-ca.pem"
    refusal = await implicit_tls_refusal(server, caplog, missing)
    assert refusal == f"cannot load ca_file {missing}: No such file or directory"
    assert events(caplog, "imap.disconnected") == []


def test_the_daemon_shows_an_untrusted_certificate_in_status(
    dovecot_factory: Callable[..., Dovecot], tmp_path: Path
) -> None:
    server = dovecot_factory(tls=True)
    config = tmp_path / "listminder.toml"
    config.write_text(
        f"""
[store]
url = "sqlite:///{tmp_path / "listminder.db"}"
[daemon]
state_dir = "{tmp_path}"
heartbeat_interval_s = 0.2
[inbound.smtp]
enabled = false

[[lists]]
name = "wg"
address = "wg@example.org"
{imap_table(server.imaps_port, "list", "WG_IMAP_PASSWORD", host=server.host, tls="implicit")}"""
    )
    env = {"LISTMINDER_CONFIG": str(config), "WG_IMAP_PASSWORD": server.users["list"]}
    daemon = Daemon(cwd=tmp_path, env=env)
    try:
        daemon.wait_logged("event=imap.setup_failed")

        def status_text() -> str:
            return run_cli("status", cwd=tmp_path, env=env).stdout

        wait_for(lambda: "failed verification" in status_text(), what="the mailbox error in status")
        status = run_cli("status", cwd=tmp_path, env=env)
    finally:
        daemon.close()
    logged = [line for line in daemon.log.splitlines() if "event=imap.setup_failed" in line]
    assert "set ca_file to the certificate of the CA that signed it" in logged[0]
    assert "event=imap.disconnected" not in daemon.log
    (shown,) = [line for line in status.stdout.splitlines() if "failed verification" in line]
    assert f"the TLS certificate of 127.0.0.1:{server.imaps_port} failed verification" in shown
    assert "set ca_file to the certificate of the CA that signed it" in shown


async def test_starttls_is_required_when_configured(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture
) -> None:
    # This server has no TLS at all: the watcher must not fall back to sending the password in clear.
    watcher = watcher_for(dovecot, RecordingIntake(), MemoryStates(), tls="starttls")
    async with running(watcher):
        await eventually(lambda: bool(events(caplog, "imap.disconnected")), "the refusal")
    assert "STARTTLS" in field_of(events(caplog, "imap.disconnected")[0], "error")


# --- drain -----------------------------------------------------------------------------------------


async def test_drain_waits_for_the_message_in_hand(dovecot: Dovecot) -> None:
    gate = asyncio.Event()
    intake, states = RecordingIntake(gate=gate), MemoryStates()
    dovecot.append("list", make_message(1))
    dovecot.append("list", make_message(2))
    watcher = watcher_for(dovecot, intake, states)
    task = asyncio.create_task(watcher.run())
    try:
        await asyncio.wait_for(intake.entered.wait(), 10)
        drain = asyncio.create_task(watcher.drain())
        await asyncio.sleep(0)
        assert not drain.done()
        gate.set()
        await asyncio.wait_for(drain, 10)
        await asyncio.wait_for(task, 10)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    # The message in hand was committed and recorded; the next one was left for the next start.
    assert [r.message_id for r in intake.received] == ["<msg-1@example.org>"]
    assert states.only().last_uid == 1


@pytest.mark.parametrize("idle", [True, False])
async def test_drain_ends_a_wait_for_mail_at_once_and_logs_out(
    dovecot_factory: Callable[..., Dovecot], caplog: pytest.LogCaptureFixture, idle: bool
) -> None:
    server = dovecot_factory(idle=idle)
    watcher = watcher_for(server, RecordingIntake(), MemoryStates(), poll_interval_s=600, idle_renew_s=600)
    task = asyncio.create_task(watcher.run())
    try:
        await eventually(lambda: bool(events(caplog, "imap.waiting")), "waiting for mail")
        await asyncio.wait_for(watcher.drain(), 5)
        # The run ended by itself: nothing was left for the cancellation that follows a drain.
        assert task.done() and task.exception() is None
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await eventually(lambda: "Logged out" in server.log_text(), "the server to log a logout")


async def test_drain_ends_a_wait_to_reconnect_at_once(
    dovecot: Dovecot, caplog: pytest.LogCaptureFixture
) -> None:
    dovecot.stop()
    watcher = watcher_for(dovecot, RecordingIntake(), MemoryStates(), retry=RetryPolicies())
    task = asyncio.create_task(watcher.run())
    try:
        await eventually(lambda: bool(events(caplog, "imap.disconnected")), "a failed connection")
        await asyncio.wait_for(watcher.drain(), 5)
        assert task.done() and task.exception() is None
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
