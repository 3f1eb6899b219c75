"""German and Spanish forms of community lists (clubs, user groups, parents' and residents'
associations) that the rules read: a move wrapped over two lines, a day's date in brackets after a
limit, two-letter weekdays starting the rows of a list, date polls and their outcome, and the present
tense of Spanish cancellations and moves.

The messages are written for these tests; the rules are the language's, never a message's.
"""

from __future__ import annotations

from datetime import datetime

from bot.detect import Mention
from bot.detect.cues import is_limit
from bot.detect.grammar import grammar_of
from bot.meeting import MeetingStatus as Status
from tests.detect.helpers import RULES, found

SENT = "2020-03-02T09:00:00+01:00"  # a Monday
C, T, X = Status.CONFIRMED, Status.TENTATIVE, Status.CANCELLED


def _when(m: Mention) -> str:
    start = m.when.start
    return start.strftime("%Y-%m-%d %H:%M") if isinstance(start, datetime) else start.isoformat()


def read(text: str, subject: str = "") -> list[tuple[str, Status]]:
    return [(_when(m), m.status) for m in found(text, SENT, subject, RULES) if not m.quoted]


def test_a_german_move_whose_verb_wraps_onto_the_next_line_confirms_the_new_date() -> None:
    text = (
        "Hallo zusammen,\n\ndas Treffen der Arbeitsgruppe wird von Donnerstag, 12.03. auf Dienstag,\n"
        "17.03., 19 Uhr verschoben.\n\nGruß\nJan"
    )
    assert read(text) == [("2020-03-12", X), ("2020-03-17 19:00", C)]


def test_an_install_party_is_a_gathering_in_german_too() -> None:
    text = "Hallo,\n\nam Samstag, 14. März ist Install-Party im Jugendhaus, 10-16 Uhr.\n\nGruß\nUte"
    assert read(text) == [("2020-03-14 10:00", C)]


def test_rows_of_two_letter_weekdays_under_a_poll_are_proposed_days_until_it_is_closed() -> None:
    text = (
        "Hallo,\n\ndas Gemeindehaus hat uns für den Workshop zwei Abende angeboten, jeweils ab 19 Uhr:\n\n"
        "  Di., 10.3.\n  Do., 12.3.\n\n"
        "Bitte tragt euch bis Freitag (6.3.) in die Umfrage ein.\n\nUte"
    )
    assert read(text) == [("2020-03-10 19:00", T), ("2020-03-12 19:00", T)]
    # Once the poll is closed, it hedges nothing.
    text = (
        "Hallo,\n\ndie Umfrage ist geschlossen, danke fürs Mitmachen! Der Workshop findet am Dienstag, "
        "10.3., um 19 Uhr statt.\n\nUte"
    )
    assert read(text) == [("2020-03-10 19:00", C)]


def test_a_limit_before_a_weekday_with_its_date_in_brackets_is_no_meeting() -> None:
    text = (
        "Hallo,\n\nfür das Sommerfest-Treffen brauchen wir noch Kuchen: bitte bis Sonntag (8.3.) bei mir "
        "melden.\n\nUte"
    )
    assert read(text) == []


def test_the_usual_weekday_is_a_kind_of_day_not_a_date() -> None:
    text = (
        "Hallo,\n\nwir könnten diesmal vom üblichen Mittwoch abweichen und uns am Donnerstag, 12.3., "
        "zum Stammtisch treffen.\n\nJan"
    )
    assert [day for day, _ in read(text)] == ["2020-03-12"]


def test_a_transfer_of_money_on_a_day_is_no_meeting() -> None:
    text = (
        "Hallo,\n\ndanke für das schöne Treffen! Die Rechnung für die Getränke überweise ich am 09.03.\n\n"
        "Gruß\nUte"
    )
    assert read(text) == []


def test_spanish_cancellations_and_moves_in_the_present() -> None:
    assert read("Hola:\n\nLa charla del jueves 12 de marzo se cancela por enfermedad.\n\nPablo") == [
        ("2020-03-12", X)
    ]
    text = (
        "Hola:\n\nLa reunión de junta del martes 10 de marzo se pospone al jueves 12 de marzo, a las "
        "18:30.\n\nLola"
    )
    assert read(text) == [("2020-03-10", X), ("2020-03-12 18:30", C)]


def test_a_spanish_cancellation_then_the_day_it_is_held_instead() -> None:
    text = (
        "Hola:\n\nSe cancela la reunión del martes 10 de marzo porque tengo tribunal; la haremos el "
        "jueves 12 a las 18:00.\n\nBea"
    )
    assert read(text) == [("2020-03-10", X), ("2020-03-12 18:00", C)]


def test_a_spanish_poll_proposes_its_days_until_it_is_closed() -> None:
    text = (
        "Hola:\n\nPara la quedada de marzo me valen estos días:\n\n- sábado 14 de marzo a las 11:00\n"
        "- domingo 15 de marzo a las 11:00\n\nApuntaos en el Framadate antes del jueves 12, por favor.\n\n"
        "Luis"
    )
    assert read(text) == [("2020-03-14 11:00", T), ("2020-03-15 11:00", T)]
    text = (
        "Hola:\n\nCerramos la encuesta, gracias a todos. La quedada será el sábado 14 de marzo a las "
        "11:00 en el parque.\n\nLuis"
    )
    assert read(text) == [("2020-03-14 11:00", C)]


def test_two_spanish_alternatives_each_with_its_article_share_their_time() -> None:
    text = "Hola:\n\nLa reunión puede ser el martes 10 de marzo o el jueves 12, a las 20:00.\n\nLuis"
    assert read(text) == [("2020-03-10 20:00", T), ("2020-03-12 20:00", T)]


def test_only_a_weekday_before_a_bracketed_date_carries_a_limit_to_it() -> None:
    english = grammar_of("en").cues
    text = "Please register by Friday (May 3)."
    assert is_limit(english, text, text.index("May 3"))
    text = "It will be held on the Wednesday before the conference (Wednesday 7th March)."
    assert not is_limit(english, text, text.index("Wednesday 7th"))
