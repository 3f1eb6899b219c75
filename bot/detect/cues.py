"""Rule 4, gathering cues: a date is a meeting only when the text ties it to a gathering.

Each cue family is one precompiled pattern, found once per text; a date then asks, by binary search,
which cues stand in its clause, its sentence, the sentence before, or the subject. Deadline words in
the date's own clause rule it out ("abstracts are due 31 October"); weaker non-meeting words (release,
patch, holiday) only when they are nearer to the date than any gathering word.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass


def _each(words: str, tail: str) -> list[str]:
    """ "(?:is|are|was) held" as one alternative per leading word, each starting with its letter."""
    return [word + tail for word in words.split("|")]


def _by_first_letter(alternatives: list[str]) -> str:
    """One alternation of ``alternatives`` (each starting with a plain letter) grouped by that letter.

    At a word the engine then checks a score of first letters instead of trying every alternative in
    turn. Only the alternatives starting with the word's letter can match there, and they keep their
    order within the group, so the match at each position is the one the flat alternation finds.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# The words that tie a date to a gathering, each a pattern starting with a plain letter (the lexicon
# the tests check the substring prefilter, GATHERING_STEMS, against).
GATHERING_WORDS: tuple[str, ...] = (
    r"meetings?",
    r"meet-?ups?",
    *_each(
        "will|shall|to|we|let's|let us|can|could|would|should|again",
        r"\s+(?:tentatively\s+|again\s+|next\s+|all\s+)?meet\b",
    ),
    # "We will not meet on Monday", "won't meet next week": a meeting called off is one.
    *_each("not|won't|wont", r"\s+(?:be\s+)?meet(?:ing)?\b"),
    r"meets\b",
    *_each(
        "conference|community|video|phone|zoom|weekly|monthly|bi-?weekly|team|the|a|this|our|next|"
        "regular|open|public|sync|status|planning|triage|project|group|steering|board|committee|"
        "council|editors'?|contributors'?|members'?|maintainers'?|developers'?|dev|users'?",
        r"\s+call\b(?!\s+for\b)",
    ),
    r"calls?\s+(?:on|at|is|will)\b",
    r"telcos?",
    r"tele-?conf(?:erence)?s?",
    r"tele-?cons?\b",
    # The standards bodies' "interim" (meeting between plenaries), not "interim report".
    *_each(
        "an|the|next|virtual|online|in-person|wg|our|this|first|second",
        r"\s+interims?\b(?!\s+(?:reports?|results?|chairs?|directors?|measures?|solutions?|periods?|"
        r"steps?|versions?|releases?|budgets?|updates?|fix(?:es)?|agreements?|arrangements?))",
    ),
    r"conferences?",
    r"sessions?",
    r"consultations?",
    r"workshops?",
    r"summits?",
    r"webinars?",
    r"office\s+hours?",
    r"hack(?:athon|fest|-?days?)s?",
    r"lectures?",
    r"seminars?",
    r"sprints?",
    r"symposi(?:um|a)",
    r"congress(?:es)?",
    r"colloqui(?:um|a)",
    r"round-?[ ]?tables?",
    r"plugfests?",
    r"hangouts?",
    r"get-?togethers?",
    # "release party", "key signing party"; not "third party" or "interested parties".
    *_each(
        "a|our|the|release|launch|install|mapping|hacking|key signing|keysigning|signing|pizza|"
        "christmas|holiday|summer|end-of-year|farewell|welcome|watch",
        r"[ -]part(?:y|ies)\b",
    ),
    r"gatherings?",
    r"retreats?",
    r"tutorials?",
    r"forums?",
    r"conventions?",
    r"panels?",
    r"keynotes?",
    r"bofs?",
    *_each("a|the|hybrid|public|invited|his|her", r"\s+talk"),
    r"talks?\s+(?:by|on)\b",
    r"presentations?",
    r"work\s?groups?",
    r"working\s+groups?",
    r"wg\b",
    r"stand-?ups?",
    r"plenar(?:y|ies)",
    r"assembl(?:y|ies)",
    r"agm\b",
    r"summer\s+school",
    r"winter\s+school",
    r"reading\s+group",
    *_each("will|to", r"\s+be\s+held"),
    *_each("is|are|was", r"\s+held"),
    *_each("takes?|taking", r"[ ]place"),
    r"save[ ]the[ ]date",
    r"join[ ]us",
    r"zoom\.us",
    r"webex",
    r"teams\s+meeting",
    r"google\s+meet",
    r"jitsi",
    r"dial-?in",
    r"learning[ ]series",
    r"outreach",
    r"festival",
    r"viva",
    r"defen[cs]e",
)
# Not after a word character: the word boundary, as every alternative starts with a letter.
GATHERING = re.compile(r"(?<!\w)(?:" + _by_first_letter(list(GATHERING_WORDS)) + ")")
# Ruled out when in the date's clause at all.
STRONG_NEGATIVE = re.compile(
    r"\b(?:deadlines?|due|submissions?|submit(?:ted)?|abstracts?|proposals?\s+(?:are|must|should)|"
    r"registration|register|no\s+later\s+than|closing\s+date|early[\s-]bird|notifications?|"
    r"acceptance|last\s+day|birthday|born|died|passed\s+away|expir(?:e|es|ed|y)|payments?|fees?|"
    r"booking|applications?\s+(?:are|must|close)|cut-?off|feature\s+freeze|code\s+freeze|freeze)\b"
)
# Ruled out only when nearer to the date than any gathering word.
WEAK_NEGATIVE = re.compile(
    r"\b(?:releases?d?|rc\d*|tag(?:ged)?|tarball|published|posted|patch(?:es|set)?|merged|applied|"
    r"holidays?|vacation|out\s+of\s+office|pto|leave|available|sent|wrote|dated|issued|version)\b"
)
# "by 5 May", "before 5 May", "registration closes on 5 May", "early-bird ends 5 May": the date is a
# limit, not an occasion.
LIMIT_BEFORE = re.compile(
    r"(?i)\b(?:by|before|no\s+later\s+than|prior\s+to|(?:clos(?:es|ed|ing)|ends|ending|expires)(?:\s+on)?)"
    r"\s*(?:the\s+)?$"
)
_UNTIL_BEFORE = re.compile(r"(?i)\b(?:until|till|through)\s*(?:the\s+)?$")
_MOVED_BEFORE = re.compile(r"(?i)\b(?:moved|postponed|rescheduled|pushed|deferred|delayed|shifted)\b")
# "today" in a sentence of thanks or in the past tense: a session that is over.
PAST_TODAY = re.compile(r"(?i)\b(?:thanks?|thank\s+you|was|were|had|attended|went|discussed)\b")
# "held 2021-06-09", "took place on 3 May": the date of something that happened.
PAST_BEFORE = re.compile(r"(?i)(?<!\bbe\s)\b(?:held|took\s+place|met|happened)\s+(?:on\s+)?(?:the\s+)?$")
# A date followed by a time with seconds is a timestamp (a pasted header, a log line).
TIMESTAMP_AFTER = re.compile(r"[\s,]{0,3}(?:\d{2,4}\s+)?(?:at\s+)?\d{1,2}:\d\d:\d\d")
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
GATHERING_STEMS = (
    "meet", "call", "tele", "telco", "conferen", "session", "consult", "workshop", "summit", "webinar",
    "office", "hack", "lectur", "seminar", "sprint", "symposi", "congress", "colloqui", "roundtable",
    "round-table", "round table", "round- table", "plugfest", "hangout", "together", "gathering", "retreat",
    "tutorial", "forum", "convention", "panel", "keynote", "bof", "talk", "presentation", "group", "wg",
    "standup", "stand-up", "plenar", "assembl", "agm", "school", "held", "take place", "takes place",
    "taking place", "save the date", "join us", "zoom", "webex", "jitsi", "dial-in", "dialin",
    "learning series", "outreach", "festival", "viva", "defen", "interim", "party", "parties",
)  # fmt: skip


def gathering_positions(low: str) -> tuple[int, ...]:
    """Where gathering words stand in a lower-cased text (the patterns are lower case for speed)."""
    if not any(stem in low for stem in GATHERING_STEMS):
        return ()
    return tuple(m.start() for m in GATHERING.finditer(low))


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
    return GATHERING.search(text.lower()) is not None


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
