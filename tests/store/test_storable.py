"""What mail brings that PostgreSQL refuses, through the real intake on both engines: a NUL in a
Subject, an iCalendar UID or a Message-ID of kilobytes. SQLite took them; PostgreSQL refused the row, and
as the same message is refused on every retry, the listener answered 451 forever."""

from __future__ import annotations

import asyncio
import base64
import smtplib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import ListenerSettings, ListSettings
from bot.ingest import Ingestor, IngestOutcome
from bot.sources.smtp import MailListener
from bot.store import MessageState, Store
from bot.store.storable import MAX_KEY_BYTES, REPLACEMENT, bounded_key, storable_text

BOT = "listminder@bot.test"
WG = ListSettings(name="wg", address="wg@lists.test", timezone="UTC")
RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def invitation(
    uid: str, *, message_id: str = "<invite@example.org>", start: str = "20260312T150000Z", sequence: int = 0
) -> bytes:
    calendar = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST", "BEGIN:VEVENT",
         f"UID:{uid}", f"SEQUENCE:{sequence}", "SUMMARY:Board call", f"DTSTART:{start}",
         "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR", ""]
    )  # fmt: skip
    return (
        "From: Chair <chair@example.org>\r\nTo: wg@lists.test\r\nSubject: Board call\r\n"
        f"Date: Mon, 2 Mar 2026 10:00:00 +0100\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThe invitation is attached.\r\n--b\r\n"
        "Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{base64.encodebytes(calendar.encode()).decode()}--b--\r\n"
    ).encode()


def post(message_id: str, subject: str, body: str, *, answers: str | None = None) -> bytes:
    lines = [
        "From: Chair <chair@example.org>", "To: wg@lists.test", f"Subject: {subject}",
        "Date: Mon, 2 Mar 2026 10:00:00 +0100", f"Message-ID: {message_id}",
    ]  # fmt: skip
    if answers is not None:
        lines += [f"In-Reply-To: {answers}", f"References: {answers}"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


NUL_SUBJECT = "=?utf-8?B?" + base64.b64encode(b"Working group\x00 call").decode() + "?="
ANNOUNCEMENT = "The working group meets on Thursday 12 March 2026 at 15:00 UTC in Room 4."


@pytest.fixture
def intake(store: Store) -> Ingestor:
    return Ingestor(store, [WG], BOT)


async def read(intake: Ingestor, raw: bytes) -> IngestOutcome:
    result = await intake(raw, list_name=None, received_at=RECEIVED, source="test")
    return result.outcome


def test_text_the_store_refuses_is_replaced_and_the_rest_kept() -> None:
    assert storable_text("a\x00b") == f"a{REPLACEMENT}b"
    assert storable_text("caf\udce9 ok?") == f"caf{REPLACEMENT} ok?"
    clean = "Zürich, 12 März?"
    assert storable_text(clean) is clean


def test_a_key_too_long_for_an_index_is_its_hash_the_same_each_time() -> None:
    short = "<" + "a" * (MAX_KEY_BYTES - 2) + ">"
    assert bounded_key(short) == short
    long = "<" + "b" * 3000 + "@example.org>"
    assert bounded_key(long) == bounded_key(long)
    assert bounded_key(long).startswith("<sha256:") and len(bounded_key(long)) < 100
    assert bounded_key("u" * 5000).startswith("sha256:")


async def test_a_nul_in_an_encoded_word_subject_is_kept_and_read(intake: Ingestor, store: Store) -> None:
    assert await read(intake, post("<nul@example.org>", NUL_SUBJECT, ANNOUNCEMENT)) is IngestOutcome.NEW
    [kept] = [message async for message in store.stored_messages()]
    assert kept.state is MessageState.PROCESSED
    [meeting] = await store.meetings()
    assert meeting.when.first_day.isoformat() == "2026-03-12"
    assert await read(intake, post("<nul@example.org>", NUL_SUBJECT, ANNOUNCEMENT)) is IngestOutcome.KNOWN


async def test_a_uid_over_255_characters_is_kept_as_it_is(intake: Ingestor, store: Store) -> None:
    uid = "x" * 300 + "@calendar.example.org"
    assert await read(intake, invitation(uid)) is IngestOutcome.NEW
    [meeting] = await store.meetings()
    assert meeting.uid == uid


async def test_a_uid_of_kilobytes_is_bounded_and_its_update_finds_its_meeting(
    intake: Ingestor, store: Store
) -> None:
    uid = "y" * 5000 + "@calendar.example.org"
    assert await read(intake, invitation(uid)) is IngestOutcome.NEW
    moved = invitation(uid, message_id="<moved@example.org>", start="20260313T150000Z", sequence=1)
    assert await read(intake, moved) is IngestOutcome.NEW
    [meeting] = await store.meetings()
    assert meeting.uid == bounded_key(uid)
    assert meeting.when.first_day.isoformat() == "2026-03-13"


async def test_a_message_id_of_kilobytes_is_kept_once_and_its_replies_find_it(
    intake: Ingestor, store: Store
) -> None:
    long_id = "<" + "z" * 3000 + "@example.org>"
    assert await read(intake, post(long_id, "Working group call", ANNOUNCEMENT)) is IngestOutcome.NEW
    assert await read(intake, post(long_id, "Working group call", ANNOUNCEMENT)) is IngestOutcome.KNOWN
    quote = "Thanks, noted.\r\n\r\n> " + ANNOUNCEMENT
    reply = post("<reply@example.org>", "Re: Working group call", quote, answers=long_id)
    assert await read(intake, reply) is IngestOutcome.NEW
    [meeting] = await store.meetings()
    # The reply names the long Message-ID by the same bounded key the announcement was kept under.
    [stored_key] = {m.key for m in [m async for m in store.stored_messages()]} - {"<reply@example.org>"}
    assert stored_key == bounded_key(long_id)
    found = await store.thread_of("wg", [stored_key], None, RECEIVED)
    assert [m.id for m in found.meetings] == [meeting.id]


@pytest.fixture
async def listener(intake: Ingestor) -> AsyncIterator[MailListener]:
    served = MailListener(ListenerSettings(port=0), {WG.address: WG.name}, intake)
    task = asyncio.create_task(served.run())
    await asyncio.wait_for(served.started(), 5)
    yield served
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def send(listener: MailListener, raw: bytes) -> dict[str, tuple[int, bytes]]:
    assert listener.port is not None
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=30) as client:
        return client.sendmail("chair@example.org", [WG.address], raw)


async def test_the_listener_answers_250_to_what_postgresql_refused(
    listener: MailListener, store: Store
) -> None:
    for raw in (
        post("<nul@example.org>", NUL_SUBJECT, ANNOUNCEMENT),
        invitation("v" * 300 + "@calendar.example.org"),
    ):
        # sendmail raises on any refusal (451 included); {} means every recipient took it.
        assert await asyncio.to_thread(send, listener, raw) == {}
    assert (await store.message_counts()).get(MessageState.PROCESSED.value) == 2
