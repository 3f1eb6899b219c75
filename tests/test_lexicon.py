"""Words as data: one module per language, found by its code; every month and weekday spelling is read,
by the mail reader in every language it knows, and by the detector in English (the only language it
reads for now); every word family of a language compiles as a pattern."""

from __future__ import annotations

import pkgutil
import re
from dataclasses import fields
from pathlib import Path

import pytest

import bot.lexicon
from bot.detect.layout import analyse
from bot.detect.lexicon import DATE_ABBREVIATIONS, month_number, weekday_number
from bot.lexicon import LEXICONS, MONTH_NAMES, WEEKDAY_NAMES, Led, Lexicon
from bot.lexicon.model import PLAIN_FAMILIES
from bot.lexicon.patterns import alternation, by_first_letter, not_after, optional
from bot.mail.dates import parse_loose_date

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


def test_every_language_module_is_registered_under_its_code() -> None:
    """A language is added as one data module: it must reach the registry, under its module's name."""
    helpers = {"model", "patterns", "names", "spelling", "language", "title_words"}
    modules = {info.name for info in pkgutil.iter_modules(bot.lexicon.__path__)} - helpers
    assert set(LEXICONS) == modules
    assert all(lexicon.code == code for code, lexicon in LEXICONS.items())


# Every family of pattern fragments (the pairs' words and the plain families are checked below).
WORD_FAMILIES = [
    field.name for field in fields(Lexicon) if field.type == "Words" and field.name not in PLAIN_FAMILIES
]


@pytest.mark.parametrize("code", sorted(LEXICONS))
@pytest.mark.parametrize("family", WORD_FAMILIES)
def test_each_word_of_a_family_is_a_lower_case_pattern_of_its_own(code: str, family: str) -> None:
    """The rules join a family's words into one alternation: a word must compile alone, match no
    empty text (which would match everywhere), and be lower case, as the rules read lower-cased text."""
    for word in getattr(LEXICONS[code], family):
        pattern = re.compile(word)
        assert pattern.groups == 0 or "(?:" in word, word
        assert pattern.fullmatch("") is None, word
        assert word == word.lower(), word


@pytest.mark.parametrize("code", sorted(LEXICONS))
@pytest.mark.parametrize("family", sorted(PLAIN_FAMILIES))
def test_each_plain_word_is_lower_case_and_bare(code: str, family: str) -> None:
    """Plain words are escaped into the rules' patterns and looked up in lower-cased text (the room
    words keep the case they count in)."""
    for word in getattr(LEXICONS[code], family):
        assert word and word == word.strip(), word
        assert family == "room_words" or word == word.lower(), word


@pytest.mark.parametrize("code", sorted(LEXICONS))
def test_gathering_words_start_with_a_plain_letter_and_have_a_stem(code: str) -> None:
    """The detector groups gathering words by their first letter and passes over a text without any
    stem: a word that starts otherwise, or a language with words and no stems, would be lost."""
    lexicon = LEXICONS[code]
    words = lexicon.gathering_words()
    assert all(word[0].isalpha() and word[0] == word[0].lower() for word in words)
    assert bool(words) == bool(lexicon.gathering_stems)


def test_a_led_word_is_one_alternative_per_leader_in_order() -> None:
    led = Led(("weekly", "our"), r"\s+call\b")
    lexicon = Lexicon(code="xx", months=MONTH_NAMES["en"], gathering=("meetings?", led, "talks?"))
    assert lexicon.gathering_words() == ("meetings?", r"weekly\s+call\b", r"our\s+call\b", "talks?")


def test_patterns_join_words_into_alternations() -> None:
    assert re.fullmatch(alternation(("by", "no\\s+later\\s+than")), "no later than")
    assert re.fullmatch("on\\s+" + optional(("the",)) + "x", "on x")
    assert re.search(not_after(("be",)) + "held", "to be held") is None
    grouped = re.compile(by_first_letter(("meetings?", "talks?", "telcos?")))
    assert [grouped.fullmatch(w) is not None for w in ("meetings", "talk", "telco", "tea")] == [
        True,
        True,
        True,
        False,
    ]


def test_every_family_of_the_lexicon_is_read_by_a_rule() -> None:
    """A family no rule reads is a second copy of words kept elsewhere, which drifts from the first."""
    package = Path(bot.lexicon.__file__).parent.parent
    sources = "".join(path.read_text(encoding="utf-8") for path in package.glob("*/*.py"))
    # Read by the rules, or by the lexicon's own methods that the rules call ("gathering_words").
    read = set(re.findall(r"\b(?:LEXICON|lexicon|self)\.([a-z_]+)", sources))
    unread = [field.name for field in fields(Lexicon) if field.name not in read | {"code"}]
    assert unread == []
