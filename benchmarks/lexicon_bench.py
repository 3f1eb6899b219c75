"""Do the word families and the language judge read hostile text in time that grows with the text?

    python benchmarks/lexicon_bench.py [--sizes 5000,10000,20000] [--repeat 3]

Two measures, each at growing sizes, as CPU time (best of ``--repeat``) per input character:
- every French, German and Spanish regex family joined as the rules find them (at a word's start),
  run over runs of the words that start a phrase ("schlage ", "ich kann ", "la ", "é", "? ", ...);
- ``bot.lexicon.language.paragraph_languages`` over blank lines, one-letter words, accented letters and
  question marks by the hundred thousand.
The last column is the per-character time at the largest size over the smallest: near 1 (or below) is
linear, near the size ratio is quadratic; above 1.6 the row is flagged. These were tests with a time
budget; a budget fails on a loaded machine and says nothing on an idle one, so they are measured here.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from functools import partial

from harness import figure, timed

from bot.lexicon import LEXICONS
from bot.lexicon.language import paragraph_languages
from bot.lexicon.model import Lexicon
from bot.lexicon.patterns import alternation
from tests.lexicon.test_families import REGEX_FAMILIES

SUPERLINEAR = 1.6
FAMILY_UNITS = ("schlage ", "findet ", "fällt ", "ich kann ", "nos ", "la ", "se ", "a ", "é", "? ")
LANGUAGE_UNITS = ("\n\n", "a ", "é", "?" * 99 + "\n\n")


def family_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    words = [word for family in REGEX_FAMILIES for word in getattr(lexicon, family)]
    return re.compile(rf"(?<!\w){alternation((*words, *lexicon.gathering_words()))}")


def row(name: str, sizes: list[int], repeat: int, read: Callable[[int], Callable[[], object]]) -> None:
    per_char = [timed(read(size), repeat) / size for size in sizes]
    ratio = per_char[-1] / per_char[0] if per_char[0] else 0.0
    flag = "  <- grows faster than the input" if ratio > SUPERLINEAR else ""
    cells = " ".join(f"{value * 1e9:>9.0f}" for value in per_char)
    figure(f"{name:<24} {cells} {ratio:>6.2f}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="5000,10000,20000", help="repetitions of each unit")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'input':<24} " + " ".join(f"{f'ns/ch {s}':>9}" for s in sizes) + f" {'ratio':>6}")
    for code in ("fr", "de", "es"):
        pattern = family_pattern(LEXICONS[code])
        for unit in FAMILY_UNITS:
            row(f"{code} families {unit!r}", sizes, args.repeat, partial(find_all, pattern, unit))
    for unit in LANGUAGE_UNITS:
        row(f"language {unit[:6]!r}", sizes, args.repeat, partial(judge, unit))
    return 0


def find_all(pattern: re.Pattern[str], unit: str, size: int) -> Callable[[], object]:
    text = unit * size
    return lambda: sum(1 for _ in pattern.finditer(text))


def judge(unit: str, size: int) -> Callable[[], object]:
    # Four characters per repetition, like the families' units on average.
    text = unit * max(1, size * 4 // len(unit))
    return lambda: paragraph_languages(text)


if __name__ == "__main__":
    sys.exit(main())
