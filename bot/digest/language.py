"""A list's language in its digests: its words (the gettext catalog) and how its days and times read.

English reads as it always has ('Mon 12 Feb 2007, 14:30', the same under every system locale); the
other languages read as CLDR writes a full date and a short time in them, through Babel ('lundi 12
février 2007', 'Montag, 12. Februar 2007', 'lunes, 12 de febrero de 2007'). Zone abbreviations and
'UTC' stay as they are in every language: they are names, and readers match them against calendars.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time

from bot.digest.catalogs import SOURCE_LANGUAGE, translations
from bot.meeting import When, WhenText, clock_text, day_text


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


# The values of a meeting's status and of its changes, as digests show them (lower case; badges put
# them in capitals). A status and a change of the same name ("confirmed", "cancelled") read alike.
_WORDS = {
    # Translators: these six words are a meeting's status or a change to it, said of the meeting
    # ("the meeting is ..."); shown after "Status:" and, in capitals, as a badge before its title.
    "confirmed": N_("confirmed"),
    "tentative": N_("tentative"),
    "cancelled": N_("cancelled"),
    "new": N_("new"),
    "moved": N_("moved"),
    "edited": N_("edited"),
}


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    translations: gettext.NullTranslations
    # None for English, whose days and times keep their own fixed form.
    locale: Locale | None

    def gettext(self, message: str, **values: object) -> str:
        return self.translations.gettext(message) % values

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.translations.ngettext(singular, plural, count) % {"num": count, **values}

    def word(self, value: str) -> str:
        """A status or change word ('tentative', 'moved') in this language; another value as it is."""
        message = _WORDS.get(str(value))
        return self.translations.gettext(message) if message is not None else str(value)

    def day(self, day: date) -> str:
        if self.locale is None:
            return day_text(day)
        return format_date(day, "full", locale=self.locale)

    def clock(self, moment: datetime) -> str:
        if self.locale is None:
            return clock_text(moment)
        # The wall-clock time as given: Babel would otherwise convert an aware time to UTC.
        return format_time(moment.time(), "short", locale=self.locale)

    def moment(self, moment: datetime) -> str:
        """'Mon 5 Feb 2007, 08:00 CET': when a digest was made, in the zone ``moment`` carries."""
        return f"{self.day(moment.date())}, {self.clock(moment)} {moment.tzname()}"

    def when(self, when: When, zone: ZoneInfo) -> WhenText:
        return when.describe(zone, day=self.day, clock=self.clock)


@cache
def words_in(code: str) -> Language:
    """The language of digests for a list whose config says ``language = code``."""
    locale = None if code == SOURCE_LANGUAGE else Locale.parse(code)
    return Language(code, translations(code), locale)
