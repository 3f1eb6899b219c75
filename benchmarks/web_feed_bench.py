"""Requests per second for a list's feed of 1,000 meetings, over real HTTP to the web component, side by
side in one run: every request writing the calendar (the cache turned off), the body memoised under its
validator (what a second reader of an unchanged feed gets), and the 304 answered to a calendar app that
sends the ETag it has.

    python benchmarks/web_feed_bench.py [--meetings N] [--requests R] [--rounds K]

The three are measured in turns, K rounds, and the best round of each is reported (the machine is
shared), with the ratio against the first. The client runs in the same process: the figures are the
server's and the client's work together, on one core.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from harness import figure

from bot.config import ListSettings, StoreSettings, WebSettings
from bot.detect.model import Mention
from bot.health import StatusBoard
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store import Incoming, MessageState, NewMessage, Store
from bot.web import WebServer
from bot.web.feed import BodyCache
from bot.web.site import SiteParts

LIST = ListSettings(name="bench", address="bench@example.org", timezone="Europe/Zurich")
# Now: the meetings are ahead, and the cancelled ones within their time in the feed.
NOW = datetime.now(UTC)
TOPICS = ("Working group call", "Board meeting", "Editors' sync", "Plenary", "Review session")


class NoCache(BodyCache):
    """The baseline: every request writes the calendar again."""

    def get(self, key: str, tag: str) -> bytes | None:
        return None


def incoming(number: int) -> Incoming:
    sent = NOW - timedelta(days=30)
    key = f"<bench-{number}@example.org>"
    message = NewMessage("bench", key, "bench", b"Subject: x\n\nx\n", sent, sent, "x", "a@example.org",
                         MessageState.PROCESSED)  # fmt: skip
    start = datetime(2031, 1, 6, 9, tzinfo=UTC) + timedelta(days=number)
    status = (MeetingStatus.CONFIRMED, MeetingStatus.TENTATIVE, MeetingStatus.CANCELLED)[number % 3]
    details = MeetingDetails(
        title=f"{TOPICS[number % len(TOPICS)]} {number}",
        when=When(start, start + timedelta(hours=1), "Europe/Zurich"),
        location="Room 4" if number % 2 else None,
        status=status,
        confirm_by=date(2030, 12, 20) if status is MeetingStatus.TENTATIVE else None,
    )
    mention = Mention(details, quoted=False, confidence=0.9, evidence=f"Call {number} on the day.")
    return Incoming(message, (mention,), (key,))


async def fill(store: Store, count: int) -> None:
    for first in range(0, count, 200):
        await store.add_messages([incoming(n) for n in range(first, min(count, first + 200))])


async def rate(session: aiohttp.ClientSession, url: str, requests: int, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        async with session.get(url, headers=headers) as answer:
            await answer.read()
            assert answer.status in (200, 304)
    return requests / (time.perf_counter() - started)


async def bench(meetings: int, requests: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with await Store.open(StoreSettings(url=f"sqlite:///{Path(folder) / 'bench.db'}")) as store:
            await fill(store, meetings)
            board = StatusBoard()
            web = WebSettings(port=0, cancelled_retention_days=366)
            beat = Path(folder) / "beat"
            parts = SiteParts(web, (LIST,), store, beat, board.components, board.snapshot, now=lambda: NOW)
            server = WebServer(parts)
            task = asyncio.create_task(server.run())
            await server.started()
            url = f"http://127.0.0.1:{server.port}/lists/bench/meetings.ics"
            async with aiohttp.ClientSession() as session, session.get(url) as first:
                body, etag = await first.read(), first.headers["ETag"]
                print(
                    f"feed of {meetings} meetings: {len(body):,} bytes, {body.count(b'BEGIN:VEVENT')} events"
                )
                best: dict[str, float] = {}
                modes: tuple[tuple[str, type[BodyCache], dict[str, str]], ...] = (
                    ("written each time", NoCache, {}),
                    ("memoised body", BodyCache, {}),
                    ("304 Not Modified", BodyCache, {"If-None-Match": etag}),
                )
                for _ in range(rounds):
                    for name, cache, headers in modes:
                        server.site.bodies = cache()
                        best[name] = max(best.get(name, 0.0), await rate(session, url, requests, headers))
            baseline = best["written each time"]
            for name, value in best.items():
                figure(
                    f"{name:<18} {value:8.1f} req/s  ({value / baseline:.1f}x the calendar written each time)"
                )
            await server.drain()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    asyncio.run(bench(args.meetings, args.requests, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
