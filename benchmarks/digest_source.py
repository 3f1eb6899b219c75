"""What a digest check costs in reading the store: a list's meetings with their history, as the daemon
reads them every minute, against the same read with one history query per meeting (the way it was read
before), on a real SQLite file in the same run.

    python benchmarks/digest_source.py [--meetings 500] [--runs 20]

Each meeting is announced by a message of its own and every fifth is confirmed by an admin, so each has
one or two history entries. Time is CPU time of the process (the driver's thread included), the median
of the runs; the machine's load is printed beside each figure.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from harness import figure, stored_message

from bot.config import StoreSettings
from bot.detect.model import Mention
from bot.digest.source import StoreSnapshots, snapshot_of
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store import Incoming, Store

SENT = datetime(2006, 11, 23, 10, 5, tzinfo=UTC)
DETAILS = MeetingDetails("MAG meeting", When(date(2007, 1, 1)), "Geneva", MeetingStatus.TENTATIVE)
MEETING = Mention(DETAILS, quoted=False, confidence=0.9, evidence="meet")


def announcement(number: int) -> Incoming:
    key = f"<bench-{number}@example.org>"
    message = stored_message("mmwg", key, SENT)
    day = date(2007, 1, 1) + timedelta(days=number % 700)
    details = replace(DETAILS, title=f"Meeting {number}", when=When(day))
    return Incoming(message, (replace(MEETING, details=details),), (key,))


async def fill(store: Store, count: int) -> None:
    await store.add_messages([announcement(number) for number in range(count)])
    for meeting in (await store.meetings())[::5]:
        await store.correct(meeting.id, {"status": MeetingStatus.CONFIRMED}, actor="admin")


async def one_query_per_meeting(store: Store) -> None:
    meetings = await store.meetings(list_name="mmwg", start_from=date(2006, 1, 1))
    [snapshot_of(meeting, await store.history(meeting.id)) for meeting in meetings]


async def cpu_median(read: Callable[[], Awaitable[object]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        await read()
        times.append(time.process_time() - started)
    return statistics.median(times)


async def main(meetings: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = StoreSettings(url=f"sqlite:///{Path(folder) / 'store.db'}")
        async with await Store.open(settings) as store:
            await fill(store, meetings)
            snapshots = StoreSnapshots(store, clock=lambda: SENT)
            assert len(await snapshots("mmwg")) == meetings
            now = await cpu_median(lambda: snapshots("mmwg"), runs)
            before = await cpu_median(lambda: one_query_per_meeting(store), runs)
    print(f"{meetings} meetings, median of {runs} runs, CPU time")
    figure(f"  two queries (meetings, then all their history): {now * 1000:8.1f} ms")
    figure(
        f"  one history query per meeting (before):         {before * 1000:8.1f} ms  ({before / now:.1f}x)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.meetings, arguments.runs))
