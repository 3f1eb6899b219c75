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
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter

from harness import ListSpec, StoreView, Workspace, daemon_env, free_port, start_daemon, write_config

from tests.smtp_load import mixed_messages, run_load

LIST = ListSpec("load", "load@bench.test")
MAX_BYTES = 64_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--limit-s", type=float, default=300.0, help="the sending stops by itself then")
    parser.add_argument("--baseline-messages", type=int, default=500, help="sent first by one client")
    args = parser.parse_args(argv)

    ws = Workspace()
    daemon = None
    try:
        port = free_port()
        write_config(ws, [LIST], port, max_message_bytes=MAX_BYTES)
        daemon = start_daemon(ws, daemon_env(ws, None), imap_lists=0)
        baseline = mixed_messages(
            args.baseline_messages, LIST.address, tag="base", oversized_every=0, foreign_every=0, big=0
        )
        single = asyncio.run(run_load("127.0.0.1", port, baseline, clients=1, limit_s=args.limit_s))
        messages = mixed_messages(
            args.messages, LIST.address, tag="load", oversized_every=100, foreign_every=50, big=2 * MAX_BYTES
        )
        result = asyncio.run(
            run_load("127.0.0.1", port, messages, clients=args.clients, limit_s=args.limit_s)
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

        print(
            f"listener load: {args.clients} concurrent clients, {len(messages)} messages, one daemon, SQLite"
        )
        print(
            f"  sent in {result.seconds:.1f} s: {concurrent_rate:.0f} accepted messages/s "
            f"({bytes_sent / result.seconds / 1e6:.2f} MB/s), {result.sessions} sessions, "
            f"{result.disconnects} disconnects, {retried} retried after 4xx"
        )
        print(f"  answers by code: {dict(sorted(result.by_code.items()))}")
        print(
            f"  baseline, one client first: {len(single.accepted())} of {len(baseline)} accepted in "
            f"{single.seconds:.1f} s, {single_rate:.0f} messages/s; concurrent / one client: "
            f"{concurrent_rate / single_rate:.2f}"
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
    finally:
        if daemon is not None:
            daemon.close()
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
