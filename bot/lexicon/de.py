"""German."""

from __future__ import annotations

from bot.lexicon.model import Lexicon
from bot.lexicon.names import month_names, weekday_names

# CLDR's names: Austrian German adds "Jänner" and "Jän".
_LOCALES = ("de", "de_AT")
# Spellings CLDR does not hold, by number (January 1): the three-letter "Mrz" of forms and tables.
_MONTH_SPELLINGS = {3: ("mrz",)}
# How German is written without its umlauts and sharp s ("Maerz", "Fussball").
_SPELT_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}

GERMAN = Lexicon(
    code="de",
    months=month_names(_LOCALES, extra=_MONTH_SPELLINGS, spelt_out=_SPELT_OUT),
    weekdays=weekday_names(_LOCALES, spelt_out=_SPELT_OUT),
)
