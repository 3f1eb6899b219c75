"""The intake path on real messages and a real SQLite store: what is kept, read, ignored, set aside."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.config import ListSettings
from bot.errors import ListminderError
from bot.ingest import Ingestor, Outcome, choose_list, reprocess_all
from bot.mail import LOOP_HEADER, parse
from bot.store import MessageState, Store

RECEIVED = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
MMWG = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")
OTHER = ListSettings(name="other", address="other@lists.test", timezone="America/New_York", date_order="MDY")
BOT = "listminder@bot.test"


def mail(*headers: str, body: str = "Our next call is on Monday 8 January at 15:00.") -> bytes:
    base = {
        "From": "Chair <chair@example.org>",
        "To": "mmwg@wsis-cs.org",
        "Subject": "Next call",
        "Date": "Mon, 1 Jan 2024 10:00:00 +0000",
        "Message-ID": "<call-1@example.org>",
    }
    for header in headers:
        name, _, value = header.partition(": ")
        base[name] = value
    lines = [f"{name}: {value}" for name, value in base.items() if value]
    return ("\n".join(lines) + "\n\n" + body + "\n").encode()


@pytest.fixture
def ingest(store: Store) -> Ingestor:
    return Ingestor(store, [MMWG, OTHER], BOT)


async def test_a_message_is_read_once(ingest: Ingestor, store: Store) -> None:
    first = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    again = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    assert (first.outcome, len(first.created)) == (Outcome.NEW, 1)
    assert (again.outcome, again.created) == (Outcome.KNOWN, ())
    [meeting] = await store.meetings()
    assert meeting.start == datetime.fromisoformat("2024-01-08T15:00:00+01:00")


async def test_the_same_message_from_two_sources_at_once_is_kept_once(ingest: Ingestor, store: Store) -> None:
    results = await asyncio.gather(
        *(ingest(mail(), list_name="mmwg", received_at=RECEIVED, source=f"s{n}") for n in range(4))
    )
    assert sorted(r.outcome for r in results) == [Outcome.KNOWN] * 3 + [Outcome.NEW]
    assert len(await store.meetings()) == 1


async def test_without_message_id_the_bytes_are_the_key(ingest: Ingestor) -> None:
    raw = mail("Message-ID: ")
    first = await ingest(raw, list_name=None, received_at=RECEIVED, source="t")
    assert first.key.startswith("sha256:")
    assert (await ingest(raw, list_name=None, received_at=RECEIVED, source="t")).outcome is Outcome.KNOWN
    other = await ingest(raw + b"-- \nsent again\n", list_name=None, received_at=RECEIVED, source="t")
    assert other.outcome is Outcome.NEW


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-replied", "auto-submitted"),
        (f"{LOOP_HEADER}: mmwg", "loop"),
        (f"From: The bot <{BOT}>", "own"),
    ],
)
async def test_mail_that_is_not_an_announcement_is_kept_but_not_read(
    ingest: Ingestor, store: Store, header: str, reason: str
) -> None:
    result = await ingest(mail(header), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is Outcome.IGNORED
    assert result.reason is not None and result.reason.startswith(reason)
    assert await store.meetings() == []
    assert await store.has_message("mmwg", "<call-1@example.org>")


async def test_auto_submitted_no_is_a_person_writing(ingest: Ingestor) -> None:
    result = await ingest(mail("Auto-Submitted: no"), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is Outcome.NEW


async def test_a_message_detection_fails_on_is_kept_aside_and_the_intake_goes_on(store: Store) -> None:
    # A zone this machine does not know (a config written elsewhere, bypassing validation) breaks detection.
    broken = ListSettings.model_construct(name="mmwg", address="mmwg@wsis-cs.org", timezone="Nowhere/Atall")
    ingest = Ingestor(store, [broken], BOT)
    result = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is Outcome.QUARANTINED
    assert result.reason is not None and result.reason.startswith("detect: ZoneInfoNotFoundError")
    [kept] = [m async for m in store.stored_messages()]
    assert (kept.state, kept.raw) == (MessageState.QUARANTINED, mail())
    after = await ingest(mail("Message-ID: <call-2@example.org>", body="Hello."), list_name=None,
                         received_at=RECEIVED, source="t")  # fmt: skip
    assert after.outcome is Outcome.NEW

    # Once the config is mended, reprocessing reads the quarantined message, and only once.
    mended = Ingestor(store, [MMWG], BOT)
    summary = await reprocess_all(mended)
    assert (summary.read, summary.outcomes[Outcome.NEW], len(summary.created)) == (2, 2, 1)
    summary = await reprocess_all(mended)
    assert (summary.read, len(summary.created), len(summary.changed)) == (2, 0, 0)
    assert len(await store.meetings()) == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["List-Id: mmwg mailing list <mmwg.wsis-cs.org>", "To: someone@else.test"], "mmwg"),
        (["List-Id: <other.lists.test>", "To: mmwg@wsis-cs.org"], "other"),
        (["List-Id: <other.mail.lists.test>", "To: mmwg@wsis-cs.org"], "other"),
        (["To: a@b.test", "Cc: Other list <other@lists.test>"], "other"),
        (["To: a@b.test"], "mmwg"),
    ],
)
def test_the_list_is_chosen_by_list_id_then_recipients_then_the_first(
    headers: list[str], expected: str
) -> None:
    assert choose_list(parse(mail(*headers)), [MMWG, OTHER]).name == expected


async def test_a_list_given_by_name_must_be_configured(ingest: Ingestor) -> None:
    with pytest.raises(ListminderError, match="no list named"):
        await ingest(mail(), list_name="nope", received_at=RECEIVED, source="t")


async def test_the_list_settings_steer_detection(ingest: Ingestor, store: Store) -> None:
    raw = mail("To: other@lists.test", "Message-ID: <o@x>", body="The board meets on 3/4/2024 at 10:00.")
    await ingest(raw, list_name=None, received_at=RECEIVED, source="t")
    [meeting] = await store.meetings(list_name="other")
    assert meeting.start == datetime.fromisoformat("2024-03-04T10:00:00-05:00")
