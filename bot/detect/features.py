"""Stage 2, features: what a learned decision may weigh about one date candidate.

A candidate's features are names (strings), each present or absent. Two kinds:
- signals: what the hand rules see (a gathering word in the date's clause, a deadline word, a time
  attached, the Subject's words...), named ``tie:``, ``neg:``, ``has:`` and so on;
- words: the words around the date, by where they stand: ``c:`` its clause, ``s:`` its sentence,
  ``p:`` the sentence before, ``n:`` the sentence after, ``subj:`` the Subject, and word pairs of the
  clause (``c2:``). Words are read in a bounded window around the date, so that a candidate costs the
  same however long its sentence.

The names are hashed into a fixed number of buckets by the model (``bot.detect.decision``), so an
unseen word costs nothing and the model's size does not grow with the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bot.lexicon import LEXICONS, MONTH_NAMES, WEEKDAY_NAMES

_WORD = re.compile(r"[a-z][a-z'-]{1,24}")
# The names in dates, in every language the lexicon knows, and ordinal suffixes ("th"): as words they
# say nothing of a gathering, and another date of the sentence ("Monday" beside "Tuesday 13") would
# only weigh its weekday's luck in the training mail. "may" stays a word: it is also a hedge.
_DATE_WORDS = frozenset(
    {name for names in (*MONTH_NAMES.values(), *WEEKDAY_NAMES.values()) for one in names for name in one}
    | {suffix for lexicon in LEXICONS.values() for suffix in lexicon.ordinal_suffixes}
) - {"may"}
# Characters read on either side of a date for its words: a sentence or a clause longer than this is
# a list or a paste, and its far end says nothing about this date.
WORD_REACH = 150
# The prefixes of word features, and of the rules' signals: what "the rules" of a candidate are.
WORD_PREFIXES = ("c:", "c2:", "s:", "p:", "n:", "subj:")
RULE_PREFIXES = ("tie:", "neg:", "rule:", "layout:", "status:", "date:", "has:", "text:")
_QUESTION = re.compile(r"\?(?:\s|$)")
_CONDITION = re.compile(r"\b(?:if|unless|whether|in\s+case|provided)\b")
# Bounds (days after the message) of the buckets of how far ahead a date is.
_AHEAD_BUCKETS: tuple[tuple[int, str], ...] = (
    (-1, "past"),
    (0, "0"),
    (7, "1-7"),
    (31, "8-31"),
    (120, "32-120"),
    (400, "121-400"),
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the lower-cased text: [start, end)."""

    start: int
    end: int


def words(low: str, span: Span, centre: Span, reach: int = WORD_REACH) -> list[str]:
    """The words of ``span`` within ``reach`` characters of ``centre`` (the date itself left out)."""
    lo = max(span.start, centre.start - reach)
    hi = min(span.end, centre.end + reach)
    before = _WORD.findall(low, lo, max(lo, centre.start))
    after = _WORD.findall(low, min(hi, centre.end), hi)
    return before + after


def tail_words(low: str, span: Span, reach: int = WORD_REACH) -> list[str]:
    """The last words of ``span`` (the sentence before a date's)."""
    return _WORD.findall(low, max(span.start, span.end - reach), span.end)


def head_words(low: str, span: Span, reach: int = WORD_REACH) -> list[str]:
    """The first words of ``span`` (the sentence after a date's)."""
    return _WORD.findall(low, span.start, min(span.end, span.start + reach))


def all_words(low: str) -> list[str]:
    return _WORD.findall(low)


def word_features(prefix: str, found: Iterable[str]) -> list[str]:
    return [f"{prefix}:{w}" for w in dict.fromkeys(found) if w not in _DATE_WORDS]


def pair_features(prefix: str, found: list[str]) -> list[str]:
    pairs = dict.fromkeys(pairwise(found))
    return [f"{prefix}:{a}_{b}" for a, b in pairs if a not in _DATE_WORDS and b not in _DATE_WORDS]


def near(span: Span, centre: Span, reach: int = WORD_REACH) -> tuple[int, int]:
    """The stretch of ``span`` whose words are read for ``centre``: within ``reach`` of it."""
    return max(span.start, centre.start - reach), min(span.end, centre.end + reach)


def is_question(low: str, span: Span, centre: Span) -> bool:
    """A question mark near the date: in a sentence of a thousand dates, only the nearby words ask."""
    return _QUESTION.search(low, *near(span, centre, 2 * WORD_REACH)) is not None


def is_conditional(low: str, span: Span, centre: Span) -> bool:
    return _CONDITION.search(low, *near(span, centre)) is not None


def ahead(day: date, reference: date | None, end_day: date | None = None) -> str:
    """How far after the message's day the date is, as a bucket name."""
    if reference is None:
        return "ahead:unknown"
    days = (day - reference).days
    if days == 0 and end_day is not None and end_day > reference:
        # A programme that begins the day it is announced is still to come; a same-day single date is
        # often the minutes of that day or a reply to its reminder.
        return "ahead:under_way"
    for bound, name in _AHEAD_BUCKETS:
        if days <= bound:
            return f"ahead:{name}"
    return "ahead:far"
