"""One language's rules, gathered: what the pipeline reads a text with.

Each rule module compiles its patterns from a lexicon into a frozen value (``DateRules``,
``CueRules``, ...), made once per language; a ``Grammar`` holds one of each, so that a text is read
with the rules of its language and adding a language is adding its lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.detect.cues import CueRules
from bot.detect.dates import DateRules
from bot.detect.describe import DescribeRules
from bot.detect.layout import LayoutRules
from bot.detect.lexicon import NameRules, once_per_language
from bot.detect.status import StatusRules
from bot.detect.thread import ThreadRules
from bot.detect.times import TimeRules
from bot.lexicon import ENGLISH, LEXICONS, Lexicon
from bot.lexicon.patterns import alternation


@dataclass(frozen=True, slots=True)
class Grammar:
    """The rules of one language, each compiled from its lexicon."""

    code: str
    names: NameRules
    layout: LayoutRules
    dates: DateRules
    times: TimeRules
    cues: CueRules
    status: StatusRules
    describe: DescribeRules
    thread: ThreadRules
    # Between two dates of one list: "3/27, 4/10", "3/27 and 4/10".
    list_gap: re.Pattern[str]
    # A Subject that reports on a meeting held ("Notes 04/08", "- results") announces none.
    report_subject: re.Pattern[str]
    # Between a list's last date and its time, giving the time to every date of the list: "jeweils".
    every_date: re.Pattern[str] | None

    @classmethod
    def of(cls, lexicon: Lexicon) -> Grammar:
        return _grammar(lexicon)


@once_per_language
def _grammar(lexicon: Lexicon) -> Grammar:
    joiner = alternation(lexicon.list_joiners)
    return Grammar(
        code=lexicon.code,
        names=NameRules.of(lexicon),
        layout=LayoutRules.of(lexicon),
        dates=DateRules.of(lexicon),
        times=TimeRules.of(lexicon),
        cues=CueRules.of(lexicon),
        status=StatusRules.of(lexicon),
        describe=DescribeRules.of(lexicon),
        thread=ThreadRules.of(lexicon),
        list_gap=re.compile(rf"[ \t]*(?:,[ \t]*(?:{joiner}[ \t]+)?|[ \t]+{joiner}[ \t]+)"),
        report_subject=re.compile(rf"(?i)\b{alternation(lexicon.reports)}\b"),
        every_date=re.compile(rf"(?i)\b{alternation(lexicon.every_date)}\b") if lexicon.every_date else None,
    )


def grammar_of(code: str) -> Grammar:
    """The grammar of the language ``code`` names ("en", "fr", ...)."""
    return Grammar.of(LEXICONS[code])


ENGLISH_GRAMMAR = Grammar.of(ENGLISH)
