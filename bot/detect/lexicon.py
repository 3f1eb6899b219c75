"""Words the rules read: month and weekday names (with their common misspellings), number words,
and time-zone names. Lookups are dictionary hits, so every rule that uses them stays linear."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.lexicon import MONTH_NAMES, WEEKDAY_NAMES

# English only: the other languages of bot.lexicon are not read by the detector yet.
_ENGLISH_MONTHS = MONTH_NAMES["en"]
_ENGLISH_WEEKDAYS = WEEKDAY_NAMES["en"]
MONTHS = tuple(spellings[0] for spellings in _ENGLISH_MONTHS)
WEEKDAYS = tuple(spellings[0] for spellings in _ENGLISH_WEEKDAYS)
_MONTH_ABBR = {name: number for number, spellings in enumerate(_ENGLISH_MONTHS, 1) for name in spellings[1:]}
_WEEKDAY_ABBR = {name: number for number, spellings in enumerate(_ENGLISH_WEEKDAYS) for name in spellings[1:]}
# For the layout's patterns: the abbreviations ("Feb", "Thurs"), and the three letters each name starts with.
DATE_ABBREVIATIONS = tuple(sorted({*_MONTH_ABBR, *_WEEKDAY_ABBR}))
DATE_NAME_PREFIXES = tuple(sorted({name[:3] for name in (*MONTHS, *WEEKDAYS)}))
# Real words one edit away from a month or weekday name: never read them as dates.
_NOT_NAMES = frozenset({"marches", "mayday", "sundays", "mondays", "fridays", "sunday's"})

# The words of date and time expressions, each table named for what its words mean; the patterns of
# bot/detect/dates.py and times.py are built from them (see ``alternation``), so another language adds
# rows here, not words inside patterns.
#
# After a day number, making it an ordinal ("5th", "5^th", and superscript letters as word processors
# paste them).
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th", "ˢᵗ", "ⁿᵈ", "ʳᵈ", "ᵗʰ")
# Written between a day number and its suffix.
SUFFIX_MARKS = ("^",)
# The article of "the 5th", and the "of" of "the 5th of March".
DEFINITE_ARTICLES = ("the",)
DAY_OF_MONTH = ("of",)
# Between two days: the span from one to the other ("14 to 21 May"), both days ("14 and 15 May", read
# as the span too), or either ("14 or 21 May": two candidate days).
RANGE_WORDS = ("to", "through", "thru", "till", "until")
BOTH_WORDS = ("and", "&")
EITHER_WORDS = ("or",)
# Days named relative to the message's own, by how many days later they are; a part of today is today.
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1,
    "tmrw": 1,
}  # fmt: skip
# Before a weekday, saying which one: the next one on or after the message's day ("this", "on"), the
# one of next week when that is today ("next"), or the last one before it ("last").
WEEKDAY_QUALIFIERS = {
    "this": "this", "coming": "this", "upcoming": "this", "on": "this", "next": "next", "last": "last",
}  # fmt: skip
# After a weekday, the week it is in, counted in weeks from the message's: "Mon-Wed next week".
WEEK_PHRASES = {"this week": 0, "next week": 1, "the following week": 1}
# "in two weeks": the word before the count, and the units counted, in days.
IN_WORDS = ("in",)
DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
# Before the last day of a span stated apart from its first: "starts on 3 March and runs until the 5th".
SPAN_END_WORDS = ("until", "till", "through", "thru", "to")
# After such a last day, saying it belongs to the span: "until the 5th inclusive".
INCLUSIVE_WORDS = ("inclusive", "included")
# Stems of the words that move a meeting from one date to another: "moved from 8 May to 15 May" names
# two dates, not a range.
MOVE_STEMS = ("move", "moving", "reschedul", "postpon", "shift", "push", "chang", "defer", "delay")
# Words that may follow a bare ordinal day ("on the 13th at 10:00"); any other word makes it an
# adjective ("the 14th World Sanskrit Conference").
WORDS_AFTER_BARE_DAY = (
    "at", "and", "or", "to", "till", "until", "from", "in", "is", "will", "would", "as", "we", "instead",
    "then", *INCLUSIVE_WORDS,
)  # fmt: skip
# After a weekday, making it the owner of what follows: "Friday's call" is that Friday's.
POSSESSIVE_ENDINGS = ("'s", "’s")
# Before a weekday, making it a kind of day rather than a date: "the first Wednesday of the month",
# "every Monday", "the Wednesday before the conference".
WEEKDAY_KIND_WORDS = (
    "the", "a", "any", "each", "every", "per", "same", "one", "first", "second", "third", "fourth", "fifth",
)  # fmt: skip
# Before a weekday, putting it in the past without saying which week: "this past Tuesday".
WEEKDAY_PAST_WORDS = ("past", "previous")
# Times of day said in words.
CLOCK_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
# Between the two times of a span: "10:00 to 11:30", "10:00-11:30".
TIME_RANGE_WORDS = ("to", "until", "till")
# After a zone word, part of its name: "Pacific time", "Central standard time".
ZONE_SUFFIXES = ("time", "standard time", "daylight time")
# Before a clock time written without am/pm or a colon ("at 4", "from 6.30"): only there is a bare
# number a time of day.
TIME_LEAD_WORDS = ("at", "from", "around", "about", "until", "till", "@")
# What may follow a bare hour ("at 4"), besides punctuation, the end of a line and a zone: "at 4 on
# Friday", "at 4 o'clock", not "at 4 people" or "at 10 Downing Street".
BARE_HOUR_FOLLOWERS = (
    "o'clock", "oclock", "on", "in", "and", "or", "today", "tomorrow", "tonight", "sharp", "this", "next",
    "local", "our", "your", "their", "then",
)  # fmt: skip

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def alternation(words: tuple[str, ...]) -> str:
    """A regex group matching any of ``words`` (longest first, so that "thru" is not cut to "th")."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def phrase_alternation(phrases: tuple[str, ...]) -> str:
    """Like ``alternation``, for phrases of several words: any run of white space between the words."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered) + ")"


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance <= 1 (one insertion, deletion, substitution or swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _fuzzy(word: str, names: tuple[str, ...]) -> int | None:
    # Only long words: short ones ("Mark", "match", "sun") are too often real words.
    if len(word) < 6 or word in _NOT_NAMES:
        return None
    hits = [i for i, name in enumerate(names) if len(name) >= 6 and _within_one_edit(word, name)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """1-12 for a month name, abbreviation or near-miss spelling; None otherwise.

    "may" in lower case is the verb, so only "May"/"MAY" count.
    """
    low = word.lower().rstrip(".")
    if low == "may":
        return 5 if word[0] == "M" else None
    if low in MONTHS:
        return MONTHS.index(low) + 1
    if low in _MONTH_ABBR:
        return _MONTH_ABBR[low]
    found = _fuzzy(low, MONTHS)
    return None if found is None else found + 1


@lru_cache(maxsize=4096)
def weekday_number(word: str) -> int | None:
    """0 (Monday) to 6 for a weekday name, abbreviation or near-miss spelling; None otherwise."""
    low = word.lower().rstrip(".")
    if low in WEEKDAYS:
        return WEEKDAYS.index(low)
    if low in _WEEKDAY_ABBR:
        return _WEEKDAY_ABBR[low]
    return _fuzzy(low, WEEKDAYS)


# Zone words as people write them, mapped to the IANA zone meant. Ambiguous abbreviations name
# every reading: the first is the default, the others win when the list's own zone is one of them.
_ZONES: dict[str, tuple[str, ...]] = {
    "utc": ("UTC",),
    "gmt": ("UTC",),
    "z": ("UTC",),
    "cet": ("Europe/Paris",),
    "cest": ("Europe/Paris",),
    "met": ("Europe/Paris",),
    "mest": ("Europe/Paris",),
    "wet": ("Europe/Lisbon",),
    "west": ("Europe/Lisbon",),
    "eet": ("Europe/Helsinki",),
    "eest": ("Europe/Helsinki",),
    "bst": ("Europe/London", "Asia/Dhaka"),
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "india": ("Asia/Kolkata",),
    "pst": ("America/Los_Angeles",),
    "pdt": ("America/Los_Angeles",),
    "pt": ("America/Los_Angeles",),
    "pacific": ("America/Los_Angeles",),
    "mst": ("America/Denver",),
    "mdt": ("America/Denver",),
    "mt": ("America/Denver",),
    "mountain": ("America/Denver",),
    "cst": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "cdt": ("America/Chicago",),
    "ct": ("America/Chicago",),
    "central": ("America/Chicago",),
    "est": ("America/New_York",),
    "edt": ("America/New_York",),
    "et": ("America/New_York",),
    "eastern": ("America/New_York",),
    "jst": ("Asia/Tokyo",),
    "kst": ("Asia/Seoul",),
    "hkt": ("Asia/Hong_Kong",),
    "sgt": ("Asia/Singapore",),
    "aest": ("Australia/Sydney",),
    "aedt": ("Australia/Sydney",),
    "awst": ("Australia/Perth",),
    "nzst": ("Pacific/Auckland",),
    "nzdt": ("Pacific/Auckland",),
    "brt": ("America/Sao_Paulo",),
    "msk": ("Europe/Moscow",),
}
# Every zone word, for the patterns that take a bare hour only before one ("11UTC").
ZONE_WORDS = tuple(_ZONES)
# Zone words that are also ordinary words: they count only written in capitals.
_CAPITAL_ONLY = frozenset({"z", "pt", "mt", "ct", "et", "met", "west", "ist"})
_LONG_ZONE_WORDS = ("pacific", "central", "eastern", "mountain")

# Windows zone names, as Outlook writes them in TZID.
WINDOWS_ZONES = {
    "pacific standard time": "America/Los_Angeles",
    "mountain standard time": "America/Denver",
    "central standard time": "America/Chicago",
    "eastern standard time": "America/New_York",
    "india standard time": "Asia/Kolkata",
    "gmt standard time": "Europe/London",
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "central europe standard time": "Europe/Budapest",
    "china standard time": "Asia/Shanghai",
    "tokyo standard time": "Asia/Tokyo",
    "utc": "UTC",
}


def zone_key(word: str) -> str | None:
    """The canonical zone word for ``word`` ("Cenral" -> "central"), or None when it is no zone."""
    low = word.lower()
    if low in _ZONES:
        if low in _CAPITAL_ONLY and word != word.upper():
            return None
        return low
    if len(low) >= 6:
        for name in _LONG_ZONE_WORDS:
            if _within_one_edit(low, name):
                return name
    return None


def resolve_zone(key: str, list_zone: str) -> str:
    """The IANA zone for a canonical zone word, settled by the list's zone when ambiguous."""
    readings = _ZONES[key]
    return list_zone if list_zone in readings else readings[0]
