"""Which language a text and each of its paragraphs is in, from the lexicons' own words."""

from __future__ import annotations

import itertools

import pytest

from bot.lexicon import LEXICONS
from bot.lexicon.language import UNKNOWN, Identifier, language, paragraph_languages, text_language

ENGLISH = (
    "Hi all,\n\nThe next working group call will be on Tuesday 12 March at 15:00 UTC. Please add your "
    "items to the agenda before the call, and let us know if you cannot make it."
)
FRENCH = (
    "Bonjour à tous, la prochaine réunion de l'association aura lieu le mardi 10 mars à 14h30 dans la "
    "salle du conseil. Merci de confirmer votre présence."
)
GERMAN = (
    "Hallo zusammen, unser nächstes Treffen findet am Donnerstag, 12. März um 18 Uhr statt. Bitte gebt "
    "kurz Bescheid, ob ihr dabei seid."
)
SPANISH = (
    "Hola a todos, la reunión de la junta directiva será el jueves 12 de marzo a las 18:00 en el local "
    "de siempre. Por favor, confirmad si podéis venir."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        (SPANISH, "es"),
        # As archives that lost their accents store them, and as people type without them.
        (FRENCH.replace("é", "?").replace("à", "?"), "fr"),
        (GERMAN.replace("ä", "ae"), "de"),
        (GERMAN.replace("ä", "?"), "de"),
        (SPANISH.replace("ó", "?").replace("é", "?"), "es"),
        ("Treffen morgen um 13 Uhr im Cafe? Ich bin dabei, bitte sagt kurz Bescheid.", "de"),
        ("quedamos el martes a las 15:30 en la cafeteria, si os viene bien", "es"),
        ("Demain il y a une présentation des API à 14h, c'est dans le planning.", "fr"),
    ],
)
def test_a_paragraph_is_in_the_language_its_words_are(text: str, code: str) -> None:
    assert language(text) == code


@pytest.mark.parametrize(
    "text", ["", "Thanks,\nBob", "--\nJörg", "https://example.org/wiki/Meeting", "12.03.2026"]
)
def test_a_paragraph_too_short_to_say_is_undecided(text: str) -> None:
    assert language(text) == UNKNOWN


def test_a_paragraph_is_judged_on_its_opening() -> None:
    """A long paragraph costs no more than its first few hundred characters."""
    assert language(ENGLISH + " " + FRENCH * 50) == "en"


def test_an_english_announcement_with_a_french_paragraph_reads_each_part_in_its_own_language() -> None:
    text = f"{ENGLISH}\n\n{FRENCH}\n\nSee you there,\nAlice\n-- \nhttps://example.org/wg\n"
    spans = paragraph_languages(text)
    assert [code for _, _, code in spans] == ["en", "fr", "en"]
    assert text[spans[1][0] : spans[1][1]].startswith("Bonjour")
    # The greeting, the closing and the signature take their neighbours' language.
    assert text[spans[2][0] : spans[2][1]].startswith("See you there")


def test_the_spans_cover_the_text_in_order() -> None:
    text = f"Subject line\n\n{GERMAN}\n\n\n{SPANISH}\n \n{ENGLISH}\n\n> {FRENCH}\n"
    spans = paragraph_languages(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == next_start for (_, end, _), (next_start, _, _) in itertools.pairwise(spans))
    assert [code for _, _, code in spans] == ["de", "es", "en", "fr"]


def test_neighbouring_paragraphs_of_one_language_are_one_span() -> None:
    text = f"{GERMAN}\n\n{GERMAN}\n\nGruß\nJörg"
    assert paragraph_languages(text) == ((0, len(text), "de"),)


def test_a_paragraph_between_two_languages_takes_the_whole_text_s_or_leads_on_to_the_next() -> None:
    text = f"{SPANISH}\n\n{SPANISH}\n\n15/03\n\n{ENGLISH}"
    assert [code for _, _, code in paragraph_languages(text)] == ["es", "en"]
    # "15/03" stays with the Spanish most of the text is in; "Hi all," opens the English part.
    assert paragraph_languages(text)[0][1] == text.index(ENGLISH)


def test_short_lines_that_say_nothing_alone_are_read_together() -> None:
    text = "Yop,\n\nconf call tuesday 7th June,\nat 20h00\n\nPlease confirm.\n\nBye"
    assert text_language(text) == "en"
    assert paragraph_languages(text) == ((0, len(text), "en"),)


def test_a_text_that_says_nothing_takes_the_default() -> None:
    assert text_language("12.03.2026\n\n--\nBob") == UNKNOWN
    assert text_language("12.03.2026\n\n--\nBob", default="de") == "de"
    assert paragraph_languages("", default="fr") == ((0, 0, "fr"),)


def test_the_message_language_is_the_one_most_of_it_is_in() -> None:
    assert text_language(f"{FRENCH}\n\n{ENGLISH}\n\n{FRENCH}") == "fr"


def test_an_identifier_reads_only_the_languages_it_is_given() -> None:
    only_english = Identifier([LEXICONS["en"]])
    assert only_english.codes == ("en",)
    assert only_english.language(FRENCH) == UNKNOWN
    assert only_english.language(ENGLISH) == "en"


def test_hostile_input_is_read_whole() -> None:
    """How the time grows with such input is measured in benchmarks/lexicon_bench.py."""
    for text in ("\n\n" * 100_000, "a " * 100_000, "é" * 200_000, ("?" * 99 + "\n\n") * 2_000):
        spans = paragraph_languages(text)
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
