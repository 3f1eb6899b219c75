"""Reading names: month and weekday names (with their common misspellings) looked up in one
language's lexicon, and time-zone names. Lookups are dictionary hits, so every rule that uses them
stays linear. The words themselves are the lexicon's (bot/lexicon); ``literal_alternation`` joins
plain words into a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from bot.lexicon import ENGLISH, Lexicon

_Made = TypeVar("_Made")


def once_per_language(build: Callable[[Lexicon], _Made]) -> Callable[[Lexicon], _Made]:
    """``build`` made once per language (by its code): the rules compiled from a lexicon are kept for
    every later text in that language."""
    made: dict[str, _Made] = {}

    def made_for(lexicon: Lexicon) -> _Made:
        found = made.get(lexicon.code)
        if found is None:
            found = made[lexicon.code] = build(lexicon)
        return found

    return made_for


def literal_alternation(words: tuple[str, ...]) -> str:
    """A regex group matching any of the plain ``words`` (longest first, so that "thru" is not cut to
    "th"); ``bot.lexicon.patterns.alternation`` joins pattern fragments instead."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def phrase_alternation(phrases: tuple[str, ...]) -> str:
    """Like ``literal_alternation``, for phrases of several words: any run of white space between the
    words."""
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


def _fuzzy(word: str, names: tuple[str, ...], not_names: frozenset[str]) -> int | None:
    # Only long words: short ones ("Mark", "match", "sun") are too often real words.
    if len(word) < 6 or word in not_names:
        return None
    hits = [i for i, name in enumerate(names) if len(name) >= 6 and _within_one_edit(word, name)]
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True, slots=True)
class NameRules:
    """One language's month and weekday names, as the rules look them up."""

    # The full names, January and Monday first.
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    # For the layout's patterns: the abbreviations ("Feb", "Thurs"), and the three letters each name
    # starts with.
    abbreviations: tuple[str, ...]
    prefixes: tuple[str, ...]
    # 1-12 for a month name, abbreviation or near-miss spelling; 0 (Monday) to 6 for a weekday's;
    # None otherwise. A name that is also a common word counts only capitalised: "may" in lower case
    # is the verb.
    month_number: Callable[[str], int | None]
    weekday_number: Callable[[str], int | None]

    @classmethod
    def of(cls, lexicon: Lexicon) -> NameRules:
        return _name_rules(lexicon)


@once_per_language
def _name_rules(lexicon: Lexicon) -> NameRules:
    months = tuple(spellings[0] for spellings in lexicon.months)
    weekdays = tuple(spellings[0] for spellings in lexicon.weekdays)
    month_abbr = {
        name: number for number, spellings in enumerate(lexicon.months, 1) for name in spellings[1:]
    }
    weekday_abbr = {
        name: number for number, spellings in enumerate(lexicon.weekdays) for name in spellings[1:]
    }
    not_names = frozenset(lexicon.not_names)
    capitalised = frozenset(lexicon.capitalised_names)

    @lru_cache(maxsize=4096)
    def month_number(word: str) -> int | None:
        low = word.lower().rstrip(".")
        if low in capitalised and not word[0].isupper():
            return None
        if low in months:
            return months.index(low) + 1
        if low in month_abbr:
            return month_abbr[low]
        found = _fuzzy(low, months, not_names)
        return None if found is None else found + 1

    @lru_cache(maxsize=4096)
    def weekday_number(word: str) -> int | None:
        low = word.lower().rstrip(".")
        if low in weekdays:
            return weekdays.index(low)
        if low in weekday_abbr:
            return weekday_abbr[low]
        return _fuzzy(low, weekdays, not_names)

    return NameRules(
        months=months,
        weekdays=weekdays,
        abbreviations=tuple(sorted({*month_abbr, *weekday_abbr})),
        prefixes=tuple(sorted({name[:3] for name in (*months, *weekdays)})),
        month_number=month_number,
        weekday_number=weekday_number,
    )


# English, for the callers that read English only (and the tests of the rules).
ENGLISH_NAMES = NameRules.of(ENGLISH)
DATE_ABBREVIATIONS = ENGLISH_NAMES.abbreviations
DATE_NAME_PREFIXES = ENGLISH_NAMES.prefixes
month_number = ENGLISH_NAMES.month_number
weekday_number = ENGLISH_NAMES.weekday_number


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
