"""The SMTP listener against hostile clients: memory under endless lines, delivery under a slow-loris.

    python benchmarks/listener_hostile.py [--one-mb 800] [--ten-mb 100] [--loris 200] [--sends 30]

The daemon runs as a subprocess (`listminder run`, one list delivered to its listener, a fresh SQLite
file, max_message_bytes 10 MB as in the default config). Memory is read from /proc/PID/status:

- baseline: VmRSS (and VmHWM, the peak so far) of the idle daemon once its listener is up;
- one session that sends ``--one-mb`` MB after DATA without a line break, ignoring the early answer,
  then ten sessions that each send ``--ten-mb`` MB at once: the daemon's VmHWM after each phase.

Then a legitimate sender (smtplib, one message per session, from 127.0.0.1) measures its delivery time
(connect to 250 after DATA, ``--sends`` times): first alone, the baseline, then while ``--loris``
connections from another address (127.0.0.2) hold on after a half-written EHLO, then while as many
do so from as many addresses (127.0.1.1, 127.0.1.2, ...), which no per-address cap can stop.
"""

from __future__ import annotations

import argparse
import asyncio
import smtplib
import sys
import time

from harness import (
    ListSpec,
    StoreView,
    announcement,
    figure,
    listener_daemon,
    mib,
    proc_status,
    quantiles,
)

from tests.servers.raw_smtp import CHUNK_BYTES, RawSession

LIST = ListSpec("hostile", "hostile@bench.test")
MAX_MESSAGE_BYTES = 10_000_000
SENDER = "chair@example.org"


async def endless_line(port: int, total_bytes: int) -> int:
    """One session that sends ``total_bytes`` without a line break after DATA, reading nothing back
    until the end (a hostile client does not stop when told); returns the code of the answer."""
    client = await RawSession.open(port)
    await client.start_data(SENDER, LIST.address)
    chunk = b"x" * CHUNK_BYTES
    for _ in range(total_bytes // len(chunk)):
        await client.send(chunk)
    await client.send(b"\r\n.\r\n")
    answer = await client.reply()
    await client.close()
    return answer.code


async def endless_lines(port: int, sessions: int, total_bytes: int) -> list[int]:
    return list(await asyncio.gather(*(endless_line(port, total_bytes) for _ in range(sessions))))


def deliver(port: int, n: int, tag: str) -> float | None:
    """One message in its own session, as a sending server delivers it: seconds from connect to 250,
    or None when the listener turned the session away (421)."""
    raw, _day = announcement(n, LIST.address, tag=tag)
    started = time.perf_counter()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
            client.sendmail(SENDER, [LIST.address], raw)
    except smtplib.SMTPConnectError:
        return None
    return time.perf_counter() - started


async def deliveries(port: int, sends: int, tag: str) -> list[float | None]:
    return [await asyncio.to_thread(deliver, port, n, tag) for n in range(sends)]


async def under_slow_loris(port: int, sources: list[str], sends: int) -> tuple[list[float | None], int]:
    """Delivery times while one half-open session from each of ``sources`` holds on (an address may
    come more than once); also how many of those sessions were greeted (220) rather than turned away."""
    loris = [await RawSession.open(port, source=source) for source in sources]
    greetings = await asyncio.gather(*(client.reply() for client in loris))
    for client, greeting in zip(loris, greetings, strict=True):
        if greeting.code == 220:
            await client.send(b"EHL")
    try:
        return await deliveries(port, sends, f"loris{len(set(sources))}"), sum(
            g.code == 220 for g in greetings
        )
    finally:
        for client in loris:
            await client.close()


def many_addresses(count: int) -> list[str]:
    """``count`` loopback addresses other than the sender's 127.0.0.1: 127.0.1.1, 127.0.1.2, ..."""
    return [f"127.0.{1 + n // 250}.{1 + n % 250}" for n in range(count)]


def summary(results: list[float | None]) -> str:
    times = [t for t in results if t is not None]
    refused = f"{len(results) - len(times)} of {len(results)} turned away with 421"
    if not times:
        return refused
    median, p95, low, high = quantiles(times)
    ms = [value * 1000 for value in (median, p95, low, high)]
    return f"median {ms[0]:.1f} ms, p95 {ms[1]:.1f} ms (min {ms[2]:.1f}, max {ms[3]:.1f}); {refused}"


def median_of(results: list[float | None]) -> float:
    times = [t for t in results if t is not None]
    return quantiles(times)[0] if times else float("nan")


def endless_phase(
    port: int, pid: int, idle: dict[str, int], sessions: int, megabytes: int, label: str
) -> list[int]:
    """``sessions`` endless lines of ``megabytes`` MB at once, then the daemon's VmHWM beside its idle
    VmRSS; returns the answers."""
    started = time.monotonic()
    codes = asyncio.run(endless_lines(port, sessions, megabytes * 1_000_000))
    peak = proc_status(pid)["VmHWM"]
    answers = f"answer {codes}" if sessions == 1 else f"answers {sorted(set(codes))}"
    figure(
        f"  {label} ({time.monotonic() - started:.1f} s, {answers}): VmHWM {mib(peak)} = idle VmRSS + "
        f"{mib(peak - idle['VmRSS'])}"
    )
    return codes


def loris_phase(
    port: int, sources: list[str], where: str, greeted_note: str, alone: list[float | None]
) -> list[float | None]:
    """Deliveries under a slow-loris from ``sources``, against the deliveries made ``alone``."""
    times, greeted = asyncio.run(under_slow_loris(port, sources, len(alone)))
    figure(
        f"  delivery during a slow-loris of {len(sources)} connections from {where} ({greeted} "
        f"greeted{greeted_note}): {summary(times)}; median ratio {median_of(times) / median_of(alone):.2f}"
    )
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--one-mb", type=int, default=800, help="MB of the endless line of one session")
    parser.add_argument("--ten-mb", type=int, default=100, help="MB of each of ten sessions' endless lines")
    parser.add_argument("--loris", type=int, default=200, help="slow-loris connections")
    parser.add_argument("--sends", type=int, default=30, help="deliveries timed in each phase")
    args = parser.parse_args(argv)

    with listener_daemon([LIST], max_message_bytes=MAX_MESSAGE_BYTES) as (ws, daemon, port):
        pid = daemon.process.pid
        idle = proc_status(pid)
        figure(
            f"listener hostile: daemon idle, listener up: VmRSS {mib(idle['VmRSS'])}, "
            f"VmHWM {mib(idle['VmHWM'])}"
        )

        endless_phase(port, pid, idle, 1, args.one_mb, f"1 session, {args.one_mb} MB without a line break")
        codes = endless_phase(port, pid, idle, 10, args.ten_mb, f"10 sessions x {args.ten_mb} MB at once")

        alone = asyncio.run(deliveries(port, args.sends, "alone"))
        figure(f"  delivery alone (baseline), {args.sends} messages: {summary(alone)}")
        loris_times = loris_phase(
            port, ["127.0.0.2"] * args.loris, "one address", ", the others turned away with 421", alone
        )
        spread_times = loris_phase(
            port,
            many_addresses(args.loris),
            f"{args.loris} addresses",
            "; idle ones closed to make room",
            alone,
        )
        view = StoreView(ws.db)
        stored = view.messages(LIST.name)
        view.close()
        ok = (
            stored == 3 * args.sends
            and None not in alone + loris_times + spread_times
            and set(codes) == {500}
            and "Traceback" not in daemon.log
            and daemon.process.poll() is None
        )
        print(f"  stored {stored} of {3 * args.sends} delivered; verdict:", "OK" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
