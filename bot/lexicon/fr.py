"""French."""

from __future__ import annotations

from bot.lexicon.model import Lexicon
from bot.lexicon.names import month_names, weekday_names

# CLDR's names: Canadian French adds "juill".
_LOCALES = ("fr", "fr_CA")
# Spellings CLDR does not hold, by number (January 1).
_MONTH_SPELLINGS = {2: ("fév",)}

FRENCH = Lexicon(
    code="fr",
    months=month_names(_LOCALES, extra=_MONTH_SPELLINGS),
    weekdays=weekday_names(_LOCALES),
)
