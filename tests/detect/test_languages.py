"""French, Spanish and German mail, read with the rules of its own language: each text in runs of one
language, each run with its grammar; English takes the path it always took.

The messages are written for these tests in the styles of association, user-group and project lists.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.detect import DetectOptions, Mention, detect
from bot.detect.explain import explain
from bot.detect.languages import runs
from bot.mail import parse
from bot.meeting import MeetingStatus as Status
from tests.detect.helpers import RULES, found, mail

SENT = "2020-03-02T09:00:00+01:00"  # a Monday
C, T, X = Status.CONFIRMED, Status.TENTATIVE, Status.CANCELLED


def _when(m: Mention) -> str:
    start = m.when.start
    return start.strftime("%Y-%m-%d %H:%M") if isinstance(start, datetime) else start.isoformat()


def read(
    text: str, subject: str = "", options: DetectOptions = RULES, sent: str = SENT
) -> list[tuple[str, Status, str]]:
    return [(_when(m), m.status, m.language) for m in found(text, sent, subject, options) if not m.quoted]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The issue's three announcements.
        (
            "Bonjour à tous,\n\nLa prochaine réunion aura lieu le mardi 10 mars à 14h30 dans la salle du "
            "conseil.\n\nBonne journée,\nMarie",
            [("2020-03-10 14:30", C, "fr")],
        ),
        (
            "Hola a todos:\n\nLa reunión será el jueves 12 de marzo a las 18:00 en el local de la "
            "asociación.\n\nUn saludo,\nPablo",
            [("2020-03-12 18:00", C, "es")],
        ),
        (
            "Hallo zusammen,\n\nunser nächstes Treffen ist am Donnerstag, 12. März um 18 Uhr "
            "(vorläufig).\n\nViele Grüße\nJan",
            [("2020-03-12 18:00", T, "de")],
        ),
        # Forms each language needs.
        (
            "Hallo,\n\ndie nächste Sitzung ist am 03.04. um 19.30 Uhr im Vereinsheim.\n\nGruß\nUte",
            [("2020-04-03 19:30", C, "de")],
        ),
        (
            "Hallo,\n\nwir treffen uns Do., 5.3. zum Stammtisch, wie immer ab 20 Uhr.\n\nGruß\nUte",
            [("2020-03-05 20:00", C, "de")],
        ),
        (
            "Bonjour,\n\nL'assemblée générale aura lieu le 1er avril à 18h. Venez nombreux !\n\nLe bureau",
            [("2020-04-01 18:00", C, "fr")],
        ),
        (
            "Hola:\n\nLa asamblea general se celebrará el 3 de abril de 2020 a las 19 horas.\n\nLa junta",
            [("2020-04-03 19:00", C, "es")],
        ),
    ],
)
def test_an_announcement_is_read_in_its_language(text: str, expected: list[tuple[str, Status, str]]) -> None:
    assert read(text) == expected


def test_the_issues_german_announcement_is_tentative() -> None:
    text = "Unser nächstes Treffen findet am Donnerstag, 12. März um 18 Uhr statt (vorläufig)."
    assert read(text) == [("2020-03-12 18:00", T, "de")]


def test_status_words_of_each_language() -> None:
    assert read("Bonjour,\n\nla réunion du jeudi 12 mars est annulée.\n\nMarie") == [("2020-03-12", X, "fr")]
    assert read("Hola:\n\nla reunión del jueves 12 de marzo queda aplazada.\n\nPablo") == [
        ("2020-03-12", X, "es")
    ]
    assert read("Hallo,\n\ndas Treffen am 12. März fällt aus.\n\nJan") == [("2020-03-12", X, "de")]
    assert read("Bonjour,\n\nproposition : réunion le jeudi 12 mars (à confirmer).\n\nMarie") == [
        ("2020-03-12", T, "fr")
    ]


def test_a_paragraph_in_another_language_is_read_in_its_own() -> None:
    text = (
        "Hi all,\n\nThe board meeting is on Thursday 12 March at 10:00 UTC in room 4.\n\n"
        "Pour les membres francophones : la réunion du groupe local aura lieu le mardi 17 mars à 18h30 "
        "à la mairie.\n\nBest,\nAnna"
    )
    assert read(text) == [("2020-03-12 10:00", C, "en"), ("2020-03-17 18:30", C, "fr")]
    assert [run.grammar.code for run in runs(text, "en")] == ["en", "fr"]


def test_english_is_one_run_whatever_the_lists_language() -> None:
    text = "Hi all,\n\nThe call is on Thursday 12 March at 10:00 UTC.\n\nThanks,\nAnna"
    assert [(run.start, run.end, run.grammar.code) for run in runs(text, "de")] == [(0, len(text), "en")]


def test_a_text_whose_words_do_not_say_is_in_the_lists_language() -> None:
    assert [run.grammar.code for run in runs("12.03.2020 19:00", "de")] == ["de"]
    assert [run.grammar.code for run in runs("12.03.2020 19:00", "en")] == ["en"]


def test_the_rules_decide_in_languages_the_learned_decision_has_not_been_trained_on() -> None:
    german = "Hallo zusammen,\n\nunser nächstes Treffen ist am Donnerstag, 12. März um 18 Uhr.\n\nJan"
    english = "Hi all,\n\nour next meeting is on Thursday 12 March at 18:00.\n\nJan"
    _, considered = explain(mail(german, SENT), DetectOptions())
    assert [(c.day, c.probability, c.kept) for c in considered] == [(date(2020, 3, 12), None, True)]
    _, considered = explain(mail(english, SENT), DetectOptions())
    assert [c.probability is not None for c in considered] == [True]


def test_the_languages_a_list_is_read_in_can_be_limited() -> None:
    german = "Hallo zusammen,\n\nunser nächstes Treffen ist am Donnerstag, 12. März um 18 Uhr.\n\nJan"
    assert read(german) == [("2020-03-12 18:00", C, "de")]
    assert read(german, options=DetectOptions(rules_only=True, languages=("en",))) == []


def test_the_week_named_before_its_weekday() -> None:
    text = "Hallo,\n\nwir haben uns geeinigt: nächste Woche Donnerstag um 14 Uhr treffen wir uns.\n\nMartin"
    assert read(text) == [("2020-03-12 14:00", C, "de")]
    assert read("Hi,\n\nthe next call is next week Thursday at 14:00.\n\nMartin") == [
        ("2020-03-12 14:00", C, "en")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bonjour,\n\nle bureau se réunira le 12 mars, et l'assemblée générale aura lieu le 14.\n\nPaul",
            [("2020-03-12", C, "fr"), ("2020-03-14", C, "fr")],
        ),
        (
            "Hallo,\n\nder Vorstand trifft sich am 12. März, und am 14. findet die Versammlung statt.\n\nJan",
            [("2020-03-12", C, "de"), ("2020-03-14", C, "de")],
        ),
        (
            "Hola:\n\nla junta se reúne el 12 de marzo y la asamblea será el 14.\n\nPablo",
            [("2020-03-12", C, "es"), ("2020-03-14", C, "es")],
        ),
        # With no date before it, a number alone is no day; with a month after it, one date.
        ("Bonjour,\n\nla réunion du bureau : rendez-vous le 14.\n\nPaul", []),
        ("Bonjour,\n\nla réunion du bureau aura lieu le 14 mars.\n\nPaul", [("2020-03-14", C, "fr")]),
        ("Hallo,\n\ndie Sitzung ist am 12. März um 18 Uhr, Raum 13.\n\nJan", [("2020-03-12 18:00", C, "de")]),
    ],
)
def test_a_day_number_alone_is_a_day_of_the_month_before(
    text: str, expected: list[tuple[str, Status, str]]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_seed_thread_in_french_and_german_reads_as_the_english_one(language: str) -> None:
    folder = Path(__file__).resolve().parents[1] / "fixtures" / f"seed-{language}"

    def read_message(name: str) -> list[Mention]:
        return detect(parse((folder / name).read_bytes()), DetectOptions())

    def summary(found: list[Mention]) -> list[tuple[str, Status, bool, date | None, str]]:
        return [(_when(m), m.status, m.quoted, m.details.confirm_by, m.language) for m in found]

    year_end = date(2006, 12, 31)
    announced = [(day, T, False, year_end, language) for day in ("2007-02-12", "2007-02-13")]
    assert summary(read_message("mmwg-1-announce.eml")) == announced
    # The reply's own text adds nothing; the announcement it quotes reads the same.
    quoted = [(day, status, True, by, lang) for day, status, _, by, lang in announced]
    assert summary(read_message("mmwg-2-reply.eml")) == quoted
    confirmed = read_message("mmwg-3-confirmed.eml")
    assert summary(confirmed) == [(day, C, False, None, language) for day in ("2007-02-12", "2007-02-13")]
    assert all((m.details.location or "").startswith("Palais des Nations") for m in confirmed)


def test_dates_not_confirmed_before_the_end_of_the_year_are_tentative_until_then() -> None:
    text = (
        "Bonjour,\n\nLe bureau se réunira le 12 février, et l'assemblée aura lieu le 13.\n\n"
        "Les dates ne seront pas confirmées avant la fin de l'année.\n\nClaire"
    )
    meetings = found(text, "2006-11-27T10:00:00+01:00", "", RULES)
    assert [(m.when.first_day.isoformat(), m.status, m.details.confirm_by) for m in meetings] == [
        ("2007-02-12", T, date(2006, 12, 31)),
        ("2007-02-13", T, date(2006, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "subject", "expected"),
    [
        # "findet statt am": where and when it takes place, nothing given up "instead".
        (
            "Hallo zusammen,\n\ndas nächste Treffen findet statt am Mittwoch, den 18.03. ab 18.00 Uhr.\n\n"
            "Gruß\nUte",
            "Stammtisch",
            [("2020-03-18 18:00", C, "de")],
        ),
        # A proposal's verb last, after a date with its time.
        (
            "Hallo,\n\nwenn alle können, schlag ich schonmal Dienstag, 10. März 2020 um 14:00 Uhr "
            "vor.\n\nJan",
            "Nächstes Treffen",
            [("2020-03-10 14:00", T, "de")],
        ),
        # A date asked about.
        ("Hallo,\n\nTreffen wir uns morgen noch mal?\n\nJan", "Stand und Treffen", [("2020-03-03", T, "de")]),
        (
            "Hola:\n\nAl final se confirma la reunión del jueves 12 a las 14:30 en el despacho???\n\nPablo",
            "Reunión con Jaime",
            [("2020-03-12 14:30", T, "es")],
        ),
        # "definitely" under "we should": still a proposal.
        (
            "Hola:\n\nCreo que definitivamente deberíamos quedar el martes 10 a las 16:00 para hacer la "
            "reunión.\n\nPablo",
            "Reunión del martes 10",
            [("2020-03-10 16:00", T, "es")],
        ),
        (
            "Hola:\n\nEsta semana nos toca reunión con Jaime, entonces sería el jueves 5.\n\nPablo",
            "reunión con Jaime",
            [("2020-03-05", T, "es")],
        ),
    ],
)
def test_proposals_and_questions_are_tentative_in_each_language(
    text: str, subject: str, expected: list[tuple[str, Status, str]]
) -> None:
    assert read(text, subject) == expected


def test_a_question_mark_after_a_word_asks_one_an_archive_put_for_a_lost_character_does_not() -> None:
    asked = "Hi,\n\nboard meeting on Thursday 12 March at 10:00 in room 4?\n\nAnna"
    assert read(asked, "Board meeting") == [("2020-03-12 10:00", T, "en")]
    lost = (
        "Dear colleagues,\n\nthe 24th conference of the association is to be held in Naples on "
        "March 12 ? March 13, 2020.?\n\nBest,\nAnna"
    )
    assert read(lost, "Conference") == [("2020-03-12", C, "en")]


def test_rows_under_a_heading_that_proposes_them_are_tentative() -> None:
    german = (
        "Liebe Mitglieder,\n\nhier zwei Terminvorschläge für die nächste Vorstandssitzung:\n"
        "1) Donnerstag, 12. März\n2) Freitag, 13. März\n\nWelcher passt euch?\n\nGruß\nUte"
    )
    assert read(german, "Vorstandssitzung") == [("2020-03-12", T, "de"), ("2020-03-13", T, "de")]
    english = (
        "Hi all,\n\nProposed dates for the next board meeting:\n- Thursday 12 March\n"
        "- Friday 13 March\n\nPlease reply by Friday.\n\nAnna"
    )
    assert read(english, "Board meeting") == [("2020-03-12", T, "en"), ("2020-03-13", T, "en")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weekday with a day number and no month: the coming month where that day is that weekday.
        (
            "Hola:\n\nLa reunión será el martes 10 a las 18:00 en el local.\n\nPablo",
            [("2020-03-10 18:00", C, "es")],
        ),
        ("Hola:\n\nLa asamblea es el miércoles 16 a las 19:00.\n\nPablo", [("2020-09-16 19:00", C, "es")]),
        ("Bonjour,\n\nLa permanence aura lieu mardi 10 à 18h30.\n\nMarie", [("2020-03-10 18:30", C, "fr")]),
        # A weekday written without its accent, or with the "?" of an archive that lost it.
        ("Hola:\n\nLa reunion sera el miercoles a las 15:00.\n\nPablo", [("2020-03-04 15:00", C, "es")]),
        ("Hola:\n\nla reuni?n es el mi?rcoles 11 a las 15:00.\n\nPablo", [("2020-03-11 15:00", C, "es")]),
    ],
)
def test_a_weekday_with_a_day_number_names_its_day(
    text: str, expected: list[tuple[str, Status, str]]
) -> None:
    assert read(text) == expected


def test_a_weekday_before_a_day_number_but_not_before_a_time_or_the_first_of_two_days() -> None:
    assert read("Hi all,\n\nThe next meeting is on Tuesday 10 at 18:00.\n\nAnna") == [
        ("2020-03-10 18:00", C, "en")
    ]
    assert read("Hi all,\n\nThe call is on Tuesday 10:30 UTC.\n\nAnna") == [("2020-03-03 10:30", C, "en")]
    assert read("Hi all,\n\nThe workshop is on Thursday 12 or Friday 13 March.\n\nAnna") == [
        ("2020-03-12", T, "en"),
        ("2020-03-13", T, "en"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hallo,\n\nnächstes Treffen: Mi 14 Uhr im Raum 3.\n\nJan", [("2020-03-04 14:00", C, "de")]),
        ("Hallo,\n\ndas Treffen ist also Mi 14h, wie besprochen.\n\nJan", [("2020-03-04 14:00", C, "de")]),
        ("Bonjour,\n\nprochaine réunion : mer. à 14h en salle B.\n\nMarie", [("2020-03-04 14:00", C, "fr")]),
        (
            "Hola:\n\nla próxima reunión: mié a las 18:00 en el local.\n\nPablo",
            [("2020-03-04 18:00", C, "es")],
        ),
        ("Hi all,\n\nnext meeting: Wed 2pm in room 3.\n\nAnna", [("2020-03-04 14:00", C, "en")]),
        # Without a time, an abbreviation alone is no day: "So" is also a word.
        ("Hallo,\n\nSo sehen wir uns beim Treffen.\n\nJan", []),
    ],
)
def test_an_abbreviated_weekday_with_a_time_after_it_is_the_coming_one(
    text: str, expected: list[tuple[str, Status, str]]
) -> None:
    assert read(text) == expected


def test_german_day_forms_without_their_month_or_closing_stop() -> None:
    # "am 8.12", "vom 15.12 bis zum 19.12": the stop after the month left out; not a time ("ab 10.12 Uhr").
    text = "Hallo,\n\nder Stammtisch ist am 8.12 ab 19 Uhr im Vereinsheim.\n\nUte"
    assert read(text, sent="2020-12-01T09:00:00+01:00") == [("2020-12-08 19:00", C, "de")]
    # "Freitag (18te)": the weekday's day in parentheses.
    text = "Hallo,\n\nder Stammtisch ist am Freitag (13.) im Vereinsheim.\n\nUte"
    assert read(text) == [("2020-03-13", C, "de")]
    # "vom 21ten": an ordinal after a preposition that leads to a day.
    text = "Hallo,\n\ndie Sitzung ist vom 21ten bis zum 22ten im Rathaus.\n\nUte"
    assert [day for day, _, _ in read(text)] == ["2020-03-21"]


def test_a_day_proposed_under_a_subject_that_names_the_meeting_is_a_tentative_meeting_day() -> None:
    text = "Hallo,\n\nmir passt es am besten in der Woche vom 16.03 bis zum 20.03 des Abends.\n\nJan"
    assert read(text, "Mögliches Entwicklertreffen") == [("2020-03-16", T, "de")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A range whose end alone carries the hour's mark starts at its first hour.
        (
            "Hallo,\n\ndas nächste Treffen ist am Samstag, 7. März von 10 bis 17 Uhr im Jugendzentrum."
            "\n\nUte",
            [("2020-03-07 10:00", C, "de")],
        ),
        (
            "Hallo,\n\nDeveloper-Treffen am Montag, 9. März, 14-17 Uhr im Büro.\n\nUte",
            [("2020-03-09 14:00", C, "de")],
        ),
        (
            "Hola:\n\nTaller de poda: sábado 7 de marzo, de 10 a 13 h, en la parcela 7.\n\nMarisa",
            [("2020-03-07 10:00", C, "es")],
        ),
        # A bare hour with its part of the day; "la mañana" there is the morning, not tomorrow.
        (
            "Hola:\n\nHacemos quedada el domingo 8 de marzo a las 10 de la mañana en el huerto.\n\nMarisa",
            [("2020-03-08 10:00", C, "es")],
        ),
        # "halb acht abends": half past seven in the evening.
        (
            "Hallo,\n\ndas Plenum findet am Mittwoch, den 4. März um halb acht abends im Café statt.\n\nJana",
            [("2020-03-04 19:30", C, "de")],
        ),
    ],
)
def test_start_times_as_french_german_and_spanish_lists_write_them(
    text: str, expected: list[tuple[str, Status, str]]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A poll's outcome confirms the day, though the poll's word alone hedges.
        (
            "Bonjour,\n\nLe Doodle a parlé : le bureau se réunira le jeudi 12 mars à 20h30.\n\nOdile",
            [("2020-03-12 20:30", C, "fr")],
        ),
        (
            "Hallo,\n\ndie Umfrage ist eindeutig: das Plenum findet am Mittwoch, den 11. März um 19 Uhr "
            "statt.\n\nJana",
            [("2020-03-11 19:00", C, "de")],
        ),
        (
            "Hola:\n\nSegún la encuesta, la reunión de grupo será el miércoles 11 de marzo a las 10:00."
            "\n\nLucía",
            [("2020-03-11 10:00", C, "es")],
        ),
        # Inflected hedges, pending confirmation, options offered.
        (
            "Hallo,\n\nvorläufiger Termin für die nächste Vorstandssitzung: Dienstag, 10. März, 19.30 Uhr."
            "\n\nJana",
            [("2020-03-10 19:30", T, "de")],
        ),
        (
            "Hola:\n\nTenemos una reunión con la concejala el martes 10 de marzo a las 12:00, pendiente de "
            "confirmar.\n\nLucía",
            [("2020-03-10 12:00", T, "es")],
        ),
        (
            "Bonsoir,\n\nPour la réunion du bureau, deux possibilités, à 20h30 en visio : mardi 10 mars ou "
            "jeudi 12 mars.\n\nOdile",
            # The hour is written once, before the options, for both.
            [("2020-03-10 20:30", T, "fr"), ("2020-03-12 20:30", T, "fr")],
        ),
    ],
)
def test_status_words_of_community_lists(text: str, expected: list[tuple[str, Status, str]]) -> None:
    assert read(text) == expected


def test_a_german_move_names_its_new_date_before_the_verb() -> None:
    # "auf Donnerstag, den 12. März verschoben": the date after "auf" is the new one, the other left.
    text = (
        "Hallo,\n\nder Stammtisch am Do., 5.3. wird wegen Ostern auf Donnerstag, den 12. März "
        "verschoben, 19 Uhr wie immer.\n\nTom"
    )
    assert [(day, status) for day, status, _ in read(text)] == [("2020-03-05", X), ("2020-03-12 19:00", C)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hallo,\n\nfür das Treffen mit der Verwaltung würde die Woche vom 16. März gut passen, am besten "
            "Dienstag oder Donnerstag.\n\nUwe",
            ["2020-03-17", "2020-03-19"],
        ),
        (
            "Bonjour,\n\npour la réunion du bureau, la semaine du 16 mars me va, plutôt mardi ou jeudi."
            "\n\nOdile",
            ["2020-03-17", "2020-03-19"],
        ),
        (
            "Hola:\n\npara la reunión de la junta, la semana del 16 de marzo, mejor martes o jueves."
            "\n\nLucía",
            ["2020-03-17", "2020-03-19"],
        ),
    ],
)
def test_weekdays_after_a_week_named_by_its_first_day_are_that_weeks(text: str, expected: list[str]) -> None:
    assert [day for day, _, _ in read(text)] == expected


def test_a_french_association_s_board_and_a_meeting_brought_forward() -> None:
    text = "Bonjour,\n\nProchain CA : jeudi 12 mars à 20h chez Hélène.\n\nBernard"
    assert read(text) == [("2020-03-12 20:00", C, "fr")]
    # Brought forward: the day left is called off, the new one stands.
    text = (
        "Bonjour,\n\nLe séminaire prévu le jeudi 19 mars est avancé au mardi 17 mars à 10h30, même salle."
        "\n\nKarim"
    )
    assert read(text) == [("2020-03-17 10:30", C, "fr"), ("2020-03-19", X, "fr")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hallo,\n\nfürs Plenum stehen zur Auswahl Mo., 9.3., Mi., 11.3. und Do., 12.3., jeweils um "
            "19.30 Uhr.\n\nJana",
            ["2020-03-09 19:30", "2020-03-11 19:30", "2020-03-12 19:30"],
        ),
        (
            "Hola:\n\npara la reunión de la junta hay tres opciones: martes 10, miércoles 11 o jueves 12 de "
            "marzo, siempre a las 19:30.\n\nLucía",
            ["2020-03-10 19:30", "2020-03-11 19:30", "2020-03-12 19:30"],
        ),
    ],
)
def test_a_time_written_once_for_every_date_of_a_list(text: str, expected: list[str]) -> None:
    assert [day for day, _, _ in read(text)] == expected


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Abwesenheitsnotiz: Stammtisch",
            "Ich bin bis 20. März nicht im Büro. Unser Treffen am 12. März findet statt.",
        ),
        (
            "Automatische Antwort: Stammtisch",
            "Ich bin bis 20. März nicht im Büro. Unser Treffen am 12. März findet statt.",
        ),
        (
            "Réponse automatique : Réunion",
            "Je suis absent jusqu'au 20 mars. La réunion du 12 mars aura lieu.",
        ),
        (
            "Message d’absence : Réunion",
            "Je suis absent jusqu'au 20 mars. La réunion du 12 mars aura lieu.",
        ),
        (
            "Respuesta automática: Reunión",
            "Estoy fuera hasta el 20 de marzo. La reunión será el 12 de marzo.",
        ),
    ],
)
def test_an_automatic_reply_in_any_language_announces_nothing(subject: str, text: str) -> None:
    sent = "2025-03-04T08:01:00+01:00"
    assert found(text, sent, subject) == []
    # The same words under the Subject of the answer they were written for are read.
    assert found(text, sent, subject.split(":", 1)[1].strip()) != []
