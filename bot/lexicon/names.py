"""Month and weekday names from the Unicode CLDR (through Babel), in every spelling that mail carries.

A language module names the CLDR locales whose names it reads (its own, and a region's where that
region writes a month otherwise: "Jänner" in Austria, "setiembre" in Peru) and adds by hand only the
spellings CLDR does not hold. Each name is then also given as archives and plain-text clients write
it: without its accents ("fevrier"), with its letters spelt out where a language does so ("maerz"),
and with each accented letter turned into "?", as many list archives stored non-ASCII mail. Read once,
when the language module is imported; a test pins the result, so a Babel upgrade that changes a name
is seen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping

from babel import Locale

from bot.lexicon.model import Names, Words

# CLDR's widths that are names people write; "narrow" (J, F, M) and "short" (Mo, Tu) are not.
_WIDTHS = ("wide", "abbreviated")
# The month or weekday name as it stands in a date, then as it stands alone (a heading, a calendar).
_CONTEXTS = ("format", "stand-alone")
# What archives that could not store a non-ASCII letter put in its place.
LOST_LETTER = "?"


def month_names(
    locales: Iterable[str],
    *,
    extra: Mapping[int, Words] | None = None,
    spelt_out: Mapping[str, str] | None = None,
) -> Names:
    """The twelve months, January first: each one's wide name, then every other spelling."""
    return _names(locales, lambda locale: locale.months, range(1, 13), 1, extra, spelt_out)


def weekday_names(
    locales: Iterable[str],
    *,
    extra: Mapping[int, Words] | None = None,
    spelt_out: Mapping[str, str] | None = None,
) -> Names:
    """The seven weekdays, Monday (0) first: each one's wide name, then every other spelling."""
    return _names(locales, lambda locale: locale.days, range(7), 0, extra, spelt_out)


def _names(
    locales: Iterable[str],
    table: Callable[[Locale], object],
    numbers: range,
    first: int,
    extra: Mapping[int, Words] | None,
    spelt_out: Mapping[str, str] | None,
) -> Names:
    written: list[list[str]] = [[] for _ in numbers]
    for code in locales:
        contexts = table(Locale.parse(code))
        for context in _CONTEXTS:
            for width in _WIDTHS:
                names = contexts[context][width]  # type: ignore[index]
                for number in numbers:
                    written[number - first].append(_plain_name(names[number]))
    for number, spellings in (extra or {}).items():
        written[number - first].extend(spellings)
    return tuple(_variants(spellings, spelt_out or {}) for spellings in written)


def _plain_name(name: str) -> str:
    """Lower case, without CLDR's abbreviating stop ("janv." is written "janv" as often as not)."""
    return name.lower().rstrip(".")


def _variants(spellings: Iterable[str], spelt_out: Mapping[str, str]) -> Words:
    """Each spelling as written, spelt out, without accents, and with its accented letters lost;
    the first spelling first, no spelling twice."""
    found: dict[str, None] = {}
    for spelling in spellings:
        spelt = spell_out(spelling, spelt_out)
        for variant in (spelling, spelt, strip_accents(spelling), lose_letters(spelling)):
            if variant:
                found.setdefault(variant, None)
    return tuple(found)


def strip_accents(word: str) -> str:
    """The word's letters without their marks: "février" -> "fevrier", "März" -> "Marz"."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def spell_out(word: str, spelt_out: Mapping[str, str]) -> str:
    """The word with the letters a language spells out when it cannot write them: "märz" -> "maerz"."""
    return "".join(spelt_out.get(char, char) for char in word)


def lose_letters(word: str) -> str:
    """The word as an archive that lost its non-ASCII letters stores it: "août" -> "ao?t"; nothing
    for a word whose last letter is lost ("mié" -> "mi?" reads as a question) or that lost none."""
    if word.isascii() or not word[-1].isascii():
        return ""
    return "".join(char if char.isascii() else LOST_LETTER for char in word)
