"""The SMTP/LMTP listener, spoken to by real clients: smtplib for SMTP and our own LMTP client."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import ListenerSettings
from bot.sources.smtp import MailListener
from tests.servers import lmtp
from tests.servers.dovecot import make_tls_files
from tests.servers.raw_smtp import CHUNK_BYTES, RawSession
from tests.sources.recorders import RecordingIntake, bare_lf_message, eventually, make_message

WG = "wg@lists.example.org"
BOARD = "board@lists.example.org"
BOT = "listminder@example.org"
RECIPIENTS: dict[str, str | None] = {WG: "wg", "Board@Lists.Example.org": "board", BOT: None}
SENDER = "chair@example.org"

Start = Callable[..., Awaitable[MailListener]]


@pytest.fixture
async def start_listener() -> AsyncIterator[Start]:
    """Starts listeners on the running loop, on a free port, and stops them after the test."""
    tasks: list[asyncio.Task[None]] = []

    async def start(
        intake: RecordingIntake, count_refusal: Callable[[str], None] | None = None, **settings: Any
    ) -> MailListener:
        listener = MailListener(
            ListenerSettings(port=0, **settings), RECIPIENTS, intake, count_refusal=count_refusal
        )
        tasks.append(asyncio.create_task(listener.run()))
        await asyncio.wait_for(listener.started(), 5)
        return listener

    yield start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def smtp_client(listener: MailListener) -> smtplib.SMTP:
    assert listener.port is not None
    return smtplib.SMTP("127.0.0.1", listener.port, timeout=10)


def send(listener: MailListener, recipients: list[str], raw: bytes, **options: Any) -> dict[str, Any]:
    with smtp_client(listener) as client:
        return client.sendmail(SENDER, recipients, raw, **options)


async def test_binds_loopback_by_default(start_listener: Start) -> None:
    listener = await start_listener(RecordingIntake())
    assert listener._server is not None
    assert {s.getsockname()[0] for s in listener._server.sockets} == {"127.0.0.1"}


async def test_250_comes_only_after_the_intake_committed(start_listener: Start) -> None:
    gate = asyncio.Event()
    intake = RecordingIntake(gate=gate)
    listener = await start_listener(intake)
    sending = asyncio.ensure_future(asyncio.to_thread(send, listener, [WG], make_message(1)))
    await asyncio.wait_for(intake.entered.wait(), 10)
    # The intake has the message but has not returned: the client must still be waiting for its answer.
    done, _ = await asyncio.wait({sending}, timeout=0.3)
    assert not done
    assert intake.received == []
    gate.set()
    assert await asyncio.wait_for(sending, 10) == {}
    (item,) = intake.received
    assert item.list_name == "wg"
    assert item.message_id == "<msg-1@example.org>"
    assert item.source.startswith("smtp:127.0.0.1:")


async def test_a_foreign_recipient_is_refused_with_550(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        await asyncio.to_thread(send, listener, ["someone@elsewhere.example"], make_message(1))
    assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    # Beside a list address, the stranger is refused and the list still gets its copy.
    rejected = await asyncio.to_thread(send, listener, ["x@example.net", WG], make_message(2))
    assert rejected["x@example.net"][0] == 550
    assert [(r.list_name, r.message_id) for r in intake.received] == [("wg", "<msg-2@example.org>")]


async def test_addresses_match_without_regard_to_case_and_the_bot_has_no_list(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake)
    await asyncio.to_thread(send, listener, ["BOARD@lists.example.org"], make_message(1))
    await asyncio.to_thread(send, listener, [BOT], make_message(2))
    await asyncio.to_thread(send, listener, [WG, BOARD], make_message(3))
    assert [(r.list_name, r.message_id) for r in intake.received] == [
        ("board", "<msg-1@example.org>"),
        (None, "<msg-2@example.org>"),
        ("wg", "<msg-3@example.org>"),
        ("board", "<msg-3@example.org>"),
    ]


async def test_an_oversized_message_is_refused_with_552(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake, max_message_bytes=2_000)
    big = make_message(1, body="Agenda item.\n" * 400)
    # Declared up front (smtplib sends SIZE= because the server announces SIZE): refused at MAIL.
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        await asyncio.to_thread(send, listener, [WG], big)
    assert refused.value.smtp_code == 552

    def undeclared() -> int:
        with smtp_client(listener) as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt(WG)
            return client.data(big)[0]

    # Not declared: the server reads it all and then refuses it.
    assert await asyncio.to_thread(undeclared) == 552
    assert intake.calls == 0


async def test_451_while_the_store_is_down_then_250(start_listener: Start) -> None:
    intake = RecordingIntake(unavailable=True)
    listener = await start_listener(intake)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        await asyncio.to_thread(send, listener, [WG], make_message(1))
    assert refused.value.smtp_code == 451
    assert intake.received == []
    intake.unavailable = False
    # What a sending server does with a 4xx: try again later.
    assert await asyncio.to_thread(send, listener, [WG], make_message(1)) == {}
    assert len(intake.received) == 1


async def test_each_refusal_is_counted_by_its_reason(start_listener: Start) -> None:
    counts: Counter[str] = Counter()
    intake = RecordingIntake(unavailable=True)
    listener = await start_listener(
        intake, lambda reason: counts.update([reason]), max_recipients=1, max_message_bytes=2_000
    )

    def refused_in_one_session() -> list[int]:
        with smtp_client(listener) as client:
            client.ehlo()
            client.mail(SENDER)
            codes = [client.rcpt(rcpt)[0] for rcpt in ("x@example.net", WG, BOARD)]
            too_big = client.data(make_message(1, body="Agenda item.\n" * 400))[0]
            client.mail(SENDER)
            client.rcpt(WG)
            return [*codes, too_big, client.data(make_message(2))[0]]

    assert await asyncio.to_thread(refused_in_one_session) == [550, 250, 452, 552, 451]
    assert counts == {"unknown_recipient": 1, "too_many_recipients": 1, "too_big": 1, "store_unavailable": 1}
    intake.unavailable = False
    assert await asyncio.to_thread(send, listener, [WG], make_message(3)) == {}
    assert sum(counts.values()) == 4


async def test_too_many_recipients(start_listener: Start) -> None:
    listener = await start_listener(RecordingIntake(), max_recipients=2)

    def three() -> list[int]:
        with smtp_client(listener) as client:
            client.ehlo()
            client.mail(SENDER)
            return [client.rcpt(rcpt)[0] for rcpt in (WG, BOARD, BOT)]

    assert await asyncio.to_thread(three) == [250, 250, 452]


async def test_sessions_beyond_the_limit_are_turned_away(start_listener: Start) -> None:
    intake, counts = RecordingIntake(), Counter[str]()
    listener = await start_listener(intake, lambda reason: counts.update([reason]), max_sessions=1)
    first = await asyncio.to_thread(smtp_client, listener)
    # In a transaction, so that it is not closed to make room (an idle session would be).
    await asyncio.to_thread(lambda: (first.ehlo(), first.mail(SENDER)))
    try:
        with pytest.raises(smtplib.SMTPConnectError) as turned_away:
            await asyncio.to_thread(smtp_client, listener)
        assert turned_away.value.smtp_code == 421
        assert counts == {"too_many_sessions": 1}
    finally:
        await asyncio.to_thread(first.quit)
    await eventually(lambda: not listener._sessions.open, "the first session to end")
    assert await asyncio.to_thread(send, listener, [WG], make_message(1)) == {}


async def test_smtputf8(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake)
    raw = make_message(1, subject="Réunion du groupe", body="Prochaine réunion : 12 juin, 15 h.\n")

    def send_utf8() -> dict[str, Any]:
        with smtp_client(listener) as client:
            return client.sendmail("jöran@exämple.org", [WG], raw, mail_options=["SMTPUTF8"])

    assert await asyncio.to_thread(send_utf8) == {}
    assert intake.received[0].raw.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")


async def test_starttls(start_listener: Start, tmp_path: Path) -> None:
    files = make_tls_files(tmp_path)
    intake = RecordingIntake()
    listener = await start_listener(intake, tls_cert_file=files.cert_file, tls_key_file=files.key_file)

    def send_secured() -> bool:
        with smtp_client(listener) as client:
            client.starttls(context=ssl.create_default_context(cafile=str(files.ca_file)))
            client.sendmail(SENDER, [WG], make_message(1))
            return client.sock is not None and isinstance(client.sock, ssl.SSLSocket)

    assert await asyncio.to_thread(send_secured)
    assert len(intake.received) == 1


async def test_lmtp_answers_for_each_recipient(start_listener: Start) -> None:
    intake = RecordingIntake(down_lists={"board"})
    listener = await start_listener(intake, lmtp=True)
    assert listener.port is not None
    recipients = [WG, "stranger@example.net", BOARD, BOT]
    result = await lmtp.send("127.0.0.1", listener.port, SENDER, recipients, make_message(1))
    assert {rcpt: reply.code for rcpt, reply in result.rcpt.items()} == {
        WG: 250,
        "stranger@example.net": 550,
        BOARD: 250,
        BOT: 250,
    }
    # One reply per accepted recipient: the list whose store is down gets 451, the others 250.
    assert {rcpt: reply.code for rcpt, reply in result.data.items()} == {WG: 250, BOARD: 451, BOT: 250}
    assert [r.list_name for r in intake.received] == ["wg"]


async def test_drain_finishes_the_message_in_hand_and_takes_no_more(start_listener: Start) -> None:
    gate = asyncio.Event()
    intake = RecordingIntake(gate=gate)
    listener = await start_listener(intake)
    idle_client = await asyncio.to_thread(smtp_client, listener)
    midway = await asyncio.to_thread(smtp_client, listener)
    await asyncio.to_thread(lambda: (midway.ehlo(), midway.mail(SENDER), midway.rcpt(BOARD)))
    sending = asyncio.ensure_future(asyncio.to_thread(send, listener, [WG], make_message(1)))
    await asyncio.wait_for(intake.entered.wait(), 10)
    drain = asyncio.ensure_future(listener.drain())
    done, _ = await asyncio.wait({drain}, timeout=0.3)
    assert not done, "drain returned while a message was being committed"
    # A transaction begun before the drain may still deliver its message.
    midway_data = asyncio.ensure_future(asyncio.to_thread(midway.data, make_message(2)))
    # An open session may not start a new transaction; new connections are not accepted at all.
    code, _ = await asyncio.to_thread(lambda: (idle_client.ehlo(), idle_client.mail(SENDER))[1])
    assert code == 421
    with pytest.raises(ConnectionRefusedError):
        await asyncio.to_thread(smtp_client, listener)
    gate.set()
    await asyncio.wait_for(drain, 10)
    assert await asyncio.wait_for(sending, 10) == {}
    assert (await asyncio.wait_for(midway_data, 10))[0] == 250
    assert sorted(r.message_id for r in intake.received) == ["<msg-1@example.org>", "<msg-2@example.org>"]
    for client in (idle_client, midway):
        await asyncio.to_thread(client.close)


# --- a listener reachable by anyone: bounded memory, time and sessions --------------------------------


async def in_data(start_listener: Start, **limits: Any) -> tuple[RecordingIntake, RawSession]:
    """A listener with ``limits`` and a raw session to it, already in its message data."""
    intake = RecordingIntake()
    listener = await start_listener(intake, **limits)
    assert listener.port is not None
    client = await RawSession.open(listener.port)
    await client.start_data(SENDER, WG)
    return intake, client


async def test_an_endless_line_is_refused_at_once_and_kept_out_of_memory(start_listener: Start) -> None:
    intake, client = await in_data(start_listener, max_message_bytes=1_000_000)
    tracemalloc.start()
    try:
        # 20 MB without a line break: aiosmtpd alone kept every fragment of it, and answered only at the end.
        answer, _sent = await client.send_until_answered(b"x" * CHUNK_BYTES, 20_000_000)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer is not None, "no answer while the endless line was being sent"
    assert answer.code == 500 and "Line too long" in answer.text
    assert peak_bytes < 4_000_000
    # The end of the data puts the session back in step: the next command gets its own answer.
    await client.send(b"\r\n.\r\n")
    assert (await client.command("NOOP")).code == 250
    await client.close()
    assert intake.calls == 0


async def test_a_message_past_the_size_limit_is_refused_before_its_end(start_listener: Start) -> None:
    intake, client = await in_data(start_listener, max_message_bytes=100_000)
    answer, _sent = await client.send_until_answered(
        b"Agenda item, in a line of its own.\r\n" * 500, 50_000_000
    )
    assert answer is not None, "no answer before the end of the message"
    assert answer.code == 552
    await client.send(b".\r\n")
    # The same session may still deliver a message within the limit.
    assert (await client.command(f"MAIL FROM:<{SENDER}>")).code == 250
    assert (await client.command(f"RCPT TO:<{WG}>")).code == 250
    assert (await client.command("DATA")).code == 354
    assert (await client.command(make_message(1).decode() + ".")).code == 250
    await client.close()
    assert [r.message_id for r in intake.received] == ["<msg-1@example.org>"]


async def test_a_multi_kilobyte_bare_lf_message_is_taken_as_sent(start_listener: Start) -> None:
    intake, client = await in_data(start_listener)
    raw = bare_lf_message(7, agenda_items=150)
    # What curl --upload-file sends: the file as it is, dot-stuffed after CRLF only, then CRLF . CRLF.
    smuggled = b"\n.\nMAIL FROM:<forged@example.org>\n"
    assert len(raw) > 8_000 and b"\r" not in raw
    await client.send(raw + smuggled)
    answer = await client.command("\r\n.")
    assert answer.code == 250, answer.text
    await client.close()
    # Kept as sent: bare LFs stay, and a bare-LF dot line does not end the data (no SMTP smuggling).
    (item,) = intake.received
    assert item.raw == raw + smuggled + b"\r\n"


async def test_bare_lf_lines_are_held_to_the_line_limit(start_listener: Start) -> None:
    intake, client = await in_data(start_listener)
    await client.send(bare_lf_message(8, agenda_items=3) + b"y" * 999 + b"\n" + b"z" * 1000 + b"\n")
    answer = await client.command("\r\n.")
    assert answer.code == 500 and "Line too long" in answer.text
    await client.close()
    assert intake.calls == 0


async def test_an_idle_session_is_closed_with_421(start_listener: Start) -> None:
    listener = await start_listener(RecordingIntake(), idle_timeout_s=0.3)
    assert listener.port is not None
    client = await RawSession.open(listener.port)
    assert (await client.reply()).code == 220
    assert (await client.command("EHLO client.example.org")).code == 250
    # Then nothing: the server speaks first, and closes.
    answer = await asyncio.wait_for(client.reply(), 10)
    assert answer.code == 421 and "Idle" in answer.text
    assert await client.reader.read() == b""
    await client.close()


async def test_a_session_busy_with_noop_still_ends_at_the_session_limit(start_listener: Start) -> None:
    listener = await start_listener(RecordingIntake(), idle_timeout_s=0.3, session_limit_s=1.0)
    assert listener.port is not None
    client = await RawSession.open(listener.port)
    assert (await client.reply()).code == 220
    codes: list[int] = []
    # NOOPs as fast as the server answers keep the session from ever being idle.
    while not codes or codes[-1] == 250:
        assert len(codes) < 100_000, "the session outlived its limit"
        codes.append((await client.command("NOOP")).code)
    assert codes[-1] == 421
    await client.close()


async def test_one_address_holds_only_its_share_of_sessions(
    start_listener: Start, caplog: pytest.LogCaptureFixture
) -> None:
    listener = await start_listener(RecordingIntake(), max_sessions_per_peer=2)
    assert listener.port is not None
    held = [await RawSession.open(listener.port, source="127.0.0.2") for _ in range(2)]
    for client in held:
        assert (await client.reply()).code == 220
    caplog.set_level(logging.WARNING, logger="bot.sources.smtp")
    turned_away = [await RawSession.open(listener.port, source="127.0.0.2") for _ in range(5)]
    for client in turned_away:
        answer = await client.reply()
        assert answer.code == 421 and "your address" in answer.text
        await client.close()
    # Another address is served; the five refusals were logged once.
    other = await RawSession.open(listener.port, source="127.0.0.3")
    assert (await other.reply()).code == 220
    refused = [r for r in caplog.records if r.getMessage() == "listener.refused"]
    assert len(refused) == 1
    for client in [*held, other]:
        await client.close()


async def test_a_sender_gets_through_while_200_connections_hold_on(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake)
    assert listener.port is not None
    # A slow-loris from one address: connect, greet by halves, never finish.
    loris = await asyncio.gather(*(RawSession.open(listener.port, source="127.0.0.2") for _ in range(200)))
    for client in loris:
        await client.send(b"EHL")
    await eventually(lambda: sum(listener._sessions.per_peer.values()) >= 20, "the slow-loris sessions")
    assert await asyncio.to_thread(send, listener, [WG], make_message(1)) == {}
    assert [r.message_id for r in intake.received] == ["<msg-1@example.org>"]
    for client in loris:
        await client.close()


async def test_idle_sessions_from_many_addresses_make_room_for_a_sender(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake, max_sessions=5)
    assert listener.port is not None
    # Every slot held by an idle session, each from an address of its own: the per-address cap is no help.
    idle = [await RawSession.open(listener.port, source=f"127.0.1.{n}") for n in range(1, 6)]
    for client in idle:
        assert (await client.reply()).code == 220
    assert await asyncio.to_thread(send, listener, [WG], make_message(1)) == {}
    assert [r.message_id for r in intake.received] == ["<msg-1@example.org>"]
    # The one closed was the session idle the longest, and it was told so.
    answer = await asyncio.wait_for(idle[0].reply(), 10)
    assert answer.code == 421 and "make room" in answer.text
    for client in idle:
        await client.close()


async def test_starttls_offers_no_auth_that_cannot_succeed(start_listener: Start, tmp_path: Path) -> None:
    files = make_tls_files(tmp_path)
    listener = await start_listener(
        RecordingIntake(), tls_cert_file=files.cert_file, tls_key_file=files.key_file
    )

    def after_tls() -> tuple[bool, int]:
        with smtp_client(listener) as client:
            client.starttls(context=ssl.create_default_context(cafile=str(files.ca_file)))
            client.ehlo()
            return client.has_extn("auth"), client.docmd("AUTH", "PLAIN AGxpc3QAcGFzc3dvcmQ=")[0]

    offered, code = await asyncio.to_thread(after_tls)
    assert not offered
    assert code == 502


async def test_lmtp_refuses_an_oversized_message_once_per_recipient(start_listener: Start) -> None:
    intake = RecordingIntake()
    listener = await start_listener(intake, lmtp=True, max_message_bytes=2_000)
    assert listener.port is not None
    client = await RawSession.open(listener.port)
    assert (await client.reply()).code == 220
    for step in ("LHLO client.example.org", f"MAIL FROM:<{SENDER}>", f"RCPT TO:<{WG}>", f"RCPT TO:<{BOARD}>"):
        assert (await client.command(step)).code == 250, step
    assert (await client.command("DATA")).code == 354
    await client.send(make_message(1, body="Agenda item.\r\n" * 400) + b".\r\n")
    # RFC 2033: one answer per accepted recipient, and then the session is in step again.
    assert [(await asyncio.wait_for(client.reply(), 10)).code for _ in range(2)] == [552, 552]
    assert (await client.command("NOOP")).code == 250
    await client.close()
    assert intake.calls == 0
