"""Spanish."""

from __future__ import annotations

from bot.lexicon.model import Lexicon
from bot.lexicon.names import month_names, weekday_names

# CLDR's names: Latin American Spanish adds "sep"; Peru's "setiembre" and "set".
_LOCALES = ("es", "es_419", "es_PE")
# Spellings CLDR does not hold, by number (Monday 0): "miérc" as calendars shorten it.
_WEEKDAY_SPELLINGS = {2: ("miérc",)}

SPANISH = Lexicon(
    code="es",
    months=month_names(_LOCALES),
    weekdays=weekday_names(_LOCALES, extra=_WEEKDAY_SPELLINGS),
)
