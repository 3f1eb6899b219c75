"""Month and weekday names as data: every spelling is read, by the mail reader in every language it
knows, and by the detector in English (the only language it reads for now)."""

from __future__ import annotations

import pytest

from bot.detect.layout import analyse
from bot.detect.lexicon import DATE_ABBREVIATIONS, month_number, weekday_number
from bot.mail.dates import parse_loose_date
from bot.mail.lexicon import MONTH_NAMES, WEEKDAY_NAMES

MONTH_SPELLINGS = [
    (language, number, spelling)
    for language, months in MONTH_NAMES.items()
    for number, spellings in enumerate(months, start=1)
    for spelling in spellings
]


def test_each_language_names_twelve_months_and_seven_weekdays() -> None:
    assert {language: len(months) for language, months in MONTH_NAMES.items()} == dict.fromkeys(
        MONTH_NAMES, 12
    )
    assert {language: len(days) for language, days in WEEKDAY_NAMES.items()} == dict.fromkeys(
        WEEKDAY_NAMES, 7
    )


@pytest.mark.parametrize(("language", "number", "spelling"), MONTH_SPELLINGS)
def test_an_attribution_date_is_read_with_any_known_month_spelling(
    language: str, number: int, spelling: str
) -> None:
    for written in (spelling, spelling.capitalize()):
        found = parse_loose_date(f"5 {written} 2019", None)
        assert found is not None and (found.year, found.month, found.day) == (2019, number, 5), language


@pytest.mark.parametrize(
    ("number", "spelling"), [(n, s) for language, n, s in MONTH_SPELLINGS if language == "en"]
)
def test_the_detector_reads_every_english_month_spelling(number: int, spelling: str) -> None:
    assert month_number(spelling.capitalize()) == number


@pytest.mark.parametrize(
    ("number", "spelling"),
    [(n, s) for n, spellings in enumerate(WEEKDAY_NAMES["en"]) for s in spellings],
)
def test_the_detector_reads_every_english_weekday_spelling(number: int, spelling: str) -> None:
    assert weekday_number(spelling.capitalize()) == number


@pytest.mark.parametrize("abbreviation", DATE_ABBREVIATIONS)
def test_a_stop_after_an_abbreviated_english_name_does_not_end_the_sentence(abbreviation: str) -> None:
    text = f"The call is on {abbreviation.capitalize()}. March 5 at noon. Agenda below."
    assert analyse(text).unit(0) == (0, text.index(" Agenda"))
