"""Month and weekday names by language, as data, for every reader of dates: the dates of attribution
lines here in bot/mail, and the detector's rules (bot/detect/lexicon.py).

Each month (January first) and weekday (Monday first) lists its full name, then the abbreviations and
spellings that mail carries (accents dropped, umlauts spelt out). The detector reads only the English
names for now: another language there changes what it finds, and needs its own tests first.
"""

from __future__ import annotations

Names = tuple[tuple[str, ...], ...]

MONTH_NAMES: dict[str, Names] = {
    "en": (
        ("january", "jan"),
        ("february", "feb", "febr"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "fr": (
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "déc"),
    ),
    "de": (
        ("januar", "jän", "jänner"),
        ("februar", "febr"),
        ("märz", "maerz", "mär"),
        ("april",),
        ("mai",),
        ("juni",),
        ("juli",),
        ("august",),
        ("september",),
        ("oktober", "okt"),
        ("november",),
        ("dezember", "dez"),
    ),
    "es": (
        ("enero", "ene"),
        ("febrero",),
        ("marzo",),
        ("abril", "abr"),
        ("mayo",),
        ("junio",),
        ("julio",),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sep"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
}

WEEKDAY_NAMES: dict[str, Names] = {
    "en": (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    ),
}


def numbered(names: Names, *, first: int) -> dict[str, int]:
    """Every name and abbreviation mapped to its number, counting from ``first``."""
    return {name: number for number, spellings in enumerate(names, start=first) for name in spellings}
