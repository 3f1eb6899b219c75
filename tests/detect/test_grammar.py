"""A language is its lexicon: every rule is compiled from the lexicon it is given, once per language,
and a text is read with the rules of the grammar it is handed. A made-up language (English's rules
with words of its own) shows that no rule keeps a word of its own: each of these readings changes
with the words alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from bot.detect.cues import gathering_positions
from bot.detect.dates import find_dates
from bot.detect.grammar import ENGLISH_GRAMMAR, Grammar, grammar_of
from bot.detect.layout import analyse
from bot.detect.pipeline import read_text
from bot.detect.times import find_times
from bot.lexicon import ENGLISH
from bot.meeting import MeetingStatus

SENT = datetime(2019, 5, 2, 10, 0, tzinfo=UTC)  # a Thursday
_MONTHS = tuple(
    (name,)
    for name in (
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
        "lima",
    )
)  # fmt: skip
TOY = replace(
    ENGLISH,
    code="toy",
    months=_MONTHS,
    gathering=("rendezvous",),
    gathering_stems=("rendezvous",),
    relative_days=(("morrow", 1),),
    cancellations=(r"annull?ed",),
    hedges=(r"perchance",),
    clock_words=(("highnoon", (12, 0)),),
)


def _read(text: str, grammar: Grammar) -> list[tuple[date, MeetingStatus | None]]:
    reading = read_text(text, SENT, "DMY", grammar=grammar)
    return [(c.day, c.status) for c in reading.candidates if c.rule_confidence is not None]


def test_a_text_is_read_with_the_words_of_the_grammar_it_is_given() -> None:
    toy = Grammar.of(TOY)
    text = "The rendezvous is on 14 echo."
    assert _read(text, toy) == [(date(2019, 5, 14), None)]
    assert _read(text, ENGLISH_GRAMMAR) == []
    assert _read("The meeting is on 14 May.", toy) == []


def test_status_words_are_the_languages_own() -> None:
    toy = Grammar.of(TOY)
    assert _read("The rendezvous on 14 echo is annulled.", toy) == [
        (date(2019, 5, 14), MeetingStatus.CANCELLED)
    ]
    assert _read("The rendezvous on 14 echo is perchance.", toy) == [
        (date(2019, 5, 14), MeetingStatus.TENTATIVE)
    ]
    assert _read("The rendezvous on 14 echo is cancelled.", toy) == [(date(2019, 5, 14), None)]


def test_relative_days_and_clock_words_are_the_languages_own() -> None:
    toy = Grammar.of(TOY)
    assert [hit.day for hit in find_dates("see you morrow", SENT.date(), rules=toy.dates)] == [
        date(2019, 5, 3)
    ]
    assert find_dates("see you tomorrow", SENT.date(), rules=toy.dates) == []
    assert [hit.at for hit in find_times("at highnoon", rules=toy.times)] == [time(12, 0)]
    assert find_times("at noon", rules=toy.times) == []


def test_each_languages_rules_are_made_once() -> None:
    assert Grammar.of(TOY) is Grammar.of(TOY)
    assert grammar_of("en") is ENGLISH_GRAMMAR
    assert ENGLISH_GRAMMAR.dates is Grammar.of(ENGLISH).dates
    assert Grammar.of(TOY).dates is not ENGLISH_GRAMMAR.dates


# The forms a language needs beyond English's, each read only in a language whose lexicon has the
# words: the made-up language borrows them (German's "18 Uhr", Spanish's "de la tarde", ...).
FORMS = replace(
    TOY,
    code="toy-forms",
    weekdays=(
        ("monday", "mo"),
        ("tuesday", "tu"),
        ("wednesday", "we"),
        ("thursday", "th"),
        ("friday", "fr"),
        ("saturday", "sa"),
        ("sunday", "su"),
    ),
    months=(*_MONTHS[:2], ("märz", "maerz"), *_MONTHS[3:]),
    articles=("le", "les"),
    of_month=("de",),
    ordinal_suffixes=(".", "er"),
    day_first=True,
    hour_marks=("uhr",),
    day_periods=(("de la tarde", "pm"), ("de la mañana", "am")),
    weekday_qualifiers_after=(("que viene", "next"),),
    compound_tails=("rendezvous",),
)


def _days(text: str, order: str = "DMY") -> list[tuple[int, date]]:
    return [
        (hit.start, hit.day) for hit in find_dates(text, SENT.date(), order, rules=Grammar.of(FORMS).dates)
    ]


def _times(text: str) -> list[time]:
    return [hit.at for hit in find_times(text, rules=Grammar.of(FORMS).times)]


def test_a_day_first_language_reads_numeric_dates_day_first_whatever_the_lists_habit() -> None:
    assert _days("am 3/12", order="MDY") == [(3, date(2019, 12, 3))]
    assert [hit.day for hit in find_dates("on 3/12", SENT.date(), "MDY")] == [date(2019, 3, 12)]


def test_a_month_name_with_letters_beyond_ascii_and_a_dotted_day() -> None:
    # Two months before the message: a stale date, not next year's.
    assert _days("am 3. März") == [(3, date(2019, 3, 3))]
    assert _days("am 3. Maerz") == [(3, date(2019, 3, 3))]


def test_a_year_joined_as_the_day_and_month_are() -> None:
    assert _days("el 3 de echo de 2020") == [(3, date(2020, 5, 3))]


def test_a_two_letter_weekday_before_a_date_is_the_dates() -> None:
    # 9 May 2019 is a Thursday: the weekday is taken into the date's span.
    assert _days("Th., 9.5.") == [(0, date(2019, 5, 9))]


def test_a_weekday_qualified_after_it() -> None:
    assert _days("thursday que viene") == [(0, date(2019, 5, 9))]


def test_a_bare_ordinal_after_an_article_of_any_length() -> None:
    assert _days("le 1er") == [(0, date(2019, 6, 1))]
    assert _days("les 1er") == [(0, date(2019, 6, 1))]


def test_an_hour_with_its_mark_and_a_part_of_the_day() -> None:
    assert _times("um 18 Uhr") == [time(18, 0)]
    assert _times("ab 19.30 Uhr") == [time(19, 30)]
    assert _times("a las 8:00 de la tarde") == [time(20, 0)]
    assert _times("a las 6:00 de la mañana") == [time(6, 0)]
    assert [hit.at for hit in find_times("at 18 Uhr")] == []


def test_a_gathering_word_ending_a_longer_word() -> None:
    rules = Grammar.of(FORMS).cues
    assert gathering_positions("das grossrendezvous am 3.", rules) == (9,)
    assert gathering_positions("das grossrendezvous am 3.", Grammar.of(TOY).cues) == ()


def test_a_day_numbers_stop_ends_no_sentence_where_it_makes_an_ordinal() -> None:
    text = "Das Treffen am 12. März fällt aus. Danke!"
    assert analyse(text, Grammar.of(FORMS).layout).unit(0) == (0, text.index(" Danke"))
    assert analyse(text).unit(0) == (0, text.index(" März"))


def test_a_line_that_continues_a_sentence_is_no_timetable_row() -> None:
    # Wrapped after "on" or "le", a line may start with a weekday and a date like a row, and is not one.
    english = (
        "The dates are now confirmed: the group will meet on\nMonday 12 February 2007, and the open "
        "consultations are on\nTuesday 13 February, both at the Palais des Nations.\n"
    )
    french = (
        "Les dates sont confirmées : le groupe se réunira le\nlundi 12 février 2007, et les consultations "
        "se tiendront le\nmardi 13 février, au Palais des Nations.\n"
    )
    for text, grammar in ((english, ENGLISH_GRAMMAR), (french, grammar_of("fr"))):
        layout = analyse(text, grammar.layout)
        assert not any(layout.is_row_line(text.index(day)) for day in ("12 ", "13 "))
    # A run of rows under a line that ends a sentence stays rows.
    table = "The programme:\nMonday 12 February 2007 MAG meeting\nTuesday 13 February open consultations\n"
    layout = analyse(table, ENGLISH_GRAMMAR.layout)
    assert all(layout.is_row_line(table.index(day)) for day in ("Monday", "Tuesday"))
