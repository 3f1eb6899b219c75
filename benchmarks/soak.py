"""Soak and chaos: thousands of real messages while everything around the daemon fails, on loopback.

    python benchmarks/soak.py [--messages 5000] [--corpus PATH] [--dovecot-restarts 4] [--kills 4]
                              [--sink-outages 2] [--outage-s 65] [--limit-s 900] [--drain-s 300]

Real corpus messages (by default the Indology archive under ../shared/corpus/bench, relative to the
repository) go to two lists, one over IMAP (Dovecot, started here) and one over the daemon's SMTP
listener, while Dovecot is restarted, the SMTP server that receives the digests (aiosmtpd, in this
process) is down for stretches, and the daemon is killed with SIGKILL and started again. Digests run
every minute for both lists. After the delivery, the run waits (up to --drain-s) for every digest in
the outbox to be sent: a digest that met the sink down is retried after the sender's first back-off
(60 s). Then it prints the counts: every message stored exactly once, no meeting twice, every digest
received by the sink exactly once. Everything stops by itself within --limit-s + --drain-s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import DEFAULT_CORPUS, Dovecot, Workspace, figure

from tests.soak import SoakPlan, run_soak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS / "indology-1990-2022.pipermail.txt.gz")
    parser.add_argument("--dovecot-restarts", type=int, default=4)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--sink-outages", type=int, default=2)
    parser.add_argument("--outage-s", type=float, default=65.0)
    parser.add_argument("--limit-s", type=float, default=900.0)
    parser.add_argument("--drain-s", type=float, default=300.0)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (give --corpus)")
    plan = SoakPlan(
        corpus=args.corpus,
        messages=args.messages,
        dovecot_restarts=args.dovecot_restarts,
        daemon_kills=args.kills,
        sink_outages=args.sink_outages,
        limit_s=args.limit_s,
        drain_s=args.drain_s,
        outage_s=args.outage_s,
    )
    dovecot = Dovecot(users={"list": "listpw"})
    ws = Workspace()
    try:
        dovecot.start()
        report = run_soak(plan, ws.folder, dovecot)
    finally:
        dovecot.close()
        ws.close()
    for line in report.lines():
        figure(line)
    ok = (
        all(not keys for keys in report.missing.values())
        and all(not keys for keys in report.duplicated.values())
        and all(not keys for keys in report.unexpected.values())
        and not report.duplicate_meetings
        and not report.digests_received_twice()
        and not report.digests_sent_not_received()
        and not report.digests_received_unknown()
        and not report.digests_unsent()
    )
    print("verdict:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
