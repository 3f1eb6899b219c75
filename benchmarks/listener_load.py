"""The SMTP listener under load: many concurrent sessions against the real daemon and a real store.

    python benchmarks/listener_load.py [--clients 20] [--messages 2000] [--limit-s 300]

The daemon runs as a subprocess (`listminder run`, one list delivered to its listener, a fresh SQLite
file); this process opens ``--clients`` concurrent SMTP sessions on loopback and sends ``--messages``
small announcements (unique Message-ID and meeting day each), with an oversized message every 100th
and one for a foreign address every 50th. It prints messages per second and checks the store: every
message answered 250 is stored exactly once, none is missing, nothing refused is stored, and every
oversized (552) or foreign (550) message was refused.

Baseline, in the same run and against the same daemon first: ``--baseline-messages`` sent by a single
client, one after the other, i.e. one message per transaction; the figure to compare is the ratio of
the concurrent rate to it (concurrent deliveries share commits: bot/group_intake.py).

Rates are wall-clock (they hold the waits for the disk, which shared commits save), so the daemon's own
CPU time per accepted message, read from /proc, is printed beside them for each phase: other work on a
shared machine moves it much less. The machine's load is printed beside every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from harness import (
    ListSpec,
    StoreView,
    figure,
    listener_daemon,
    process_cpu_s,
)

from tests.smtp_load import LoadResult, mixed_messages, run_load

LIST = ListSpec("load", "load@bench.test")
MAX_BYTES = 64_000
T = TypeVar("T")


def with_daemon_cpu(pid: int, phase: Callable[[], T]) -> tuple[T, float]:
    """The phase's result and the CPU seconds the daemon spent while it ran."""
    before = process_cpu_s(pid)
    result = phase()
    return result, process_cpu_s(pid) - before


def cpu_ms_per_message(cpu_s: float, result: LoadResult) -> float:
    return cpu_s * 1000 / max(1, len(result.accepted()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--limit-s", type=float, default=300.0, help="the sending stops by itself then")
    parser.add_argument("--baseline-messages", type=int, default=500, help="sent first by one client")
    args = parser.parse_args(argv)

    with listener_daemon([LIST], max_message_bytes=MAX_BYTES) as (ws, daemon, port):
        baseline = mixed_messages(
            args.baseline_messages, LIST.address, tag="base", oversized_every=0, foreign_every=0, big=0
        )
        pid = daemon.process.pid
        single, single_cpu_s = with_daemon_cpu(
            pid, lambda: asyncio.run(run_load("127.0.0.1", port, baseline, clients=1, limit_s=args.limit_s))
        )
        messages = mixed_messages(
            args.messages, LIST.address, tag="load", oversized_every=100, foreign_every=50, big=2 * MAX_BYTES
        )
        result, concurrent_cpu_s = with_daemon_cpu(
            pid,
            lambda: asyncio.run(
                run_load("127.0.0.1", port, messages, clients=args.clients, limit_s=args.limit_s)
            ),
        )
        view = StoreView(ws.db)
        stored = view.keys(LIST.name)
        total_rows = view.messages()
        duplicates = view.duplicate_messages()
        meetings = view.scalar("SELECT COUNT(*) FROM meetings")
        view.close()

        kinds = Counter(m.kind for m in messages)
        accepted = {o.message.key for o in result.accepted()} | {o.message.key for o in single.accepted()}
        normal = {m.key for m in messages + baseline if m.kind == "normal"}
        lost = accepted - stored
        unexpected = stored - accepted
        refused_ok = {
            kind: sum(1 for o in result.outcomes if o.message.kind == kind and o.code == code)
            for kind, code in (("oversized", 552), ("foreign", 550))
        }
        retried = sum(1 for o in result.outcomes if o.attempts > 1)
        bytes_sent = sum(len(o.message.raw) for o in result.accepted())
        single_rate = len(single.accepted()) / single.seconds
        concurrent_rate = len(result.accepted()) / result.seconds
        single_cpu_ms = cpu_ms_per_message(single_cpu_s, single)
        concurrent_cpu_ms = cpu_ms_per_message(concurrent_cpu_s, result)

        print(
            f"listener load: {args.clients} concurrent clients, {len(messages)} messages, one daemon, SQLite"
        )
        figure(
            f"  sent in {result.seconds:.1f} s: {concurrent_rate:.0f} accepted messages/s "
            f"({bytes_sent / result.seconds / 1e6:.2f} MB/s), daemon CPU {concurrent_cpu_ms:.2f} ms per "
            f"accepted message; {result.sessions} sessions, {result.disconnects} disconnects, "
            f"{retried} retried after 4xx"
        )
        print(f"  answers by code: {dict(sorted(result.by_code.items()))}")
        figure(
            f"  baseline, one client first: {len(single.accepted())} of {len(baseline)} accepted in "
            f"{single.seconds:.1f} s, {single_rate:.0f} messages/s, daemon CPU {single_cpu_ms:.2f} ms per "
            f"message"
        )
        figure(
            f"  concurrent / one client: {concurrent_rate / single_rate:.2f}x the rate, "
            f"{concurrent_cpu_ms / single_cpu_ms:.2f}x the daemon CPU per message"
        )
        print(
            f"  accepted {len(accepted)} of {len(normal)} deliverable (both phases); "
            f"stored rows {total_rows}, duplicates {duplicates}, accepted but lost {len(lost)}, "
            f"stored but not accepted {len(unexpected)}; meetings {meetings}"
        )
        print(
            f"  oversized refused with 552: {refused_ok['oversized']} of {kinds['oversized']}; "
            f"foreign recipient refused with 550: {refused_ok['foreign']} of {kinds['foreign']}"
        )
        ok = (
            accepted == normal
            and not lost
            and not unexpected
            and duplicates == 0
            and refused_ok["oversized"] == kinds["oversized"]
            and refused_ok["foreign"] == kinds["foreign"]
            and "Traceback" not in daemon.log
        )
        print("  verdict:", "OK" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
