"""Throughput and memory of an archive import into SQLite, beside detection alone, in one run.

    python benchmarks/ingest_bench.py [ARCHIVE] [--limit N] [--checkpoints 2500,5000,10000] [--db PATH]

ARCHIVE is any path the archive reader takes; by default the Indology pipermail archive of the shared
corpus, found next to the repository. "detect alone" parses and detects every message without a store;
"ingest" runs the same messages through the intake path (the batches `listminder ingest` uses) into a
fresh SQLite file. Both stream the archive, so memory should stay flat: the resident set size is printed
at each checkpoint, with the peak so far.

Rates are messages per second of this process's CPU time (every thread: the store's SQLite thread
too), which other work on a shared machine moves little; the wall-clock rate, which also holds the
waits for the disk, is printed beside it, and the machine's load beside both. The goal is checked
against the CPU rate and printed as a verdict: missing it does not make the run fail.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from harness import DEFAULT_CORPUS, figure

from bot.config import ListSettings, StoreSettings
from bot.detect import DetectOptions, detect
from bot.ingest import Arrival, Ingestor, IngestOutcome, Summary
from bot.mail import parse
from bot.sources.archive import iter_messages
from bot.sources.archive_import import BATCH
from bot.store import Store

DEFAULT_ARCHIVE = DEFAULT_CORPUS / "indology-1990-2022.pipermail.txt.gz"
LIST = ListSettings(name="indology", address="indology@list.indology.info", timezone="UTC")
GOAL_PER_S = 500


def rss_mb() -> float:
    """The resident set size now (Linux), else the peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    # Linux reports kibibytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def messages(archive: str, limit: int) -> Iterator[tuple[str, bytes]]:
    return itertools.islice(iter_messages(archive), limit)


@dataclass(frozen=True)
class Rates:
    cpu_per_s: float
    wall_per_s: float


class Meter:
    def __init__(self, label: str, checkpoints: list[int]) -> None:
        self.label, self.checkpoints, self.count = label, checkpoints, 0
        self.cpu_started = time.process_time()
        self.wall_started = time.perf_counter()

    def add(self, n: int = 1) -> None:
        before, self.count = self.count, self.count + n
        for mark in self.checkpoints:
            if before < mark <= self.count:
                rates = self.rates()
                figure(
                    f"  {self.label:<13} {self.count:>6} msgs  {rates.cpu_per_s:7.0f} msg/s CPU  "
                    f"{rates.wall_per_s:7.0f} msg/s wall  rss {rss_mb():6.1f} MB  peak {peak_mb():6.1f} MB"
                )

    def rates(self) -> Rates:
        return Rates(
            self.count / (time.process_time() - self.cpu_started),
            self.count / (time.perf_counter() - self.wall_started),
        )


def detect_alone(archive: str, limit: int, checkpoints: list[int]) -> Rates:
    meter = Meter("detect alone", checkpoints)
    options = DetectOptions(time_zone=LIST.timezone, date_order=LIST.date_order)
    for _, raw in messages(archive, limit):
        detect(parse(raw), options, None)
        meter.add()
    return meter.rates()


async def ingest(archive: str, limit: int, checkpoints: list[int], db: Path) -> tuple[Rates, Summary]:
    meter = Meter("ingest", checkpoints)
    summary = Summary()
    async with await Store.open(StoreSettings(url=f"sqlite:///{db}")) as store:
        ingestor = Ingestor(store, [LIST], "listminder@bench.test")
        stream = messages(archive, limit)
        while batch := list(itertools.islice(stream, BATCH)):
            arrivals = [Arrival(source, raw, datetime.now(UTC)) for source, raw in batch]
            for result in await ingestor.ingest_many(arrivals, list_name=LIST.name):
                summary.add(result)
            meter.add(len(batch))
    return meter.rates(), summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("archive", nargs="?", default=str(DEFAULT_ARCHIVE))
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--checkpoints", default="2500,5000,10000")
    ap.add_argument("--db", type=Path, help="SQLite file to create (default: a temporary one)")
    args = ap.parse_args(argv)
    checkpoints = sorted(int(n) for n in args.checkpoints.split(","))

    print(f"archive {args.archive}, up to {args.limit} messages")
    detect_rates = detect_alone(args.archive, args.limit, checkpoints)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "bench.db"
        ingest_rates, summary = asyncio.run(ingest(args.archive, args.limit, checkpoints, db))
        size_mb = db.stat().st_size / 1e6
    figure(f"detect alone: {detect_rates.cpu_per_s:.0f} msg/s CPU ({detect_rates.wall_per_s:.0f} wall)")
    figure(
        f"ingest:       {ingest_rates.cpu_per_s:.0f} msg/s CPU ({ingest_rates.wall_per_s:.0f} wall), "
        f"{ingest_rates.cpu_per_s / detect_rates.cpu_per_s:.2f} of detect alone; database {size_mb:.1f} MB"
    )
    print(f"  {summary.describe()}")
    print(f"  quarantined: {summary.outcomes[IngestOutcome.QUARANTINED]}")
    met = "met" if ingest_rates.cpu_per_s >= GOAL_PER_S else "missed"
    print(f"verdict: goal {GOAL_PER_S} msg/s of CPU {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
