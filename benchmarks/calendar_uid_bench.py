"""What a meeting's calendar UID costs in reading the store: a list's meetings read with whether another
list had each UID first (what ``calendar_uid`` is made of, one correlated lookup per row on the unique
(uid, list_name) index), against the same rows read without it (the baseline: as they were read
before), on SQLite and on PostgreSQL side by side in one run.

    python benchmarks/calendar_uid_bench.py [--meetings 1000] [--runs 20]

Two lists, ``wg`` and ``parent``, each hold ``--meetings`` meetings, every one an invitation
cross-posted to both (the worst case: each row has a sibling to find). Times are wall-clock (with
PostgreSQL part of the work is the server's), the median of the runs; the machine's load is printed
beside each figure. The figure that matters is the ratio, measured on the same store in the same minute.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from harness import each_store, figure, stored_message

from bot.config import StoreSettings
from bot.detect.model import Mention
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store import Incoming, Meeting, Store
from bot.store.queries import meeting_of
from bot.store.tables import meetings

SENT = datetime(2026, 3, 2, 10, tzinfo=UTC)
DETAILS = MeetingDetails("Call", When(date(2026, 4, 1)), None, MeetingStatus.CONFIRMED)
LISTS = ("wg", "parent")
BATCH = 200


def invitation(list_name: str, number: int) -> Incoming:
    key = f"<invite-{number}@example.org>"
    message = stored_message(list_name, key, SENT)
    details = replace(DETAILS, title=f"Call {number}", when=When(date(2026, 4, 1) + timedelta(days=number)))
    mention = Mention(
        details, quoted=False, confidence=1.0, evidence="call", uid=f"call-{number}@example.org"
    )
    return Incoming(message, (mention,), (key,))


async def fill(store: Store, count: int) -> None:
    for name in LISTS:
        for first in range(0, count, BATCH):
            await store.add_messages([invitation(name, n) for n in range(first, min(first + BATCH, count))])


async def without_calendar_uids(store: Store) -> list[Meeting]:
    """The baseline: the list's meetings as they were read before, the table's columns alone."""
    query = sa.select(meetings).where(meetings.c.list_name == "parent").order_by(meetings.c.start_day)
    async with store.engine.connect() as conn:
        return [meeting_of(row) for row in (await conn.execute(query)).mappings()]


async def with_calendar_uids(store: Store) -> list[Meeting]:
    return await store.meetings(list_name="parent")


async def median_s(read: Callable[[], Awaitable[list[Meeting]]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await read()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def measure(engine: str, settings: StoreSettings, count: int, runs: int) -> None:
    async with await Store.open(settings) as store:
        await fill(store, count)
        found = await with_calendar_uids(store)
        assert len(found) == count and all(m.calendar_uid == f"parent/{m.uid}" for m in found)
        await without_calendar_uids(store)  # a first read warms the caches for both
        now = await median_s(lambda: with_calendar_uids(store), runs)
        before = await median_s(lambda: without_calendar_uids(store), runs)
    figure(
        f"  {engine:<10} with calendar UIDs {now * 1000:7.1f} ms, without (before) {before * 1000:7.1f} ms:"
        f" ratio {now / before:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)
    print(f"{args.meetings} meetings in each of two lists, all cross-posted; median of {args.runs} reads")
    for engine, settings in each_store():
        asyncio.run(measure(engine, settings, args.meetings, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
