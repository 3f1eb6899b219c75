"""Words the rules read: month and weekday names (with their common misspellings), number words,
and time-zone names. Lookups are dictionary hits, so every rule that uses them stays linear."""

from __future__ import annotations

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
