"""Rule 4, gathering cues: a date is a meeting only when the text ties it to a gathering.

Each cue family is one precompiled pattern, found once per text; a date then asks, by binary search,
which cues stand in its clause, its sentence, the sentence before, or the subject. Deadline words in
the date's own clause rule it out ("abstracts are due 31 October"); weaker non-meeting words (release,
patch, holiday) only when they are nearer to the date than any gathering word.

The words are a language's lexicon (bot/lexicon); this module holds how they are put together, in one
``CueRules`` per language.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bot.detect.lexicon import literal_alternation, once_per_language
from bot.lexicon import ENGLISH, Lexicon
from bot.lexicon.patterns import alternation, by_first_letter, not_after, optional

_CLAUSE_BREAK = re.compile(r"[;,()]|\s-\s|\n[ \t]*\n")
# How far before a happening word the vote it may be about is looked for.
_NOT_GATHERING_REACH = 60


@dataclass(frozen=True, slots=True)
class CueRules:
    """One language's cue patterns, compiled from its lexicon."""

    # The words that tie a date to a gathering, each a pattern starting with a plain letter, and a
    # substring of each of them (``stems``): a text without any stem (most list traffic) is passed
    # over with substring searches, which cost a fraction of running the pattern.
    words: tuple[str, ...]
    stems: tuple[str, ...]
    # Not after a word character: the word boundary, as every alternative starts with a letter.
    gathering: re.Pattern[str]
    # In a language that joins its nouns, a gathering word ending a longer one ("Entwicklertreffen").
    compound: re.Pattern[str] | None
    # What is held or takes place may be a vote: then "held" ties no date ("the ballot will be held
    # from 1 to 14 May"); a gathering named beside it still does ("elections will be held at the
    # assembly"). Read only before each happening word found, which are few.
    happening: re.Pattern[str]
    happening_letters: frozenset[str]
    not_gathering_before: re.Pattern[str]
    # Ruled out when in the date's clause at all.
    strong_negative: re.Pattern[str]
    # Ruled out only when nearer to the date than any gathering word.
    weak_negative: re.Pattern[str]
    # "by 5 May", "before 5 May", "registration closes on 5 May", "early-bird ends 5 May": the date
    # is a limit, not an occasion; "open until 10 June" too, but not "postponed until 10 June".
    limit_before: re.Pattern[str]
    until_before: re.Pattern[str]
    moved_before: re.Pattern[str]
    # "today" in a sentence of thanks or in the past tense: a session that is over.
    past_today: re.Pattern[str]
    # "held 2021-06-09", "took place on 3 May": the date of something that happened.
    past_before: re.Pattern[str]
    # A date followed by a time with seconds is a timestamp (a pasted header, a log line).
    timestamp_after: re.Pattern[str]
    # The learned decision's word families (``Lexicon.activities``, ``not_occasions``); None when the
    # language has none.
    activity: re.Pattern[str] | None = None
    not_occasion: re.Pattern[str] | None = None

    @classmethod
    def of(cls, lexicon: Lexicon) -> CueRules:
        return _cue_rules(lexicon)


@once_per_language
def _cue_rules(lexicon: Lexicon) -> CueRules:
    words = lexicon.gathering_words()
    happenings = lexicon.happening_words()
    the = optional(lexicon.articles)
    # A day's name with its date in brackets after a limit word: "bis Sonntag (18.1.)", "by Friday (May
    # 3)"; only a weekday's: "before the conference (Wednesday 7th March)" sets no limit.
    weekday = literal_alternation(tuple(spelling for day in lexicon.weekdays for spelling in day))
    day_before_bracket = rf"(?:{weekday}\.?,?\s*\(\s*)?" if lexicon.weekdays else ""
    return CueRules(
        words=words,
        stems=lexicon.gathering_stems,
        gathering=re.compile(r"(?<!\w)(?:" + by_first_letter(words) + ")"),
        compound=re.compile(rf"\B{alternation(lexicon.compound_tails)}") if lexicon.compound_tails else None,
        happening=re.compile(by_first_letter(happenings)),
        happening_letters=frozenset(word[0] for word in happenings),
        not_gathering_before=re.compile(rf"(?<!\w){alternation(lexicon.not_gatherings)}\b[^.;!?\n]{{0,40}}$"),
        strong_negative=re.compile(rf"\b{alternation(lexicon.strong_negatives)}\b"),
        weak_negative=re.compile(rf"\b{alternation(lexicon.weak_negatives)}\b"),
        limit_before=re.compile(rf"(?i)\b{alternation(lexicon.limits)}\s*{the}{day_before_bracket}$"),
        until_before=re.compile(rf"(?i)\b{alternation(lexicon.until)}\s*{the}{day_before_bracket}$"),
        moved_before=re.compile(rf"(?i)\b{alternation(lexicon.moves)}\b"),
        past_today=re.compile(rf"(?i)\b{alternation(lexicon.past_today)}\b"),
        past_before=re.compile(
            rf"(?i){not_after(lexicon.past_not_after)}\b{alternation(lexicon.past_before)}\s+"
            rf"{optional(lexicon.prepositions)}{the}$"
        ),
        timestamp_after=re.compile(
            rf"[\s,]{{0,3}}(?:\d{{2,4}}\s+)?{optional(lexicon.at)}\d{{1,2}}:\d\d:\d\d"
        ),
        activity=_family(lexicon.activities),
        not_occasion=_family(lexicon.not_occasions),
    )


def _family(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(rf"\b{alternation(words)}\b") if words else None


def family_in(pattern: re.Pattern[str] | None, low: str, start: int, end: int) -> bool:
    """Whether a word of the family stands in ``low[start:end]``."""
    return pattern is not None and pattern.search(low, start, end) is not None


@dataclass(frozen=True, slots=True)
class CueIndex:
    """Positions of each cue family in one text."""

    gathering: tuple[int, ...]
    strong_negative: tuple[int, ...]
    weak_negative: tuple[int, ...]
    clause_breaks: tuple[int, ...]
    low: str = ""


ENGLISH_CUES = CueRules.of(ENGLISH)
# English's, for the tests of the lexicon's gathering words.
GATHERING_WORDS = ENGLISH_CUES.words
GATHERING_STEMS = ENGLISH_CUES.stems


def gathering_positions(low: str, rules: CueRules = ENGLISH_CUES) -> tuple[int, ...]:
    """Where gathering words stand in a lower-cased text (the patterns are lower case for speed)."""
    if not any(stem in low for stem in rules.stems):
        return ()
    found = tuple(m.start() for m in rules.gathering.finditer(low))
    if rules.compound is not None:
        found = tuple(sorted({*found, *(m.start() for m in rules.compound.finditer(low))}))
    return _without_votes_held(rules, low, found) if found else found


def _without_votes_held(rules: CueRules, low: str, found: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(position for position in found if not _is_vote_held(rules, low, position))


def _is_vote_held(rules: CueRules, low: str, position: int) -> bool:
    return (
        low[position] in rules.happening_letters
        and rules.happening.match(low, position) is not None
        and rules.not_gathering_before.search(low, max(0, position - _NOT_GATHERING_REACH), position)
        is not None
    )


def index(rules: CueRules, low: str, gathering: tuple[int, ...] | None = None) -> CueIndex:
    """Every cue family of a lower-cased text; ``gathering`` when the caller has found them already."""
    return CueIndex(
        gathering=gathering_positions(low, rules) if gathering is None else gathering,
        strong_negative=tuple(m.start() for m in rules.strong_negative.finditer(low)),
        weak_negative=tuple(m.start() for m in rules.weak_negative.finditer(low)),
        clause_breaks=tuple(m.start() for m in _CLAUSE_BREAK.finditer(low)),
        low=low,
    )


def has_gathering(rules: CueRules, text: str) -> bool:
    low = text.lower()
    if any(not _is_vote_held(rules, low, m.start()) for m in rules.gathering.finditer(low)):
        return True
    return rules.compound is not None and rules.compound.search(low) is not None


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


# The farthest a clause reaches on either side of its date: longer than any sentence people write.
CLAUSE_REACH = 400


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
    # Text with no breaks (a flattened table, thousands of rows of "Tue:") is no one clause: reading it
    # whole for each of its dates would make the message's time grow with the square of its length.
    return max(lo, start - CLAUSE_REACH), min(hi, end + CLAUSE_REACH)


def is_limit(rules: CueRules, text: str, start: int) -> bool:
    if rules.limit_before.search(text, max(0, start - 35), start) is not None:
        return True
    # "open until 10 June" is a limit; "postponed until 10 June" is a new date.
    return rules.until_before.search(text, max(0, start - 30), start) is not None and not (
        rules.moved_before.search(text, max(0, start - 50), start)
    )


def is_past_or_timestamp(rules: CueRules, text: str, start: int, end: int) -> bool:
    return (
        rules.past_before.search(text, max(0, start - 25), start) is not None
        or rules.timestamp_after.match(text, end) is not None
    )
