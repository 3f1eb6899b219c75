"""Delivery against a real SMTP server and the outbox in a real SQLite store: once, retried, refused,
over TLS."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme

from bot.components import ComponentSpec, Resources, plan
from bot.config import DaemonSettings, ListSettings, OutboundSettings, Settings, SmtpClientSettings, TlsMode
from bot.digest.send import DeliveryReport, FileTransport, Sender, SmtpTransport, safe_name
from bot.errors import TemporarySendError
from bot.health import StatusBoard
from bot.ingest import Ingestor
from bot.schedule import DigestSchedule
from bot.store import OutboxKey, OutboxState, Store
from tests.digest.smtp_server import Logins, Recorder, SmtpServer
from tests.stores import store_settings

pytestmark = pytest.mark.server

FROM = "listminder@example.org"
KEY = OutboxKey("mmwg", "reminder", "2007-02-05T07:00Z")
KEY_TEXT = KEY.text
MESSAGE = (
    b"From: listminder@example.org\r\nTo: mmwg@example.org\r\nSubject: [mmwg] Meetings\r\n"
    b"Message-ID: <k1@example.org>\r\n\r\nTwo meetings.\r\n"
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2007, 2, 5, 7, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def plain(port: int, tls: TlsMode = "none", **more: object) -> SmtpClientSettings:
    return SmtpClientSettings(host="127.0.0.1", port=port, tls=tls, timeout_s=5, **more)  # type: ignore[arg-type]


def sender(store: Store, port: int, clock: Clock) -> Sender:
    return Sender(store, SmtpTransport(plain(port)), FROM, clock=clock)


async def test_a_message_is_sent_once_and_its_key_never_again(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    clock = Clock()
    send = sender(store, server.port, clock)
    assert await send.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
    assert (await send.deliver_due()).sent == (KEY_TEXT,)
    assert (await send.deliver_due()).sent == ()
    assert not await send.enqueue(KEY, b"another text for the same key", ["mmwg@example.org"])
    clock.advance(days=1)
    assert (await send.deliver_due()).sent == ()
    (received,) = recorder.received
    assert (received.sender, received.recipients) == (FROM, ["mmwg@example.org"])
    assert (
        email.message_from_bytes(received.data, policy=email.policy.default)["Subject"] == "[mmwg] Meetings"
    )
    item = await store.outbox_item(KEY)
    assert item is not None and item.state is OutboxState.SENT


async def test_two_senders_on_one_outbox_send_a_key_once(
    server: SmtpServer, recorder: Recorder, store: Store, tmp_path: Path
) -> None:
    clock = Clock()
    # Another process on the same file: its own engine and connections.
    async with await Store.open(store_settings(tmp_path / "store.db")) as other:
        first, second = sender(store, server.port, clock), sender(other, server.port, clock)
        await first.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
        reports = await asyncio.gather(first.deliver_due(), second.deliver_due())
    assert sorted(len(report.sent) for report in reports) == [0, 1]
    assert len(recorder.received) == 1


async def test_server_down_is_retried_later_and_delivered_once_when_back(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    clock = Clock()
    send = sender(store, server.port, clock)
    server.stop()
    await send.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
    assert (await send.deliver_due()).retrying == (KEY_TEXT,)
    item = await store.outbox_item(KEY)
    assert item is not None and (item.state, item.attempts) == (OutboxState.PENDING, 1)
    assert item.last_error is not None and "127.0.0.1" in item.last_error
    # Not due again before its backoff has passed.
    assert await send.deliver_due() == DeliveryReport()
    clock.advance(seconds=61)
    assert (await send.deliver_due()).retrying == (KEY_TEXT,)
    server.start()
    clock.advance(seconds=60)
    assert (await send.deliver_due()).sent == ()  # the second backoff (120 s) has not passed
    clock.advance(seconds=61)
    assert (await send.deliver_due()).sent == (KEY_TEXT,)
    clock.advance(hours=2)
    assert (await send.deliver_due()).sent == ()
    assert len(recorder.received) == 1


@pytest.mark.parametrize(
    ("answer", "outcome", "state"),
    [
        ("550 5.7.1 Relaying denied", "failed", OutboxState.FAILED),
        ("451 4.3.0 Try again later", "retrying", OutboxState.PENDING),
    ],
)
async def test_refusals_at_data_permanent_or_temporary_by_their_code(
    server: SmtpServer,
    recorder: Recorder,
    store: Store,
    answer: str,
    outcome: str,
    state: OutboxState,
) -> None:
    clock = Clock()
    send = sender(store, server.port, clock)
    recorder.answer = answer
    await send.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
    assert getattr(await send.deliver_due(), outcome) == (KEY_TEXT,)
    item = await store.outbox_item(KEY)
    assert item is not None and item.state is state
    assert item.last_error is not None and answer.split()[0] in item.last_error
    clock.advance(hours=1)
    await send.deliver_due()
    assert recorder.attempts == (1 if state is OutboxState.FAILED else 2)


async def test_permanent_failure_is_logged(
    server: SmtpServer, recorder: Recorder, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    recorder.answer = "554 5.6.0 Message rejected"
    send = sender(store, server.port, Clock())
    await send.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
    await send.deliver_due()
    (record,) = [r for r in caplog.records if r.getMessage() == "outbox.failed"]
    assert record.levelname == "ERROR"
    assert "554" in str(record.listminder_fields["error"])  # type: ignore[attr-defined]


async def test_a_claim_left_by_a_crash_is_taken_again_after_its_lease(store: Store) -> None:
    now = datetime(2007, 2, 5, 7, tzinfo=UTC)
    await store.outbox_add(KEY, MESSAGE, ("mmwg@example.org",))
    assert await store.outbox_claim(KEY, now, now + timedelta(minutes=10))
    assert not await store.outbox_claim(KEY, now, now + timedelta(minutes=10))
    assert await store.outbox_due(now + timedelta(minutes=9)) == []
    assert [item.key for item in await store.outbox_due(now + timedelta(minutes=10))] == [KEY]


async def test_a_message_a_killed_daemon_was_sending_goes_out_once_its_send_claim_s_has_run(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    with socket.socket() as hung:
        # A server that takes the connection and never greets: the daemon is killed while it waits.
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        outbound = OutboundSettings(transport="smtp", from_address=FROM, smtp=plain(hung.getsockname()[1]))
        killed = DigestSchedule.from_settings([], outbound, None, store, send_claim_s=45)
        assert await killed.sender.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
        before = datetime.now(UTC)
        sending = asyncio.create_task(killed.sender.deliver_due())
        # The claim is taken before the connection is made: once connected, the daemon holds it.
        # Accepted by the event loop, not a worker thread: the pool may be busy with an earlier test's
        # threads, and the client's greeting timeout would end the attempt (and its claim) first.
        hung.setblocking(False)
        connection, _ = await asyncio.get_running_loop().sock_accept(hung)
        after = datetime.now(UTC)
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        connection.close()

    item = await store.outbox_item(KEY)
    assert item is not None and item.claimed_until is not None
    # The claim runs send_claim_s from the moment it was taken, whenever the machine let that happen.
    until = item.claimed_until
    assert before + timedelta(seconds=45) <= until <= after + timedelta(seconds=45), (before, until, after)

    def other_daemon(at: datetime) -> Sender:
        return Sender(store, SmtpTransport(plain(server.port)), FROM, clock=lambda: at)

    assert (await other_daemon(until - timedelta(seconds=1)).deliver_due()).sent == ()
    assert (await other_daemon(until).deliver_due()).sent == (KEY_TEXT,)
    assert len(recorder.received) == 1


def test_the_daemons_digest_component_claims_for_the_daemons_send_claim_s(store: Store) -> None:
    mmwg = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")

    def digests(send_claim_s: float) -> ComponentSpec:
        settings = Settings(lists=[mmwg], daemon=DaemonSettings(send_claim_s=send_claim_s))
        parts = Resources("test", datetime.now(UTC), store, Ingestor(store, [mmwg], FROM), StatusBoard())
        [spec] = [s for s in plan(settings, parts) if s.key == "digests"]
        return spec

    schedule = digests(90).build()
    assert isinstance(schedule, DigestSchedule) and schedule.sender.lease == timedelta(seconds=90)
    # A reload that changes it restarts the component with the new claim.
    assert digests(120).part != digests(90).part


# --- TLS ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
async def test_tls_refuses_an_unknown_certificate_and_accepts_it_with_its_ca(
    ca: trustme.CA, tmp_path: Path, mode: TlsMode
) -> None:
    recorder = Recorder()
    context = server_context(ca)
    server = SmtpServer(
        recorder,
        implicit_tls=context if mode == "implicit" else None,
        starttls=context if mode == "starttls" else None,
    )
    server.start()
    try:
        with pytest.raises(TemporarySendError, match=r"certificate is not trusted.*outbound\.smtp\.ca_file"):
            await SmtpTransport(plain(server.port, mode)).send(KEY_TEXT, MESSAGE, FROM, ["a@example.org"])
        assert recorder.received == []
        ca_file = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        await SmtpTransport(plain(server.port, mode, ca_file=ca_file)).send(
            KEY_TEXT, MESSAGE, FROM, ["a@example.org"]
        )
        assert len(recorder.received) == 1
    finally:
        server.stop()


async def test_starttls_mode_refuses_a_server_without_starttls(server: SmtpServer) -> None:
    with pytest.raises(TemporarySendError, match=r"STARTTLS"):
        await SmtpTransport(plain(server.port, "starttls")).send(KEY_TEXT, MESSAGE, FROM, ["a@example.org"])


async def test_login_over_starttls_with_the_password_from_the_environment(
    ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder, logins = Recorder(), Logins({"bot": "right horse battery"})
    server = SmtpServer(recorder, starttls=server_context(ca), logins=logins)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SMTP_PASSWORD", "wrong staple")
    settings = plain(server.port, "starttls", ca_file=ca_file, username="bot", password_env="SMTP_PASSWORD")
    server.start()
    try:
        # A refused login is the configuration's fault, not the message's: kept for a later try.
        with pytest.raises(TemporarySendError, match=r"login refused \(535"):
            await SmtpTransport(settings).send(KEY_TEXT, MESSAGE, FROM, ["a@example.org"])
        # The password is read when it is needed: fixing the environment is enough.
        monkeypatch.setenv("SMTP_PASSWORD", "right horse battery")
        await SmtpTransport(settings).send(KEY_TEXT, MESSAGE, FROM, ["a@example.org"])
    finally:
        server.stop()
    # The client may try each mechanism the server offers before it gives up.
    *refused, accepted = logins.attempts
    assert refused and set(refused) == {("bot", False)} and accepted == ("bot", True)
    assert [r.recipients for r in recorder.received] == [["a@example.org"]]


async def test_no_password_is_sent_where_the_session_is_not_encrypted(ca: trustme.CA) -> None:
    recorder, logins = Recorder(), Logins({"bot": "secret"})
    server = SmtpServer(recorder, starttls=server_context(ca), logins=logins)
    server.start()
    try:
        with pytest.raises(TemporarySendError):
            await SmtpTransport(plain(server.port, "none", username="bot", password="secret")).send(
                KEY_TEXT, MESSAGE, FROM, ["a@example.org"]
            )
    finally:
        server.stop()
    assert logins.attempts == []
    assert recorder.received == []


# --- the file transport -------------------------------------------------------------------------


async def test_file_transport_writes_one_whole_eml_per_key(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "outbox"
    send = Sender(store, FileTransport(folder), FROM, clock=Clock())
    await send.enqueue(KEY, MESSAGE, ["mmwg@example.org"])
    await send.enqueue(OutboxKey.parse("mmwg/meeting/../../etc/passwd/7d/0"), MESSAGE, ["mmwg@example.org"])
    await send.deliver_due()
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        [f"{safe_name(KEY_TEXT)}.eml", f"{safe_name('mmwg/meeting/../../etc/passwd/7d/0')}.eml"]
    )
    assert safe_name(KEY_TEXT).startswith("mmwg_reminder_2007-02-05T07_00Z-")
    assert safe_name("a/b") != safe_name("a_b")
    assert (folder / f"{safe_name(KEY_TEXT)}.eml").read_bytes() == MESSAGE


def test_a_key_names_its_list_kind_and_period() -> None:
    assert OutboxKey.parse("mmwg/meeting/u1@x/7d/3") == OutboxKey("mmwg", "meeting", "u1@x/7d/3")
    for broken in ("mmwg", "mmwg/reminder", "mmwg//2007-W06", "/reminder/2007-W06"):
        with pytest.raises(ValueError, match="not an outbox key"):
            OutboxKey.parse(broken)
