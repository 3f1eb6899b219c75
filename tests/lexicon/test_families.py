"""French, German and Spanish word families: each compiles as the rules join it, and matches the forms
lists write, with their accents, without them, and with the letters an archive lost ("r?union")."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.lexicon import LEXICONS
from bot.lexicon.model import HandWritten, Lexicon, hand_written
from bot.lexicon.patterns import alternation, by_first_letter
from bot.lexicon.spelling import every_spelling, loose, spellings

FR, DE, ES = LEXICONS["fr"], LEXICONS["de"], LEXICONS["es"]
NEW_LANGUAGES = (FR, DE, ES)

REGEX_FAMILIES = (
    "not_gatherings", "strong_negatives", "weak_negatives", "limits", "until", "moves", "past_today",
    "past_before", "hedges", "hedge_adjectives", "not_the_date", "cancellations", "move_verbs",
    "move_targets", "move_sources", "confirmations", "meeting_topics", "date_topics", "confirm_words",
    "confirm_limits", "questions", "conditions", "substitutions", "compound_tails", "list_joiners",
    "date_subjects", "attendance", "moves_done", "move_objects", "far_move_targets", "no_new_date",
    "resumptions", "back_references", "other_meeting", "decisions", "end_of", "reply_cancellations",
    "own_plans", "doubts", "reply_confirmations", "next_week_again", "corrections", "time_topics",
    "before_weekday", "not_that", "hour_leads", "instead", "moves_under_way", "title_nouns",
    "title_modifiers", "meet_leaders", "name_particles", "place_fields", "place_prepositions",
    "online_words", "abbreviations",
)  # fmt: skip
PLAIN_FAMILIES = (
    "not_names", "reports", "ordinal_suffixes", "of_month", "range_words", "both_words", "either_words",
    "in_words", "span_end_words", "inclusive_words", "move_stems", "words_after_bare_day", "weekday_kinds",
    "weekday_past", "time_range_words", "time_leads", "bare_hour_followers", "hour_marks", "interrogatives",
    "function_words", "capitalised_names", "possessive_endings", "zone_suffixes", "person_hedges",
    "conditions_after", "title_articles", "not_places",
)  # fmt: skip
PAIR_FAMILIES = (
    "relative_days", "weekday_qualifiers", "weekday_qualifiers_after", "week_phrases", "number_words",
    "day_units", "clock_words", "day_periods", "periods",
)  # fmt: skip
# Families every language must fill for the detector to read it at all.
REQUIRED = (
    "gathering", "happenings", "hedges", "cancellations", "move_verbs", "relative_days", "weekday_qualifiers",
    "week_phrases", "range_words", "time_leads", "hour_marks", "function_words", "prepositions",
)  # fmt: skip


def found(lexicon: Lexicon, family: str, text: str) -> str | None:
    """What the family finds in ``text``, joined as the rules join it (words bounded, lower case)."""
    words = lexicon.gathering_words() if family == "gathering" else getattr(lexicon, family)
    if family == "happenings":
        words = lexicon.happening_words()
    m = re.search(rf"(?<!\w){alternation(words)}(?!\w)", text.lower())
    return m.group(0) if m else None


@pytest.mark.parametrize("lexicon", NEW_LANGUAGES, ids=lambda lexicon: lexicon.code)
def test_every_family_a_reader_needs_is_filled(lexicon: Lexicon) -> None:
    assert [family for family in REQUIRED if not getattr(lexicon, family)] == []


@pytest.mark.parametrize("lexicon", NEW_LANGUAGES, ids=lambda lexicon: lexicon.code)
@pytest.mark.parametrize("family", REGEX_FAMILIES)
def test_each_pattern_compiles_alone_matches_no_empty_text_and_is_lower_case(
    lexicon: Lexicon, family: str
) -> None:
    for word in getattr(lexicon, family):
        pattern = re.compile(word)
        assert pattern.groups == 0 and pattern.fullmatch("") is None, word
        assert word == word.lower(), word


@pytest.mark.parametrize("lexicon", NEW_LANGUAGES, ids=lambda lexicon: lexicon.code)
def test_the_gathering_words_join_by_first_letter(lexicon: Lexicon) -> None:
    words = lexicon.gathering_words()
    assert all(word[0].isalpha() and word[0] == word[0].lower() for word in words)
    grouped = re.compile(rf"(?<!\w)(?:{by_first_letter(words)})")
    assert grouped.groups == 0


@pytest.mark.parametrize("lexicon", NEW_LANGUAGES, ids=lambda lexicon: lexicon.code)
@pytest.mark.parametrize("family", PLAIN_FAMILIES)
def test_plain_words_are_lower_case_and_unique(lexicon: Lexicon, family: str) -> None:
    words = getattr(lexicon, family)
    assert all(word and word == word.lower() for word in words)
    assert len(set(words)) == len(words)


@pytest.mark.parametrize("lexicon", NEW_LANGUAGES, ids=lambda lexicon: lexicon.code)
@pytest.mark.parametrize("family", PAIR_FAMILIES)
def test_pairs_map_each_lower_case_word_once(lexicon: Lexicon, family: str) -> None:
    words = [word for word, _ in getattr(lexicon, family)]
    assert all(word and word == word.lower() for word in words)
    assert len(set(words)) == len(words)


def _gathering_cases() -> list[tuple[Lexicon, str]]:
    return [(lexicon, word) for lexicon in NEW_LANGUAGES for word in lexicon.gathering_words()]


@pytest.mark.parametrize(("lexicon", "pattern"), _gathering_cases())
def test_every_gathering_word_passes_its_language_s_prefilter(lexicon: Lexicon, pattern: str) -> None:
    """A text that a gathering word matches contains one of its language's stems: a word added
    without its stem would be passed over."""

    @settings(max_examples=25, deadline=None, database=None)
    @given(st.from_regex(re.compile(pattern), fullmatch=True))
    def passes(word: str) -> None:
        low = word.lower()
        assert any(stem in low for stem in lexicon.gathering_stems), f"{word!r} ({pattern}) has no stem"

    passes()


# (language, family, sentence, what the family finds in it): sentences as lists write them.
SENTENCES = [
    (FR, "gathering", "La prochaine réunion aura lieu le mardi 10 mars à 14h30", "réunion"),
    (FR, "happenings", "La prochaine réunion aura lieu le mardi 10 mars à 14h30", "aura lieu"),
    (FR, "gathering", "Assemblee generale de l'association le 3 avril", "assemblee"),
    (FR, "gathering", "Rappel : l'AG se tiendra samedi", "l'ag"),
    (FR, "happenings", "Rappel : l'AG se tiendra samedi", "se tiendra"),
    (FR, "gathering", "Permanence du jeudi 5 mars de 18h à 20h", "permanence"),
    (FR, "gathering", "on se retrouve jeudi au local", "on se retrouve"),
    (FR, "gathering", "Prochaine r?union : mardi 10 mars", "r?union"),
    (FR, "hedges", "Date à confirmer : le 12 mars", "à confirmer"),
    (FR, "hedges", "date a confirmer", "a confirmer"),
    (FR, "hedges", "réunion provisoirement fixée au 12", "provisoirement"),
    (FR, "hedges", "le 12 mars, sous réserve de la salle", "sous réserve"),
    (FR, "hedges", "merci de remplir le sondage framadate", "sondage"),
    (FR, "cancellations", "La permanence du 5 mars est annulée.", "annulée"),
    (FR, "cancellations", "La r?union est annul?e", "annul?e"),
    (FR, "cancellations", "la réunion est reportée au 12 mars", "reportée"),
    (FR, "cancellations", "la séance n'aura pas lieu jeudi", "n'aura pas lieu"),
    (FR, "move_verbs", "la réunion est décalée au 12 mars", "décalée"),
    (FR, "until", "du 3 jusqu'au 5 mars", "jusqu'au"),
    (FR, "confirmations", "La date est confirmée : le 12 mars", "est confirmée"),
    (FR, "questions", "Peut-on déplacer la réunion ?", "peut-on"),
    (FR, "conditions", "sauf si personne ne vient", "sauf si"),
    (FR, "strong_negatives", "date limite d'inscription le 3 mars", "date limite"),
    (FR, "limits", "merci de répondre avant le 3 mars", "avant le"),
    (DE, "gathering", "Unser nächstes Treffen findet am Donnerstag statt", "treffen"),
    (
        DE,
        "happenings",
        "Unser nächstes Treffen findet am Donnerstag, 12. März statt",
        "findet am donnerstag, 12. märz statt",
    ),
    (DE, "happenings", "das Treffen wird am 8.5. stattfinden", "stattfinden"),
    (DE, "gathering", "Einladung zur Mitgliederversammlung am 3. April", "mitgliederversammlung"),
    (DE, "gathering", "Stammtisch am Mittwoch", "stammtisch"),
    (DE, "gathering", "Telko morgen um 10 Uhr", "telko"),
    (DE, "gathering", "Wollen wir uns am Freitag treffen? Treffen wir uns morgen?", "treffen"),
    (DE, "hedges", "Treffen (vorläufig) am 12. März", "vorläufig"),
    (DE, "hedges", "Treffen (vorlaeufig) am 12. Maerz", "vorlaeufig"),
    (DE, "hedges", "Treffen (vorl?ufig) am 12. M?rz", "vorl?ufig"),
    (DE, "hedges", "Naechstes Treffen voraussichtlich am Mittwoch", "voraussichtlich"),
    (DE, "hedges", "am 12. März, unter Vorbehalt", "unter vorbehalt"),
    (DE, "hedges", "Terminvorschläge: Mo, 10.8. oder Di, 11.8.", "terminvorschläge"),
    (DE, "hedges", "Terminvorschlaege: Mo, 10.8.", "terminvorschlaege"),
    (DE, "hedges", "bitte tragt euch in die Doodle-Umfrage ein", "doodle"),
    (DE, "hedges", "da schlage ich Mittwoch den 20. vor", "schlage ich mittwoch den 20. vor"),
    (DE, "cancellations", "Der Stammtisch am Mittwoch ist abgesagt.", "abgesagt"),
    (DE, "cancellations", "Das Treffen fällt diese Woche aus.", "fällt diese woche aus"),
    (DE, "cancellations", "Das Treffen faellt aus", "faellt aus"),
    (DE, "cancellations", "Die Sitzung wird auf den 19. verschoben", "verschoben"),
    (DE, "move_verbs", "Die Sitzung wird auf den 19. verschoben", "verschoben"),
    (DE, "confirmations", "Der Termin steht fest: 12. März", "steht fest"),
    (DE, "questions", "Sollen wir das Treffen verschieben?", "sollen wir"),
    (DE, "conditions", "falls niemand kommt", "falls"),
    (DE, "until", "vom 3. bis 5. März", "bis"),
    (DE, "strong_negatives", "Anmeldeschluss ist der 3. März", "anmeldeschluss"),
    (ES, "gathering", "La reunión será el jueves 12 de marzo a las 18:00", "reunión"),
    (ES, "gathering", "La reunion sera el jueves", "reunion"),
    (ES, "gathering", "La reuni?n ser? el jueves", "reuni?n"),
    (ES, "gathering", "Asamblea General de Socios el día 15", "asamblea"),
    (ES, "gathering", "quedada en el bar el sábado", "quedada"),
    (ES, "gathering", "Se convoca reunión de la Junta Directiva", "se convoca"),
    (ES, "gathering", "quedamos el martes 21 a las 15:30", "quedamos"),
    (ES, "happenings", "la asamblea tendrá lugar el 3 de marzo", "tendrá lugar"),
    (ES, "happenings", "la asamblea se celebrará el 3 de marzo", "se celebrará"),
    (ES, "hedges", "Reunión el 3 de marzo (por confirmar)", "por confirmar"),
    (ES, "hedges", "fecha provisional: 3 de marzo", "provisional"),
    (ES, "hedges", "fecha tentativa: 3 de marzo", "tentativa"),
    (ES, "hedges", "he creado una encuesta para fijar la fecha", "encuesta"),
    (ES, "hedges", "el lunes a las 12:00, ¿os viene bien?", "os viene bien"),
    (ES, "cancellations", "La asamblea queda cancelada", "cancelada"),
    (ES, "cancellations", "La reunión ha sido aplazada", "aplazada"),
    (ES, "cancellations", "La reunión queda suspendida", "suspendida"),
    (ES, "move_verbs", "si cambiaramos la reunion al domingo", "cambiaramos"),
    (ES, "confirmations", "la reunión está confirmada", "está confirmada"),
    (ES, "questions", "¿Podemos quedar el lunes?", "podemos"),
    (ES, "conditions", "salvo que nadie pueda", "salvo que"),
    (ES, "until", "del 3 hasta el 5 de marzo", "hasta el"),
    (ES, "strong_negatives", "el plazo de inscripción termina el 3 de marzo", "plazo"),
    (FR, "gathering", "Demain il y a une présentation du projet à 14h", "présentation"),
    (DE, "gathering", "Der nächste Termin ist Mittwoch, 19.9.", "nächste termin"),
    (DE, "gathering", "Wir sehen uns morgen 14h in der Uni", "wir sehen uns"),
    (DE, "gathering", "Der Dev-Treff am Freitag", "treff"),
    (DE, "hedges", "Am Freitag gegen 14:30 wäre von mir aus gut.", "wäre"),
    (DE, "hedges", "Das wuerde mir am besten passen", "wuerde"),
    (
        DE,
        "hedges",
        "ich schlag schonmal Dienstag, 22. August um 14 Uhr vor",
        "schlag schonmal dienstag, 22. august um 14 uhr vor",
    ),
    (DE, "cancellations", "diesen Sonntag geht bei mir leider nicht", "geht bei mir leider nicht"),
    (ES, "hedges", "Me gustaría que se cambiara al lunes a las 15:30", "me gustaría"),
    (ES, "happenings", "la reunión se hará el miércoles 4 a las 16:00", "se hará"),
    (FR, "no_new_date", "la réunion est reportée à une date ultérieure", "à une date ultérieure"),
    (
        FR,
        "resumptions",
        "pas de permanence jeudi ; la prochaine séance aura lieu le 12",
        "la prochaine séance aura lieu",
    ),
    (FR, "reply_cancellations", "Finalement c'est annulé, désolé", "c'est annulé"),
    (FR, "own_plans", "je ne pourrai pas venir jeudi", "je ne pourrai pas"),
    (FR, "abbreviations", "des outils, p. ex. un tableur", "p. ex"),
    (DE, "no_new_date", "Das Treffen wird auf unbestimmte Zeit verschoben", "auf unbestimmte zeit"),
    (
        DE,
        "resumptions",
        "kein Stammtisch im August, das nächste Treffen ist am 3.9.",
        "das nächste treffen ist",
    ),
    (
        DE,
        "reply_cancellations",
        "Dann lassen wir es diese Woche ausfallen? Nein: wir sagen es ab",
        "sagen es ab",
    ),
    (DE, "own_plans", "ich kann leider nicht kommen", "ich kann leider nicht kommen"),
    (DE, "reply_confirmations", "Es bleibt dabei: Mittwoch 14 Uhr", "bleibt dabei"),
    (DE, "decisions", "Wir haben uns auf einen Termin geeinigt", "geeinigt"),
    (DE, "abbreviations", "Treffen z.B. am Montag", "z.b"),
    (ES, "no_new_date", "la asamblea se aplaza hasta nuevo aviso", "nuevo aviso"),
    (
        ES,
        "resumptions",
        "no hay reunión esta semana; la próxima reunión será el día 8",
        "la próxima reunión será",
    ),
    (ES, "own_plans", "el lunes no podré ir", "no podré ir"),
    (ES, "reply_confirmations", "la reunión sigue en pie", "sigue en pie"),
]


@pytest.mark.parametrize(("lexicon", "family", "text", "expected"), SENTENCES)
def test_a_family_finds_its_words_as_lists_write_them(
    lexicon: Lexicon, family: str, text: str, expected: str
) -> None:
    assert found(lexicon, family, text) == expected


def test_an_ordinary_sentence_finds_no_status_word() -> None:
    for lexicon, text in (
        (FR, "Merci pour la relecture du document, je regarde ça demain."),
        (DE, "Danke für die Korrektur, ich schaue mir das morgen an."),
        (ES, "Gracias por la revisión, lo miro mañana."),
    ):
        for family in ("hedges", "cancellations", "move_verbs", "confirmations"):
            assert found(lexicon, family, text) is None, (lexicon.code, family)


def test_a_german_umlaut_is_read_spelt_out_or_lost_but_never_bare() -> None:
    """Bare, an umlaut makes another word: "wurde" (was) is not "würde" (would), nor "waren" "wären"."""
    for text in ("Die Folien wurden gestern verschickt.", "Wir waren alle da.", "Sie konnten nicht."):
        assert found(DE, "hedges", text) is None, text
    for text in ("Das würde gehen.", "Das wuerde gehen.", "Das w?rde gehen."):
        assert found(DE, "hedges", text) is not None, text


def test_a_german_compound_ends_with_a_gathering_word() -> None:
    tail = re.compile(rf"\w*{alternation(DE.compound_tails)}\b")
    for word in ("entwicklertreffen", "community-treffen", "vorstandssitzung", "jahreshauptversammlung"):
        assert tail.fullmatch(word.replace("-", "")), word


def _meaning(pairs: tuple[tuple[str, object], ...], word: str) -> object:
    return dict(pairs).get(word)


@pytest.mark.parametrize(
    ("lexicon", "word", "days"),
    [
        (FR, "aujourd'hui", 0), (FR, "aujourd’hui", 0), (FR, "demain", 1), (FR, "après-demain", 2),
        (FR, "apres-demain", 2), (FR, "apr?s-demain", 2), (ES, "hoy", 0), (ES, "mañana", 1),
        (ES, "manana", 1), (ES, "ma?ana", 1), (ES, "pasado mañana", 2), (DE, "heute", 0), (DE, "morgen", 1),
        (DE, "übermorgen", 2), (DE, "uebermorgen", 2),
    ],
)  # fmt: skip
def test_relative_days_count_from_the_message_s_day(lexicon: Lexicon, word: str, days: int) -> None:
    assert _meaning(lexicon.relative_days, word) == days


def test_weekday_qualifiers_stand_before_or_after_the_weekday_as_each_language_writes_them() -> None:
    assert _meaning(FR.weekday_qualifiers_after, "prochain") == "next"
    assert _meaning(ES.weekday_qualifiers, "próximo") == "next"
    assert _meaning(ES.weekday_qualifiers, "este") == "this"
    assert _meaning(ES.weekday_qualifiers_after, "que viene") == "next"
    assert _meaning(DE.weekday_qualifiers, "nächsten") == "next"
    assert _meaning(DE.weekday_qualifiers, "naechsten") == "next"
    assert _meaning(DE.weekday_qualifiers, "kommenden") == "this"
    assert _meaning(DE.weekday_qualifiers, "diesen") == "this"
    assert _meaning(FR.week_phrases, "la semaine prochaine") == 1
    assert _meaning(ES.week_phrases, "la semana que viene") == 1
    assert _meaning(DE.week_phrases, "nächste woche") == 1


def test_times_are_marked_and_led_as_each_language_writes_them() -> None:
    assert {"h", "heures"} <= set(FR.hour_marks)
    assert "uhr" in DE.hour_marks
    assert "horas" in ES.hour_marks
    assert "a las" in ES.time_leads and "um" in DE.time_leads and "à" in FR.time_leads
    assert "de" in ES.of_month
    assert "1er"[1:] in FR.ordinal_suffixes and "." in DE.ordinal_suffixes


def test_noon_midnight_and_the_parts_of_the_day_come_from_the_cldr() -> None:
    assert dict(FR.clock_words) == {"minuit": (0, 0), "midi": (12, 0)}
    assert dict(DE.clock_words) == {"mitternacht": (0, 0), "mittag": (12, 0)}
    assert _meaning(ES.clock_words, "mediodía") == (12, 0)
    assert _meaning(ES.clock_words, "medianoche") == (0, 0)
    assert _meaning(ES.day_periods, "de la tarde") == "pm"
    assert _meaning(ES.day_periods, "de la mañana") == "am"
    assert _meaning(FR.day_periods, "du soir") == "pm"
    assert _meaning(FR.day_periods, "de l'après-midi") == "pm"
    assert _meaning(DE.day_periods, "abends") == "pm"
    assert _meaning(DE.day_periods, "vormittags") == "am"
    assert _meaning(ES.day_periods, "mañana") is None  # alone it is tomorrow


def test_a_pattern_written_with_accents_matches_the_spellings_mail_carries() -> None:
    pattern = re.compile(loose(r"réunions?\s+prévue"))
    for text in ("réunion prévue", "reunion prevue", "r?union pr?vue"):
        assert pattern.fullmatch(text), text
    assert re.fullmatch(loose(r"nächsten?", {"ä": "ae"}), "naechsten")
    assert re.fullmatch(loose(r"[éè]t[ée]"), "ete")
    assert re.fullmatch(loose(r"annulée?"), "annul?")
    # A one-letter word lost is a question mark, not a word.
    assert re.fullmatch(loose(r"à\s+confirmer"), "? confirmer") is None
    assert spellings("aujourd'hui") == ("aujourd'hui", "aujourd’hui")
    assert every_spelling(("mañana",)) == ("mañana", "manana", "ma?ana")


@pytest.mark.parametrize(
    ("lexicon", "text", "period"),
    [
        (FR, "à confirmer d'ici la fin de l'année", "year"),
        (FR, "à confirmer avant la fin du mois", "month"),
        (DE, "wird bis Ende des Monats bestätigt", "month"),
        (ES, "se confirmará antes de finales de este año", "year"),
        (ES, "se confirmará a fin de mes", "month"),
    ],
)
def test_the_end_of_a_period_names_the_period(lexicon: Lexicon, text: str, period: str) -> None:
    periods = "|".join(re.escape(word) for word, _ in lexicon.periods)
    m = re.search(rf"{alternation(lexicon.end_of)}(?P<period>{periods})\b", text.lower())
    assert m is not None and dict(lexicon.periods)[m.group("period")] == period


def test_a_language_module_without_a_familys_constant_is_refused_naming_it() -> None:
    written = {f"_{name.upper()}": ("x",) for name in HandWritten.__annotations__ if name != "hedges"}
    with pytest.raises(ValueError, match=r"\bhedges\b"):
        hand_written(written)
    assert hand_written({**written, "_HEDGES": ("vorläufig",)})["hedges"] == ("vorläufig",)
