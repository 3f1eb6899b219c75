"""Group commit of concurrent deliveries, over the real intake and a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from bot.config import ListSettings
from bot.group_intake import GroupIntake
from bot.ingest import Arrival, Ingestor, IngestOutcome, IngestResult
from bot.store import Store

RECEIVED = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
MMWG = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")
POISON = b"X-Poison: yes"


def announcement(n: int, *extra: str) -> bytes:
    headers = [
        "From: Chair <chair@example.org>",
        "To: mmwg@wsis-cs.org",
        f"Subject: Call number {n}",
        "Date: Mon, 1 Jan 2024 10:00:00 +0000",
        f"Message-ID: <call-{n}@example.org>",
        *extra,
    ]
    day = 2 + n % 27
    return ("\n".join(headers) + f"\n\nOur next call is on {day} February at 15:00.\n").encode()


class CountingIngestor(Ingestor):
    """The real intake, which also records the size of each group and fails on a poisoned message."""

    groups: list[int]
    entered: asyncio.Event

    async def ingest_many(self, arrivals: Sequence[Arrival], *, list_name: str | None) -> list[IngestResult]:
        self.groups.append(len(arrivals))
        self.entered.set()
        if any(POISON in a.raw for a in arrivals):
            raise ValueError("poisoned message")
        return await super().ingest_many(arrivals, list_name=list_name)


@pytest.fixture
def ingestor(store: Store) -> CountingIngestor:
    counting = CountingIngestor(store, [MMWG], "listminder@bot.test")
    counting.groups = []
    counting.entered = asyncio.Event()
    return counting


async def deliver(intake: GroupIntake, raw: bytes, source: str = "smtp") -> IngestResult:
    return await intake(raw, list_name="mmwg", received_at=RECEIVED, source=source)


async def test_concurrent_deliveries_share_commits_and_each_is_stored_once(
    ingestor: CountingIngestor, store: Store
) -> None:
    intake = GroupIntake(ingestor)
    results = await asyncio.gather(*(deliver(intake, announcement(n)) for n in range(40)))
    assert [r.outcome for r in results] == [IngestOutcome.NEW] * 40
    assert [r.key for r in results] == [f"<call-{n}@example.org>" for n in range(40)]
    assert (await store.message_counts()).get("processed") == 40
    # All arrived before the first commit began: one transaction for the forty.
    assert ingestor.groups == [40]


async def test_a_lone_message_is_committed_at_once_and_latecomers_wait_for_the_next_commit(
    ingestor: CountingIngestor,
) -> None:
    intake = GroupIntake(ingestor)
    await deliver(intake, announcement(1))
    ingestor.entered.clear()
    first = asyncio.create_task(deliver(intake, announcement(2)))
    await ingestor.entered.wait()
    await asyncio.gather(first, *(deliver(intake, announcement(n)) for n in range(3, 8)))
    assert ingestor.groups == [1, 1, 5]


async def test_a_group_is_limited_in_size(ingestor: CountingIngestor) -> None:
    intake = GroupIntake(ingestor, max_group=10)
    await asyncio.gather(*(deliver(intake, announcement(n)) for n in range(25)))
    assert ingestor.groups == [10, 10, 5]


async def test_one_message_delivered_at_once_by_several_sessions_is_kept_once(
    ingestor: CountingIngestor, store: Store
) -> None:
    intake = GroupIntake(ingestor)
    results = await asyncio.gather(*(deliver(intake, announcement(7), f"s{n}") for n in range(4)))
    assert sorted(r.outcome for r in results) == [IngestOutcome.KNOWN] * 3 + [IngestOutcome.NEW]
    assert len(await store.meetings()) == 1


async def test_a_failing_group_is_committed_one_by_one(ingestor: CountingIngestor, store: Store) -> None:
    intake = GroupIntake(ingestor)
    raws = [announcement(n, *([POISON.decode()] if n == 3 else [])) for n in range(6)]
    results = await asyncio.gather(*(deliver(intake, raw) for raw in raws), return_exceptions=True)
    assert [type(r).__name__ for r in results] == ["IngestResult"] * 3 + ["ValueError"] + ["IngestResult"] * 2
    assert (await store.message_counts()).get("processed") == 5
    assert ingestor.groups == [6, 1, 1, 1, 1, 1, 1]


async def test_a_caller_that_gives_up_does_not_undo_its_group(
    ingestor: CountingIngestor, store: Store
) -> None:
    intake = GroupIntake(ingestor)
    first = asyncio.create_task(deliver(intake, announcement(1)))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(deliver(intake, announcement(n))) for n in (2, 3)]
    await asyncio.sleep(0)
    waiting[0].cancel()
    await first
    assert (await waiting[1]).outcome is IngestOutcome.NEW
    with pytest.raises(asyncio.CancelledError):
        await waiting[0]
    assert (await store.message_counts()).get("processed") == 3
