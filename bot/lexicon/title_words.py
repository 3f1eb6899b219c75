"""Status words that list subjects put around a meeting's title ("Cancelled: MAG meeting", "MAG meeting,
tentative date", "Réunion du bureau (à confirmer)"), by language, as data.

A meeting's title is taken from the mail that announced it; once its status changes, such words say
the opposite of the status the digest shows in its badge. ``leading`` words stand before the title,
followed by a colon or a dash; ``trailing`` words stand after it, after a comma or a dash, or in
brackets. Matching ignores case; every language's words are tried on every title, since a list's mail
is not always in the list's language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TitleStatusWords:
    leading: tuple[str, ...]
    trailing: tuple[str, ...]


ENGLISH = TitleStatusWords(
    leading=(
        "cancelled",
        "canceled",
        "cancellation",
        "confirmed",
        "tentative",
        "postponed",
        "rescheduled",
        "moved",
        "new date",
        "date change",
        "date confirmed",
        "updated",
        "update",
    ),
    trailing=(
        "tentative date",
        "date tentative",
        "tentative",
        "to be confirmed",
        "tbc",
        "date tbc",
        "confirmed",
        "date confirmed",
        "cancelled",
        "canceled",
        "postponed",
        "rescheduled",
    ),
)

FRENCH = TitleStatusWords(
    leading=(
        "annulé",
        "annulée",
        "annulation",
        "confirmé",
        "confirmée",
        "reporté",
        "reportée",
        "report",
        "nouvelle date",
        "date confirmée",
        "provisoire",
    ),
    trailing=(
        "date provisoire",
        "provisoire",
        "à confirmer",
        "date à confirmer",
        "confirmé",
        "confirmée",
        "annulé",
        "annulée",
        "reporté",
        "reportée",
    ),
)

GERMAN = TitleStatusWords(
    leading=(
        "abgesagt",
        "absage",
        "bestätigt",
        "verschoben",
        "neuer termin",
        "terminänderung",
        "vorläufig",
    ),
    trailing=(
        "vorläufiger termin",
        "termin vorläufig",
        "vorläufig",
        "unter vorbehalt",
        "noch nicht bestätigt",
        "bestätigt",
        "abgesagt",
        "verschoben",
    ),
)

SPANISH = TitleStatusWords(
    leading=(
        "cancelado",
        "cancelada",
        "cancelación",
        "suspendido",
        "suspendida",
        "confirmado",
        "confirmada",
        "aplazado",
        "aplazada",
        "nueva fecha",
        "provisional",
    ),
    trailing=(
        "fecha provisional",
        "fecha tentativa",
        "provisional",
        "tentativo",
        "tentativa",
        "por confirmar",
        "confirmado",
        "confirmada",
        "cancelado",
        "cancelada",
        "aplazado",
        "aplazada",
    ),
)

TITLE_STATUS_WORDS: dict[str, TitleStatusWords] = {
    "en": ENGLISH,
    "fr": FRENCH,
    "de": GERMAN,
    "es": SPANISH,
}
