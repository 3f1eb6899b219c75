"""Words by language, as data, for every reader of dates and meetings: the dates of attribution lines
(bot/mail) and the detector's rules (bot/detect). One module per language; ``LEXICONS`` holds them by
language code, and ``patterns`` joins a family into the alternation a rule uses. Month, weekday and
day-period names come from the CLDR (``names``); ``spelling`` gives every word as mail writes it
without its accents; ``language`` tells which language a text and each of its paragraphs is in. The
detector reads only English for now: another language there changes what it finds, and needs its own
tests first.
"""

from __future__ import annotations

from bot.lexicon.de import GERMAN
from bot.lexicon.en import ENGLISH
from bot.lexicon.es import SPANISH
from bot.lexicon.fr import FRENCH
from bot.lexicon.model import Led, Lexicon, Names

__all__ = ["ENGLISH", "LEXICONS", "MONTH_NAMES", "WEEKDAY_NAMES", "Led", "Lexicon", "Names", "numbered"]

LEXICONS: dict[str, Lexicon] = {lexicon.code: lexicon for lexicon in (ENGLISH, FRENCH, GERMAN, SPANISH)}

# The names each language knows, for readers that try every language at once.
MONTH_NAMES: dict[str, Names] = {code: lexicon.months for code, lexicon in LEXICONS.items()}
WEEKDAY_NAMES: dict[str, Names] = {
    code: lexicon.weekdays for code, lexicon in LEXICONS.items() if lexicon.weekdays
}


def numbered(names: Names, *, first: int) -> dict[str, int]:
    """Every name and abbreviation mapped to its number, counting from ``first``."""
    return {name: number for number, spellings in enumerate(names, start=first) for name in spellings}
