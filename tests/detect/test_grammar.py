"""A language is its lexicon: every rule is compiled from the lexicon it is given, once per language,
and a text is read with the rules of the grammar it is handed. A made-up language (English's rules
with words of its own) shows that no rule keeps a word of its own: each of these readings changes
with the words alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from bot.detect.dates import find_dates
from bot.detect.grammar import ENGLISH_GRAMMAR, Grammar, grammar_of
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
