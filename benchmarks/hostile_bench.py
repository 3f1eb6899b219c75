"""Does the time to read a hostile message grow no faster than the message?

    python benchmarks/hostile_bench.py [--scales 1,2,4,8] [--repeat 3] [--only NAME] [--thread]

For each pathological shape of tests/hostile.py (deep MIME nesting, huge headers, lying charsets, NUL
bytes, a megabyte line of digits, ten thousand dates, quotes a thousand deep, ...), at sizes 1x, 2x,
4x and 8x: the CPU time of bot.mail.parse + bot.detect.detect (best of ``--repeat``), the time per
input byte, and the ratio of the largest size's per-byte time to the smallest's. A ratio near 1 (or
below) is linear; near 2 with each doubling of size would be quadratic. Runs in a minute or two.
With ``--thread`` each message is read as a reply in a thread whose meeting is still ahead, so that
the rules of bot.detect.thread (moves, corrections, dateless cancellations) run over it as well.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta

from harness import figure

from bot.detect import NO_THREAD, DetectOptions, ThreadContext, ThreadMeeting, detect
from bot.mail import parse
from bot.meeting import MeetingDetails, MeetingStatus, When
from tests.hostile import SHAPES

OPTIONS = DetectOptions(time_zone="UTC", date_order="DMY")
RECEIVED = datetime(2031, 2, 3, 10, tzinfo=UTC)
AHEAD = ThreadMeeting(
    "ahead@bench.test",
    1,
    MeetingDetails(
        "weekly call", When(RECEIVED + timedelta(days=3), None, "UTC"), None, MeetingStatus.CONFIRMED
    ),
)
# Above this per-byte growth from the smallest to the largest size, the shape is flagged.
SUPERLINEAR = 1.6


def cost(raw: bytes, repeat: int, thread: ThreadContext = NO_THREAD) -> tuple[float, float]:
    """Best parse and detect CPU seconds over ``repeat`` runs."""
    best_parse = best_detect = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        mail = parse(raw)
        t1 = time.process_time()
        detect(mail, OPTIONS, RECEIVED, thread)
        t2 = time.process_time()
        best_parse, best_detect = min(best_parse, t1 - t0), min(best_detect, t2 - t1)
    return best_parse, best_detect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scales", default="1,2,4,8")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="a shape's name (repeatable)")
    parser.add_argument("--thread", action="store_true", help="read each as a reply in a thread")
    args = parser.parse_args(argv)
    thread = ThreadContext(meetings=(AHEAD,)) if args.thread else NO_THREAD
    scales = [int(s) for s in args.scales.split(",")]
    names = args.only or list(SHAPES)
    print(f"{'shape':<16} {'size':>5} {'bytes':>10} {'parse ms':>9} {'detect ms':>10} {'ns/byte':>9}")
    summary = []
    for name in names:
        per_byte = []
        for scale in scales:
            raw = SHAPES[name](scale)
            # Fewer repeats for the slow large sizes: the minimum of a few runs is enough.
            p, d = cost(raw, args.repeat if scale <= 2 else max(1, args.repeat - 1), thread)
            per_byte.append((p + d) / len(raw))
            figure(
                f"{name:<16} {scale:>4}x {len(raw):>10,} {p * 1000:>9.1f} {d * 1000:>10.1f} "
                f"{per_byte[-1] * 1e9:>9.0f}"
            )
        summary.append((name, per_byte[-1] / per_byte[0]))
    print(f"\nper-byte time, largest size / smallest ({scales[-1]}x / {scales[0]}x):")
    for name, ratio in summary:
        flag = "  <- grows faster than the input" if ratio > SUPERLINEAR else ""
        figure(f"  {name:<16} {ratio:5.2f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
