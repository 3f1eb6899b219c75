"""Rule 4, gathering cues: a date is a meeting only when the text ties it to a gathering.

Each cue family is one precompiled pattern, found once per text; a date then asks, by binary search,
which cues stand in its clause, its sentence, the sentence before, or the subject. Deadline words in
the date's own clause rule it out ("abstracts are due 31 October"); weaker non-meeting words (release,
patch, holiday) only when they are nearer to the date than any gathering word.

The words are the English lexicon's (bot/lexicon/en.py); this module holds how they are put together.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bot.lexicon import ENGLISH
from bot.lexicon.patterns import alternation, by_first_letter, not_after, optional

LEXICON = ENGLISH
# The words that tie a date to a gathering, each a pattern starting with a plain letter (the lexicon
# the tests check the substring prefilter, GATHERING_STEMS, against).
GATHERING_WORDS: tuple[str, ...] = LEXICON.gathering_words()
# Not after a word character: the word boundary, as every alternative starts with a letter.
GATHERING = re.compile(r"(?<!\w)(?:" + by_first_letter(GATHERING_WORDS) + ")")
# What is held or takes place may be a vote: then "held" ties no date ("the ballot will be held from
# 1 to 14 May"); a gathering named beside it still does ("elections will be held at the assembly").
# Read only before each happening word found, which are few.
_HAPPENING = re.compile(by_first_letter(LEXICON.happening_words()))
_HAPPENING_LETTERS = frozenset(word[0] for word in LEXICON.happening_words())
_NOT_GATHERING_BEFORE = re.compile(rf"(?<!\w){alternation(LEXICON.not_gatherings)}\b[^.;!?\n]{{0,40}}$")
_NOT_GATHERING_REACH = 60
# Ruled out when in the date's clause at all.
STRONG_NEGATIVE = re.compile(rf"\b{alternation(LEXICON.strong_negatives)}\b")
# Ruled out only when nearer to the date than any gathering word.
WEAK_NEGATIVE = re.compile(rf"\b{alternation(LEXICON.weak_negatives)}\b")
# "by 5 May", "before 5 May", "registration closes on 5 May", "early-bird ends 5 May": the date is a
# limit, not an occasion.
LIMIT_BEFORE = re.compile(rf"(?i)\b{alternation(LEXICON.limits)}\s*{optional(LEXICON.articles)}$")
_UNTIL_BEFORE = re.compile(rf"(?i)\b{alternation(LEXICON.until)}\s*{optional(LEXICON.articles)}$")
_MOVED_BEFORE = re.compile(rf"(?i)\b{alternation(LEXICON.moves)}\b")
# "today" in a sentence of thanks or in the past tense: a session that is over.
PAST_TODAY = re.compile(rf"(?i)\b{alternation(LEXICON.past_today)}\b")
# "held 2021-06-09", "took place on 3 May": the date of something that happened.
PAST_BEFORE = re.compile(
    rf"(?i){not_after(LEXICON.past_not_after)}\b{alternation(LEXICON.past_before)}\s+"
    rf"{optional(LEXICON.prepositions)}{optional(LEXICON.articles)}$"
)
# A date followed by a time with seconds is a timestamp (a pasted header, a log line).
TIMESTAMP_AFTER = re.compile(rf"[\s,]{{0,3}}(?:\d{{2,4}}\s+)?{optional(LEXICON.at)}\d{{1,2}}:\d\d:\d\d")
_CLAUSE_BREAK = re.compile(r"[;,()]|\s-\s|\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class CueIndex:
    """Positions of each cue family in one text."""

    gathering: tuple[int, ...]
    strong_negative: tuple[int, ...]
    weak_negative: tuple[int, ...]
    clause_breaks: tuple[int, ...]
    low: str = ""


# Every GATHERING alternative contains one of these: a text without any of them (most list traffic)
# is passed over with substring searches, which cost a fraction of running the pattern.
GATHERING_STEMS = LEXICON.gathering_stems


def gathering_positions(low: str) -> tuple[int, ...]:
    """Where gathering words stand in a lower-cased text (the patterns are lower case for speed)."""
    if not any(stem in low for stem in GATHERING_STEMS):
        return ()
    found = tuple(m.start() for m in GATHERING.finditer(low))
    return _without_votes_held(low, found) if found else found


def _without_votes_held(low: str, found: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(position for position in found if not _is_vote_held(low, position))


def _is_vote_held(low: str, position: int) -> bool:
    return (
        low[position] in _HAPPENING_LETTERS
        and _HAPPENING.match(low, position) is not None
        and _NOT_GATHERING_BEFORE.search(low, max(0, position - _NOT_GATHERING_REACH), position) is not None
    )


def index(low: str, gathering: tuple[int, ...] | None = None) -> CueIndex:
    """Every cue family of a lower-cased text; ``gathering`` when the caller has found them already."""
    return CueIndex(
        gathering=gathering_positions(low) if gathering is None else gathering,
        strong_negative=tuple(m.start() for m in STRONG_NEGATIVE.finditer(low)),
        weak_negative=tuple(m.start() for m in WEAK_NEGATIVE.finditer(low)),
        clause_breaks=tuple(m.start() for m in _CLAUSE_BREAK.finditer(low)),
        low=low,
    )


def has_gathering(text: str) -> bool:
    low = text.lower()
    return any(not _is_vote_held(low, m.start()) for m in GATHERING.finditer(low))


def any_in(positions: tuple[int, ...], start: int, end: int) -> bool:
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def nearest(positions: tuple[int, ...], start: int, end: int, lo: int, hi: int) -> int | None:
    """Distance from the span [start, end) to the nearest position within [lo, hi), or None."""
    best: int | None = None
    i = bisect_left(positions, start) - 1
    if i >= 0 and positions[i] >= lo:
        best = start - positions[i]
    j = bisect_left(positions, end)
    if j < len(positions) and positions[j] < hi:
        d = positions[j] - end
        best = d if best is None else min(best, d)
    return best


def clause(idx: CueIndex, start: int, end: int, unit: tuple[int, int]) -> tuple[int, int]:
    """The clause around a date span: from the last break before it to the first one after it.

    A colon does not break: in "Deadline: 5 May" the label governs the value. A date in parentheses
    right after words ("spec freeze next Thursday (Mar 13)") restates them: it reads the clause before.
    """
    i = bisect_left(idx.clause_breaks, start) - 1
    if i >= 0 and idx.clause_breaks[i] == start - 1 and idx.low[start - 1] == "(":
        i -= 1
    lo = max(unit[0], idx.clause_breaks[i] + 1) if i >= 0 else unit[0]
    j = bisect_right(idx.clause_breaks, end - 1)
    # Breaks inside the date itself ("Monday, 12 February, 2007") do not count.
    while j < len(idx.clause_breaks) and idx.clause_breaks[j] < end:
        j += 1
    hi = min(unit[1], idx.clause_breaks[j]) if j < len(idx.clause_breaks) else unit[1]
    return lo, hi


def is_limit(text: str, start: int) -> bool:
    if LIMIT_BEFORE.search(text, max(0, start - 20), start) is not None:
        return True
    # "open until 10 June" is a limit; "postponed until 10 June" is a new date.
    return _UNTIL_BEFORE.search(text, max(0, start - 12), start) is not None and not _MOVED_BEFORE.search(
        text, max(0, start - 50), start
    )


def is_past_or_timestamp(text: str, start: int, end: int) -> bool:
    return (
        PAST_BEFORE.search(text, max(0, start - 25), start) is not None
        or TIMESTAMP_AFTER.match(text, end) is not None
    )
