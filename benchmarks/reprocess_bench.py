"""`reprocess` a message at a time (one transaction each: the baseline, as before) against a batch at a
time (as it runs now), on SQLite and on PostgreSQL side by side in one run, with ingest beside them.

    python benchmarks/reprocess_bench.py [ARCHIVE] [--limit N] [--rounds R]

ARCHIVE is any path the archive reader takes; by default the Indology pipermail archive of the shared
corpus. Each engine gets a fresh store (a SQLite file; a database on a PostgreSQL cluster this script
starts, as the test suite does) filled by the intake's batches, then read again by both ways in turn,
``--rounds`` times, the best of each kept. Rates are messages per second of wall-clock time: with
PostgreSQL part of the work is the server's, which this process's CPU time would leave out; the
machine's load is printed beside every figure. The figure that matters is the ratio, batched over
one at a time, measured on the same store in the same minute.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from harness import DEFAULT_CORPUS, each_store, figure

from bot.config import ListSettings, StoreSettings
from bot.ingest import Arrival, Ingestor, reprocess_all
from bot.sources.archive import iter_messages
from bot.sources.archive_import import BATCH
from bot.store import Store

DEFAULT_ARCHIVE = DEFAULT_CORPUS / "indology-1990-2022.pipermail.txt.gz"
LIST = ListSettings(name="indology", address="indology@list.indology.info", timezone="UTC")
BOT = "listminder@bench.test"


async def fill(store: Store, archive: str, limit: int) -> float:
    """Ingest the archive's first ``limit`` messages; the rate in messages per second."""
    ingestor = Ingestor(store, [LIST], BOT)
    stream = itertools.islice(iter_messages(archive), limit)
    count, started = 0, time.perf_counter()
    while batch := list(itertools.islice(stream, BATCH)):
        await ingestor.ingest_many([Arrival(s, raw, datetime.now(UTC)) for s, raw in batch], list_name=None)
        count += len(batch)
    return count / (time.perf_counter() - started)


async def one_at_a_time(ingestor: Ingestor) -> int:
    """The baseline: every message in a transaction of its own, as `reprocess` did."""
    count = 0
    async for stored in ingestor.store.stored_messages():
        await ingestor.reprocess(stored)
        count += 1
    return count


async def batched(ingestor: Ingestor) -> int:
    return (await reprocess_all(ingestor)).read


async def rate(way: Callable[[Ingestor], Awaitable[int]], ingestor: Ingestor) -> float:
    started = time.perf_counter()
    count = await way(ingestor)
    return count / (time.perf_counter() - started)


async def measure(engine: str, settings: StoreSettings, archive: str, limit: int, rounds: int) -> None:
    async with await Store.open(settings) as store:
        ingest_rate = await fill(store, archive, limit)
        figure(f"{engine:<10} ingest                {ingest_rate:6.0f} msg/s wall")
        ingestor = Ingestor(store, [LIST], BOT)
        best = {"one at a time": 0.0, "batched": 0.0}
        for _ in range(rounds):
            best["one at a time"] = max(best["one at a time"], await rate(one_at_a_time, ingestor))
            best["batched"] = max(best["batched"], await rate(batched, ingestor))
        for name, value in best.items():
            figure(f"{engine:<10} reprocess {name:<13} {value:6.0f} msg/s wall")
        ratio = best["batched"] / best["one at a time"]
        figure(f"{engine:<10} reprocess batched / one at a time: {ratio:.2f}; batched / ingest: "
               f"{best['batched'] / ingest_rate:.2f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("archive", nargs="?", default=str(DEFAULT_ARCHIVE))
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    print(f"archive {args.archive}, {args.limit} messages, best of {args.rounds} rounds")
    for engine, settings in each_store():
        asyncio.run(measure(engine, settings, args.archive, args.limit, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
