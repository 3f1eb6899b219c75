"""Throughput of ``bot.mail.parse`` beside a bare ``email.message_from_bytes`` loop on the same messages.

    python benchmarks/mail_bench.py [ARCHIVE] [--limit N] [--repeat R]

ARCHIVE is any path the archive reader takes; by default the OpenBMC mbox of the shared corpus, found
next to the repository. Messages are read into memory first so that only parsing is timed; each loop
runs R times and the fastest run counts. Times are the process's CPU time, so that other work on a
shared machine disturbs the comparison less than it would disturb wall-clock time.
"""

from __future__ import annotations

import argparse
import email
import sys

from harness import DEFAULT_CORPUS, best_cpu_s, figure

from bot.mail import parse
from bot.sources.archive import iter_messages

DEFAULT_ARCHIVE = DEFAULT_CORPUS / "openbmc-2019-2020.mboxrd.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("archive", nargs="?", default=str(DEFAULT_ARCHIVE))
    ap.add_argument("--limit", type=int, default=0, help="read at most N messages (0: all)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    messages: list[bytes] = []
    for _, raw in iter_messages(args.archive):
        messages.append(raw)
        if args.limit and len(messages) >= args.limit:
            break
    if not messages:
        print("no messages", file=sys.stderr)
        return 1
    size = sum(map(len, messages))
    print(f"{len(messages)} messages, {size / 1e6:.1f} MB, from {args.archive}")

    bare = best_cpu_s(messages, email.message_from_bytes, args.repeat)
    ours = best_cpu_s(messages, parse, args.repeat)
    defects = sum(1 for raw in messages if parse(raw).defects)
    figure(f"email.message_from_bytes: {len(messages) / bare:9.0f} msg/s")
    figure(f"bot.mail.parse:           {len(messages) / ours:9.0f} msg/s")
    figure(f"parse / bare time ratio:  {ours / bare:9.2f}")
    print(f"messages with defects:    {defects}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
