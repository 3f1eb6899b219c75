"""Month and weekday names generated from the CLDR through Babel, with the spellings mail carries.

The tables are pinned whole: a Babel upgrade that changes a name, or a change to how the spellings are
derived, shows here first, before it changes what the readers of dates find."""

from __future__ import annotations

import pytest

from bot.lexicon import LEXICONS
from bot.lexicon.model import Names
from bot.lexicon.names import month_names, weekday_names, written_out
from bot.lexicon.spelling import lose_letters, spell_out, spellings, strip_accents
from bot.mail.dates import parse_loose_date

PINNED_MONTHS: dict[str, Names] = {
    "en": (
        ("january", "jan"), ("february", "feb", "febr"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ),
    "fr": (
        ("janvier", "janv"),
        ("février", "fevrier", "f?vrier", "févr", "fevr", "f?vr", "fév", "fev", "f?v"),
        ("mars",), ("avril", "avr"), ("mai",), ("juin",), ("juillet", "juil", "juill"),
        ("août", "aout", "ao?t"), ("septembre", "sept"), ("octobre", "oct"), ("novembre", "nov"),
        ("décembre", "decembre", "d?cembre", "déc", "dec", "d?c"),
    ),
    "de": (
        ("januar", "jan", "jänner", "jaenner", "j?nner", "jän", "jaen", "j?n"),
        ("februar", "feb"),
        ("märz", "maerz", "m?rz", "mär", "maer", "m?r", "mrz"),
        ("april", "apr"), ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
        ("september", "sept", "sep"), ("oktober", "okt"), ("november", "nov"), ("dezember", "dez"),
    ),
    "es": (
        ("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"),
        ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"),
        ("septiembre", "sept", "sep", "setiembre", "set"), ("octubre", "oct"), ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
}  # fmt: skip

PINNED_WEEKDAYS: dict[str, Names] = {
    "en": (
        ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
    ),
    "fr": (
        ("lundi", "lun"), ("mardi", "mar"), ("mercredi", "mer"), ("jeudi", "jeu"), ("vendredi", "ven"),
        ("samedi", "sam"), ("dimanche", "dim"),
    ),
    "de": (
        ("montag", "mo"), ("dienstag", "di"), ("mittwoch", "mi"), ("donnerstag", "do"), ("freitag", "fr"),
        ("samstag", "sa"), ("sonntag", "so"),
    ),
    "es": (
        ("lunes", "lun"), ("martes", "mar"),
        ("miércoles", "miercoles", "mi?rcoles", "mié", "mie", "miérc", "mierc", "mi?rc"),
        ("jueves", "jue"), ("viernes", "vie"), ("sábado", "sabado", "s?bado", "sáb", "sab", "s?b"),
        ("domingo", "dom"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(PINNED_MONTHS))
def test_the_generated_month_names_are_pinned(code: str) -> None:
    assert LEXICONS[code].months == PINNED_MONTHS[code]


@pytest.mark.parametrize("code", sorted(PINNED_WEEKDAYS))
def test_the_generated_weekday_names_are_pinned(code: str) -> None:
    assert LEXICONS[code].weekdays == PINNED_WEEKDAYS[code]


def test_no_month_spelling_names_two_months_in_any_two_languages() -> None:
    """The mail reader tries every language's months at once: a spelling must mean one month."""
    months: dict[str, set[int]] = {}
    for lexicon in LEXICONS.values():
        for number, written in enumerate(lexicon.months, start=1):
            for spelling in written:
                months.setdefault(spelling, set()).add(number)
    assert {spelling for spelling, numbers in months.items() if len(numbers) > 1} == set()


def test_a_region_adds_its_own_names_and_a_hand_spelling_gets_the_same_variants() -> None:
    months = month_names(("de", "de_AT"), extra={3: ("mrz",), 12: ("dezbr",)})
    assert "jänner" in months[0] and "dezbr" in months[11]
    assert "jänner" not in month_names(("de",))[0]
    days = weekday_names(("es",), extra={5: ("sábd",)})
    assert days[5][-3:] == ("sábd", "sabd", "s?bd")


def test_a_language_that_spells_its_letters_out_gets_those_spellings_too() -> None:
    assert "maerz" in month_names(("de",), spelt_out={"ä": "ae"})[2]
    assert "maerz" not in month_names(("de",))[2]


def test_accents_are_stripped_spelt_out_and_lost_as_archives_lose_them() -> None:
    assert [strip_accents(w) for w in ("février", "März", "miércoles", "août")] == [
        "fevrier",
        "Marz",
        "miercoles",
        "aout",
    ]
    assert spell_out("grüße", {"ü": "ue", "ß": "ss"}) == "gruesse"
    assert [lose_letters(w) for w in ("août", "mäi", "sábado", "mié", "über", "mars")] == [
        "ao?t",
        "m?i",
        "s?bado",
        "",
        "",
        "",
    ]
    # A letter a language spells out is never written bare: "änder" is not "ander".
    assert spellings("änder", {"ä": "ae"}) == ("änder", "aender")
    assert spellings("décal") == ("décal", "decal", "d?cal")


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("Am 5. M?rz 2008 schrieb Jörg:", 3),
        ("Le 5 f?vrier 2008, Joël a écrit :", 2),
        ("Le 5 d?c. 2008 à 10:02, Joël a écrit :", 12),
        ("Am 5. Jänner 2008 schrieb Jörg:", 1),
        ("El 5 de setiembre de 2008, José escribió:", 9),
    ],
)
def test_an_attribution_line_is_read_with_a_region_s_or_an_archive_s_spelling(line: str, month: int) -> None:
    found = parse_loose_date(line, None)
    assert found is not None and (found.year, found.month, found.day) == (2008, month, 5)


@pytest.mark.parametrize("code", sorted(PINNED_MONTHS))
def test_a_full_name_s_spellings_lead_its_names_and_are_told_from_its_abbreviations(code: str) -> None:
    """A reader that takes a weekday alone only when it is written out ("el miercoles", not "mié")
    finds the written-out spellings from the first name and the language's spelt-out letters."""
    lexicon = LEXICONS[code]
    for names in (*lexicon.months, *lexicon.weekdays):
        full = written_out(lexicon, names)
        assert names[: len(full)] == full
    assert written_out(LEXICONS["es"], LEXICONS["es"].weekdays[2]) == ("miércoles", "miercoles", "mi?rcoles")
    assert written_out(LEXICONS["de"], LEXICONS["de"].months[2]) == ("märz", "maerz", "m?rz")
