"""Delivery-to-store latency of the real daemon, over IMAP (Dovecot IDLE) and over its SMTP listener.

    python benchmarks/latency.py [--count 50] [--poll-ms 1] [--timeout-s 300]

The daemon runs as a subprocess (`listminder run`) on a fresh SQLite file, with one list read from a
Dovecot the benchmark starts and one list delivered to the listener. Messages are sent one at a time,
each announcing a meeting on a day of its own; the clock runs from the moment the server answered the
delivery (the APPEND's OK; the 250 after DATA) until the meeting is visible in the SQLite file, which
is polled read-only every ``--poll-ms`` (the resolution is that interval plus one query, both printed).

Dovecot holds IDLE notifications back by a fixed 500 ms, so the IMAP figures have a floor there; the
listener answers 250 only once the message is committed, so its "after 250" figure is the polling
resolution by construction, and the round trip (DATA sent to 250) is what carries its cost.
"""

from __future__ import annotations

import argparse
import imaplib
import smtplib
import sys
import time
from collections.abc import Callable
from datetime import date

from harness import (
    Dovecot,
    ListSpec,
    StoreView,
    Workspace,
    announcement,
    daemon_env,
    figure,
    free_port,
    quantiles,
    start_daemon,
    wait_for,
    write_config,
)

Deliver = Callable[[bytes], tuple[float, float]]
IMAP_LIST = ListSpec("imapwg", "imapwg@bench.test", imap_user="list")
SMTP_LIST = ListSpec("smtpwg", "smtpwg@bench.test")


def wait_visible(view: StoreView, list_name: str, day: date, poll_s: float, deadline: float) -> float:
    """Poll until the meeting is in the store; returns the moment it was seen."""
    while not view.has_meeting(list_name, day):
        if time.monotonic() > deadline:
            raise TimeoutError(f"meeting on {day} never reached the store of {list_name}")
        time.sleep(poll_s)
    return time.perf_counter()


def show(name: str, values: list[float]) -> None:
    median, p95, low, high = quantiles(values)
    figure(
        f"  {name:<34} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"min {low * 1000:7.1f} ms   max {high * 1000:7.1f} ms   (n={len(values)})"
    )


def poll_cost(view: StoreView, list_name: str) -> float:
    start = time.perf_counter()
    for _ in range(200):
        view.has_meeting(list_name, date(1999, 1, 1))
    return (time.perf_counter() - start) / 200


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--count", type=int, default=50, help="deliveries per way (default 50)")
    parser.add_argument("--poll-ms", type=float, default=1.0, help="store polling interval (default 1 ms)")
    parser.add_argument("--timeout-s", type=float, default=300.0, help="the whole run's limit")
    args = parser.parse_args(argv)
    started = time.monotonic()
    deadline = started + args.timeout_s
    poll_s = args.poll_ms / 1000

    dovecot = Dovecot(users={"list": "listpw"})
    ws = Workspace()
    daemon = None
    try:
        dovecot.start()
        port = free_port()
        write_config(ws, [IMAP_LIST, SMTP_LIST], port, dovecot=dovecot, log_level="DEBUG")
        daemon = start_daemon(ws, daemon_env(ws, dovecot), imap_lists=1)
        view = StoreView(ws.db)
        imap = imaplib.IMAP4(dovecot.host, dovecot.imap_port, timeout=10)
        imap.login("list", "listpw")
        smtp = smtplib.SMTP("127.0.0.1", port, timeout=30)

        def deliver_imap(raw: bytes) -> tuple[float, float]:
            t0 = time.perf_counter()
            typ, data = imap.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")
            return t0, time.perf_counter()

        def deliver_smtp(raw: bytes) -> tuple[float, float]:
            t0 = time.perf_counter()
            smtp.sendmail("chair@example.org", [SMTP_LIST.address], raw)
            return t0, time.perf_counter()

        def watcher_waiting(count: int) -> None:
            """Readiness: the watcher has logged its next wait (it is about to IDLE)."""
            wait_for(lambda: daemon.log.count("event=imap.waiting") > count, 30, "the watcher to IDLE")

        n = 0

        def run(spec: ListSpec, deliver: Deliver, *, in_idle: bool) -> tuple[list[float], list[float]]:
            nonlocal n
            answered, after = [], []
            # One warm-up delivery (first imports, first connections), not counted.
            for i in range(args.count + 1):
                raw, day = announcement(n, spec.address, tag=f"latency-{spec.name}")
                n += 1
                waits = daemon.log.count("event=imap.waiting")
                sent_at, answered_at = deliver(raw)
                seen_at = wait_visible(view, spec.name, day, poll_s, deadline)
                if i:
                    answered.append(answered_at - sent_at)
                    after.append(seen_at - answered_at)
                if in_idle:
                    watcher_waiting(waits)
            return answered, after

        watcher_waiting(0)
        idle_rt, idle_after = run(IMAP_LIST, deliver_imap, in_idle=True)
        _, burst_after = run(IMAP_LIST, deliver_imap, in_idle=False)
        smtp_rt, smtp_after = run(SMTP_LIST, deliver_smtp, in_idle=False)
        cost = poll_cost(view, IMAP_LIST.name)
        imap.logout()
        smtp.quit()
        view.close()

        print(f"latency, delivery to meeting in the store ({args.count} messages per series, one at a time)")
        figure(
            f"  polling: every {args.poll_ms:g} ms + one read-only query of {cost * 1e6:.0f} us "
            f"(resolution about {args.poll_ms + cost * 1000:.1f} ms)"
        )
        print("IMAP, each message sent while the watcher IDLEs (Dovecot delays IDLE by a fixed 500 ms):")
        show("APPEND answered -> in store", idle_after)
        show("  the same minus the 500 ms floor", [v - 0.5 for v in idle_after])
        show("APPEND round trip", idle_rt)
        print("IMAP, back to back (the next APPEND as soon as the last meeting is stored):")
        show("APPEND answered -> in store", burst_after)
        print("SMTP listener (250 is answered only after the commit):")
        show("DATA answered (250) -> in store", smtp_after)
        show("MAIL FROM..250 round trip", smtp_rt)
        print(f"total run time {time.monotonic() - started:.1f} s")
        return 0
    finally:
        if daemon is not None:
            daemon.close()
        dovecot.close()
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
