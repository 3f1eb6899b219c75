"""A message whose rows the database refuses is set aside (quarantined, with the refusal as its reason)
and the rest of its batch is kept: before, one refusal rolled back the whole batch of `listminder
ingest` (up to 100 messages) and stopped the command, and the listener answered 451 to it forever.

The refusal is the database's own: a trigger that refuses one meeting's title, on either engine."""

from __future__ import annotations

import asyncio
import mailbox
from datetime import UTC, datetime
from pathlib import Path

from bot.config import ListSettings, StoreSettings
from bot.ingest import Arrival, Ingestor, IngestOutcome
from bot.store import MessageState, Store
from tests.store.conftest import Installation
from tests.stores import engine_of

WG = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="UTC")
RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPICS = ("Budget", "Poison", "Charter", "Outreach")

REFUSE = {
    "sqlite": [
        "create trigger refuse_poison before insert on meetings when new.title like '%Poison%' "
        "begin select raise(abort, 'meeting refused by a trigger'); end"
    ],
    "postgresql": [
        "create function refuse_poison() returns trigger language plpgsql as $$ begin "
        "if new.title like '%Poison%' then raise exception 'meeting refused by a trigger'; end if; "
        "return new; end $$",
        "create trigger refuse_poison before insert on meetings for each row "
        "execute function refuse_poison()",
    ],
}


def announcement(n: int, topic: str) -> bytes:
    return (
        f"From: Chair <chair@example.org>\nTo: mmwg@wsis-cs.org\nSubject: {topic} working group meeting\n"
        f"Date: Mon, 2 Mar 2026 10:0{n}:00 +0100\nMessage-ID: <{topic.lower()}@example.org>\n\n"
        f"The {topic} working group meets on Thursday 1{n} March 2026 at 15:00 UTC in Room {n}.\n"
    ).encode()


async def refuse_poison(store: Store, settings: StoreSettings) -> None:
    async with store.engine.begin() as conn:
        for statement in REFUSE[engine_of(settings)]:
            await conn.exec_driver_sql(statement)


async def test_the_refused_message_is_set_aside_and_its_batch_kept(
    store: Store, any_store_settings: StoreSettings
) -> None:
    await refuse_poison(store, any_store_settings)
    intake = Ingestor(store, [WG], "listminder@bot.test")
    arrivals = [Arrival(f"t{n}", announcement(n, topic), RECEIVED) for n, topic in enumerate(TOPICS)]
    results = await intake.ingest_many(arrivals, list_name=None)
    assert [r.outcome for r in results] == [
        IngestOutcome.NEW, IngestOutcome.QUARANTINED, IngestOutcome.NEW, IngestOutcome.NEW
    ]  # fmt: skip
    assert "meeting refused by a trigger" in (results[1].reason or "")
    assert len(await store.meetings()) == 3
    kept = {m.key: m.state async for m in store.stored_messages()}
    assert kept["<poison@example.org>"] is MessageState.QUARANTINED
    assert list(kept.values()).count(MessageState.PROCESSED) == 3


async def refusing_store(settings: StoreSettings) -> None:
    async with await Store.open(settings) as store:
        await refuse_poison(store, settings)


def test_listminder_ingest_keeps_the_batch_of_a_refused_message(site: Installation, tmp_path: Path) -> None:
    asyncio.run(refusing_store(site.store))
    archive = tmp_path / "archive.mbox"
    box = mailbox.mbox(archive)
    for n, topic in enumerate(TOPICS):
        box.add(announcement(n, topic))
    box.close()
    summary = site.run("ingest", str(archive))
    assert "read 4 message(s): 3 new, 0 already known, 0 ignored, 1 quarantined" in summary
    assert site.rows("select key, state from messages where state != 'processed'") == [
        ("<poison@example.org>", "quarantined")
    ]
    assert site.rows("select count(*) from meetings") == [(3,)]
