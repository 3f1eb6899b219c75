"""What the "is this mail" check (``bot.mail.sniff.not_mail_reason``) adds to the intake of an archive.

    python benchmarks/archive_bench.py [ARCHIVE ...] [--limit N] [--repeat R]

Each ARCHIVE (by default the two archives of the shared corpus, found next to the repository) is read
into memory; then the check runs over every message, beside ``bot.mail.parse`` over the same messages
(the baseline: the work every message gets anyway). It also counts the entries the reader reports as
holding no message. Times are CPU time, the fastest of R runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import DEFAULT_CORPUS, best_cpu_s, figure

from bot.mail import parse
from bot.mail.sniff import not_mail_reason
from bot.sources.archive import Unreadable, iter_entries

DEFAULT_ARCHIVES = [
    DEFAULT_CORPUS / "openbmc-2019-2020.mboxrd.gz",
    DEFAULT_CORPUS / "indology-1990-2022.pipermail.txt.gz",
]


def _read(archive: str, limit: int) -> tuple[list[bytes], list[Unreadable]]:
    messages: list[bytes] = []
    unreadable: list[Unreadable] = []
    for entry in iter_entries(archive):
        if isinstance(entry, Unreadable):
            unreadable.append(entry)
        else:
            messages.append(entry[1])
        if limit and len(messages) >= limit:
            break
    return messages, unreadable


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("archives", nargs="*", default=[str(a) for a in DEFAULT_ARCHIVES])
    ap.add_argument("--limit", type=int, default=5000, help="at most N messages per archive (0: all)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    for archive in args.archives:
        messages, unreadable = _read(archive, args.limit)
        if not messages:
            print(f"{archive}: no messages", file=sys.stderr)
            return 1
        check = best_cpu_s(messages, not_mail_reason, args.repeat)
        baseline = best_cpu_s(messages, parse, args.repeat)
        print(f"{Path(archive).name}: {len(messages)} messages, {len(unreadable)} unreadable entries")
        figure(f"  check  {len(messages) / check:12,.0f} msg/s  ({check * 1e6 / len(messages):.2f} µs/msg)")
        figure(f"  parse  {len(messages) / baseline:12,.0f} msg/s  (baseline)")
        figure(f"  the check costs {check / baseline:.2%} of parsing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
