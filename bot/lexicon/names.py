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

from collections.abc import Callable, Iterable, Mapping

from babel import Locale

from bot.lexicon.model import Lexicon, Names, Words
from bot.lexicon.spelling import SpeltOut, every_spelling, every_spelling_of, spellings

# CLDR's widths that are names people write; "narrow" (J, F, M) and "short" (Mo, Tu) are not.
_WIDTHS = ("wide", "abbreviated")
# The month or weekday name as it stands in a date, then as it stands alone (a heading, a calendar).
_CONTEXTS = ("format", "stand-alone")


def month_names(
    locales: Iterable[str],
    *,
    extra: Mapping[int, Words] | None = None,
    spelt_out: SpeltOut | None = None,
) -> Names:
    """The twelve months, January first: each one's wide name, then every other spelling."""
    return _names(locales, lambda locale: locale.months, range(1, 13), 1, extra, spelt_out)


def weekday_names(
    locales: Iterable[str],
    *,
    extra: Mapping[int, Words] | None = None,
    spelt_out: SpeltOut | None = None,
) -> Names:
    """The seven weekdays, Monday (0) first: each one's wide name, then every other spelling."""
    return _names(locales, lambda locale: locale.days, range(7), 0, extra, spelt_out)


def _names(
    locales: Iterable[str],
    table: Callable[[Locale], object],
    numbers: range,
    first: int,
    extra: Mapping[int, Words] | None,
    spelt_out: SpeltOut | None,
) -> Names:
    written: list[list[str]] = [[] for _ in numbers]
    for code in locales:
        contexts = table(Locale.parse(code))
        for context in _CONTEXTS:
            for width in _WIDTHS:
                names = contexts[context][width]  # type: ignore[index]
                for number in numbers:
                    written[number - first].append(_plain_name(names[number]))
    for number, hand_written in (extra or {}).items():
        written[number - first].extend(hand_written)
    return tuple(_variants(names_of_one, spelt_out) for names_of_one in written)


def written_out(lexicon: Lexicon, names: Words) -> Words:
    """The spellings of a month's or weekday's name written out ("miércoles", "miercoles",
    "mi?rcoles"), as against its abbreviations ("mié"): they lead ``names``."""
    return spellings(names[0], dict(lexicon.spelt_out))


def _plain_name(name: str) -> str:
    """Lower case, without CLDR's abbreviating stop ("janv." is written "janv" as often as not)."""
    return name.lower().rstrip(".")


def _variants(names: Iterable[str], spelt_out: SpeltOut | None) -> Words:
    """Every spelling of each name, the first name first, no spelling twice."""
    return every_spelling(names, spelt_out)


def clock_words(
    locales: Iterable[str], *, extra: Iterable[str] = ()
) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Noon and midnight in words ("midi", "Mitternacht"), with ``extra`` written as "word=HH:MM"."""
    found: dict[str, tuple[int, int]] = {}
    for code in locales:
        for period, name in _day_period_names(Locale.parse(code)):
            if period in _CLOCK_PERIODS:
                found.setdefault(name, _CLOCK_PERIODS[period])
    for entry in extra:
        word, _, clock = entry.partition("=")
        hour, _, minute = clock.partition(":")
        found.setdefault(word, (int(hour), int(minute)))
    return every_spelling_of(found.items())


def day_periods(
    locales: Iterable[str], *, extra: Iterable[tuple[str, str]] = ()
) -> tuple[tuple[str, str], ...]:
    """The parts of the day written after a time ("du soir", "de la mañana", "abends"), each as "am"
    or "pm" by when CLDR says it begins."""
    found: dict[str, str] = {}
    for code in locales:
        locale = Locale.parse(code)
        starts = _period_starts(locale)
        for period, name in _day_period_names(locale, contexts=("format",)):
            if period in starts:
                found.setdefault(name, "pm" if starts[period] >= _NOON else "am")
    found.update((word, half) for word, half in extra if word not in found)
    return every_spelling_of(found.items())


# CLDR's periods that are a time of their own, and the seconds at which a day's half changes.
_CLOCK_PERIODS = {"noon": (12, 0), "midnight": (0, 0)}
_NOON = 12 * 3600


def _day_period_names(locale: Locale, contexts: Iterable[str] = _CONTEXTS) -> Iterable[tuple[str, str]]:
    for context in contexts:
        for width in _WIDTHS:
            for period, name in locale.day_periods[context][width].items():
                if name.isascii() and not any(char.isalpha() and char.islower() for char in name):
                    continue  # "AM", "PM": read by the time patterns themselves
                yield period, _plain_name(name)


def _period_starts(locale: Locale) -> dict[str, int]:
    rules = locale.day_period_rules.get(None, {})
    return {period: spans[0]["from"] for period, spans in rules.items() if spans and "from" in spans[0]}
