"""The per-meeting reminder pass over many lists, against the same pass reading each list's meetings
with queries of their own (the way it read before; it then also tried to queue every due reminder
again), on SQLite and on PostgreSQL in the same run.

    python benchmarks/reminder_pass.py [--lists 1000] [--meetings 3] [--runs 5]

Each list has ``--meetings`` meetings a few weeks ahead (read by the pass, none due) and one meeting
tomorrow whose reminder was queued by a first pass, so that each pass reads and queues nothing new:
the steady state of a daemon, every minute. The baseline is the same DigestSchedule given a meeting
source that reads one list at a time (its meetings, their history, its kept reminders: three queries
per list). Figures are the median wall-clock time of the runs (the store's server works in another
process, so CPU time of this one would hide it), with the machine's load beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import each_store, figure, list_call

from bot.config import ListSettings, RemindersSettings, StoreSettings
from bot.digest.model import MeetingSnapshot
from bot.digest.render import Renderer
from bot.digest.send import FileTransport, Sender
from bot.digest.source import SnapshotSource, StoreSnapshots
from bot.ingest import Arrival, Ingestor
from bot.schedule import DigestSchedule
from bot.sources.archive_import import BATCH
from bot.store import Store

FROM = "listminder@bench.example.org"


class OneListAtATime:
    """The baseline: the store's snapshots read one list per call."""

    def __init__(self, source: StoreSnapshots) -> None:
        self.source = source

    async def __call__(self, list_name: str) -> Sequence[MeetingSnapshot]:
        return await self.source(list_name)


def lists_of(count: int) -> list[ListSettings]:
    return [
        ListSettings(
            name=f"l{n:04}",
            address=f"l{n:04}@bench.example.org",
            timezone="UTC",
            reminders=RemindersSettings(before=["7d", "1d"]),
        )
        for n in range(count)
    ]


async def fill(store: Store, lists: Sequence[ListSettings], meetings: int, now: datetime) -> None:
    raws = [
        list_call(item.name, n, (now + timedelta(days=20 + 7 * n if n < meetings else 1)).date(), now)
        for item in lists
        for n in range(meetings + 1)
    ]
    ingestor = Ingestor(store, lists, FROM)
    for first in range(0, len(raws), BATCH):
        arrivals = [Arrival("bench", raw, now) for raw in raws[first : first + BATCH]]
        await ingestor.ingest_many(arrivals, list_name=None)


async def measure(settings: StoreSettings, args: argparse.Namespace, outbox: Path) -> dict[str, float]:
    lists = lists_of(args.lists)
    now = datetime.now(UTC)
    async with await Store.open(settings) as store:
        await fill(store, lists, args.meetings, now)
        source = StoreSnapshots(store, clock=lambda: now)
        sender = Sender(store, FileTransport(outbox), FROM, clock=lambda: now)
        schedules: dict[str, SnapshotSource] = {
            "one read per list (before)": OneListAtATime(source),
            "lists read together": source,
        }
        times: dict[str, float] = {}
        for label, snapshots in schedules.items():
            schedule = DigestSchedule(
                lists,
                from_address=FROM,
                renderer=Renderer(),
                sender=sender,
                snapshots=snapshots,
                clock=lambda: now,
            )
            await schedule.check()
            runs = []
            for _ in range(args.runs):
                started = time.perf_counter()
                await schedule.check()
                runs.append(time.perf_counter() - started)
            times[label] = statistics.median(runs)
        return times


def report(engine: str, times: dict[str, float], lists: int) -> None:
    before, after = times["one read per list (before)"], times["lists read together"]
    figure(
        f"reminder pass, {engine}, {lists} lists: {after:.3f} s ({1000 * after / lists:.2f} ms per list) "
        f"against {before:.3f} s reading one list at a time: {before / after:.1f}x faster"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="listminder-bench-") as tmp:
        results = {
            engine: asyncio.run(measure(settings, args, Path(tmp) / engine))
            for engine, settings in each_store()
        }
    report("SQLite", results["sqlite"], args.lists)
    report("PostgreSQL", results["postgresql"], args.lists)


if __name__ == "__main__":
    main()
