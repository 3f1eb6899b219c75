"""Detection throughput against dateparser, and linearity on hostile inputs.

    python3 benchmarks/detect_bench.py [--archive PATH] [--count N] [--no-dateparser]

Reads the first N messages (default 2,000) of a real list archive (default: the OpenBMC mbox of the
shared corpus, beside the repository), then, over the same messages and in the same run:
- listminder: bot.mail.parse + bot.detect.detect (messages per second, one core);
- dateparser: search_dates(subject + own text, languages=["en"], RELATIVE_BASE = the message date).
Times are CPU time (the fastest of --repeat runs for listminder, one run for dateparser, which is
slow), so that other work on a shared machine disturbs them less. dateparser comes with the bench
extra (pip install -e '.[test,bench]'); without it the comparison is skipped, and said so.
Then the same over the mail of another folder (default: the shared corpus's dev2) that is mostly in
another language than English (French, German, Spanish), read with those languages' rules. Then it
times detection on inputs that grow (a line of digits up to 1 MB, up to ten thousand dates)
and prints the time per kilobyte, which stays flat when the rules are linear.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from harness import DEFAULT_CORPUS, figure, timed

from bot.detect import DetectOptions, detect, read_text
from bot.detect.message import message_grammar
from bot.mail import Mail, parse
from bot.sources.archive import iter_messages

DEFAULT_ARCHIVE = DEFAULT_CORPUS / "openbmc-2019-2020.mboxrd.gz"
DEFAULT_OTHER_LANGUAGES = DEFAULT_CORPUS.parent / "dev2" / "mail"
REFERENCE = datetime(2019, 6, 1, 12, 0, tzinfo=UTC)


def load(archive: Path, count: int) -> list[bytes]:
    raws: list[bytes] = []
    for _, raw in iter_messages(archive):
        raws.append(raw)
        if len(raws) >= count:
            break
    return raws


def bench_listminder(raws: list[bytes], repeat: int) -> tuple[float, int, list[Mail]]:
    """The fastest of ``repeat`` runs of parse + detect over all messages."""
    options = DetectOptions()
    best = float("inf")
    for _ in range(repeat):
        mails: list[Mail] = []
        meetings = 0
        start = time.process_time()
        for raw in raws:
            mail = parse(raw)
            meetings += len(detect(mail, options, REFERENCE))
            mails.append(mail)
        best = min(best, time.process_time() - start)
    return best, meetings, mails


def other_languages(folder: Path, repeat: int) -> None:
    """Parse + detect over the messages of ``folder`` mostly in another language than English."""
    options = DetectOptions()
    raws = [raw for path in sorted(folder.glob("*.eml")) if _not_english(raw := path.read_bytes(), options)]
    if not raws:
        print(f"no mail in another language than English in {folder}")
        return
    seconds, meetings, _ = bench_listminder(raws, repeat)
    rate = len(raws) / seconds
    figure(f"other languages, parse+detect: {rate:9.1f} msg/s ({len(raws)} messages, {meetings} meetings)")


def _not_english(raw: bytes, options: DetectOptions) -> bool:
    return message_grammar(parse(raw), options).code != "en"


def inference_share(mails: list[Mail], with_model_s: float, repeat: int) -> None:
    """The learned decision's cost: the same detection with the hand rules deciding instead, side by
    side (both compute the candidates' features; the difference is the model's sums)."""
    rules = DetectOptions(rules_only=True)
    rules_s = timed(lambda: [detect(m, rules, REFERENCE) for m in mails], repeat)
    figure(f"listminder detect, rules deciding: {len(mails) / rules_s:9.1f} msg/s")
    per_msg_us = (with_model_s - rules_s) / len(mails) * 1e6
    figure(f"model inference: {per_msg_us:.1f} us/msg, {with_model_s / rules_s:.2f}x rules")


def bench_dateparser(mails: list[Mail]) -> tuple[float, int]:
    from dateparser.search import search_dates

    found = 0
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for mail in mails:
            base = (mail.date or REFERENCE).replace(tzinfo=None)
            text = f"{mail.subject}\n{mail.text}"
            hits = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
            found += len(hits or [])
    return time.process_time() - start, found


def compare_with_dateparser(mails: list[Mail], ours_per_s: float) -> None:
    if importlib.util.find_spec("dateparser") is None:
        print("dateparser search_dates: not installed (pip install -e '.[test,bench]'), no comparison")
        return
    seconds, dates = bench_dateparser(mails)
    theirs_per_s = len(mails) / seconds
    figure(f"dateparser search_dates: {theirs_per_s:9.1f} msg/s ({seconds:.2f} s, {dates} dates)")
    figure(f"ratio: listminder is {ours_per_s / theirs_per_s:.1f}x dateparser's rate")


Shapes = dict[str, Callable[[int], str]]
SPARSE: Shapes = {
    "line of digits": lambda n: "7" * n,
    "dates in one line": lambda n: "meeting on 12 February 2007, " * (n // 29),
    "dates on lines": lambda n: "The call is on Monday 3/4 at 10:00 UTC.\n" * (n // 40),
    "dots and slashes": lambda n: "1.2/3-4:5 " * (n // 10),
}
# A gathering word, so that the dates are read to the end rather than passed over.
MEETING = "Working group meeting.\n"
# A date every few characters in text with no sentence break: each date's clause once ran to the ends of
# the text (time grew with the square of its length: 92 s of CPU for 100 KB of "Tue:" rows, now 10 s).
DENSE: Shapes = {
    "weekday row labels": lambda n: MEETING + "Tue:\n" * (n // 5),
    "possessive weekdays": lambda n: MEETING + "Friday's " * (n // 9),
}


def linearity() -> None:
    print("\nlinearity (time per MB should stay flat as the input grows):")
    _linearity(SPARSE, (125_000, 250_000, 500_000, 1_000_000))
    _linearity(DENSE, (12_500, 25_000, 50_000, 100_000))
    _many_dated_lines()


def _linearity(shapes: Shapes, sizes: tuple[int, ...]) -> None:
    for name, make in shapes.items():
        row = []
        for size in sizes:
            text = make(size)
            seconds = timed(partial(read_text, text, REFERENCE, "DMY", topic="x"))
            per_mb = seconds / len(text) * 1e6
            row.append(f"{len(text) // 1000:>5} KB {seconds:6.2f} s ({per_mb:6.1f} s/MB)")
        figure(f"  {name:19} " + " | ".join(row))


def _many_dated_lines() -> None:
    many = "\n".join(f"Workshop {i}: {1 + i % 28} March 2030 at 10:00 UTC." for i in range(10_000))
    seconds = timed(lambda: read_text(many, REFERENCE, "DMY"))
    figure(f"  ten thousand dated lines ({len(many) // 1000} KB): {seconds:.2f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--no-dateparser", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="listminder runs; the fastest counts")
    ap.add_argument("--no-linearity", action="store_true")
    ap.add_argument("--other-languages", type=Path, default=DEFAULT_OTHER_LANGUAGES)
    args = ap.parse_args()
    raws = load(args.archive, args.count)
    print(f"{len(raws)} messages from {args.archive.name}")
    seconds, meetings, mails = bench_listminder(raws, args.repeat)
    ours = len(raws) / seconds
    figure(f"listminder parse+detect: {ours:9.1f} msg/s ({seconds:.2f} s, {meetings} meetings)")
    detect_only = timed(lambda: [detect(m, DetectOptions(), REFERENCE) for m in mails], args.repeat)
    figure(f"listminder detect only:  {len(mails) / detect_only:9.1f} msg/s")
    inference_share(mails, detect_only, args.repeat)
    if not args.no_dateparser:
        compare_with_dateparser(mails, ours)
    if args.other_languages.is_dir():
        other_languages(args.other_languages, args.repeat)
    if not args.no_linearity:
        linearity()
    return 0


if __name__ == "__main__":
    sys.exit(main())
