"""What the periodic mailbox check costs: one IDLE ended and the mailbox selected again, as the IMAP
watcher does every ``mailbox_check_s`` (60 s by default), against a NOOP round trip on the same
connection as the baseline, for an empty mailbox and a large one.

    python benchmarks/imap_check.py [--messages 10000] [--rounds 200]

A Dovecot started here holds the mailboxes; the large one is filled as a local delivery agent would
(Maildir files), then selected once so that Dovecot's index is built before anything is timed. The
check runs through the watcher's own connection code (``ImapConnection.idle`` then ``select``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from harness import Dovecot, figure
from pydantic import SecretStr

from bot.config import ImapSettings
from bot.sources.imapconn import ImapConnection
from tests.sources.recorders import make_message

USER = "list"


@dataclass(frozen=True)
class Timing:
    wall_ms: list[float]
    # This process's CPU time per round: what a check costs the daemon, beside the wait for the server.
    cpu_ms: float


async def timed(rounds: int, step: Callable[[], Awaitable[object]]) -> Timing:
    """Per round, after one round not counted (first use of each code path)."""
    await step()
    times = []
    cpu_started = time.process_time()
    for _ in range(rounds):
        started = time.perf_counter()
        await step()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(times, (time.process_time() - cpu_started) * 1000 / rounds)


async def measure(server: Dovecot, rounds: int) -> tuple[Timing, Timing]:
    settings = ImapSettings(
        host=server.host,
        port=server.imap_port,
        tls="none",
        username=USER,
        password=SecretStr(server.users[USER]),
    )
    connection = await ImapConnection.open(settings, None)
    try:
        await connection.select("INBOX")

        async def check() -> None:
            await connection.idle(0.0)
            await connection.select("INBOX")

        async def noop() -> None:
            await connection.call(connection._client.noop())

        return await timed(rounds, check), await timed(rounds, noop)
    finally:
        await connection.logout()
        await connection.aclose()


def fill(server: Dovecot, count: int) -> None:
    for n in range(count):
        server.deliver_offline(USER, make_message(n))
    # Dovecot gives the new files their UIDs and builds its index at the first SELECT: not timed.
    with server.imap(USER, timeout_s=600) as client:
        client.select("INBOX")


def summary(name: str, check: Timing, noop: Timing) -> str:
    c, b = statistics.median(check.wall_ms), statistics.median(noop.wall_ms)
    p95 = statistics.quantiles(check.wall_ms, n=20)[-1]
    return (
        f"{name:<16} check: median {c:5.2f} ms (p95 {p95:5.2f} ms), CPU {check.cpu_ms:4.2f} ms; "
        f"NOOP: median {b:4.2f} ms, CPU {noop.cpu_ms:4.2f} ms; check/NOOP {c / b:4.1f}x wall, "
        f"{check.cpu_ms / noop.cpu_ms:4.1f}x CPU; CPU per mailbox-day at 60 s: {check.cpu_ms * 1.44:4.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    server = Dovecot()
    try:
        server.start()
        empty = asyncio.run(measure(server, args.rounds))
        fill(server, args.messages)
        large = asyncio.run(measure(server, args.rounds))
    finally:
        server.close()
    figure(summary("empty mailbox", *empty))
    figure(summary(f"{args.messages:,} messages", *large))


if __name__ == "__main__":
    main()
