"""Which grammar reads which part of a message: its text in runs of one language.

The language of each paragraph comes from the lexicons' own evidence (``bot.lexicon.language``); a
paragraph that does not say takes its neighbours' language, and a text none of whose paragraphs
says is in the list's language. A text in one language is one run, read whole, as a text has always
been read; a text with paragraphs in several ("an English announcement with a French paragraph") is
read a run at a time, each with its own language's grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.detect.grammar import Grammar, grammar_of
from bot.lexicon import LEXICONS
from bot.lexicon.language import UNKNOWN, language, paragraph_languages


@dataclass(frozen=True, slots=True)
class Run:
    """``text[start:end]``, in the language ``grammar`` reads."""

    start: int
    end: int
    grammar: Grammar


def runs(text: str, default: str, languages: tuple[str, ...] | None = None) -> tuple[Run, ...]:
    """``text`` in runs of one language, ``default`` (the list's) where its words do not say or
    name a language not among ``languages`` (None: any)."""
    if languages is not None and len(languages) == 1:
        return (Run(0, len(text), grammar_of(_known(languages[0], default))),)
    plain = _plainly_one_language(text, default)
    if plain is not None:
        return (Run(0, len(text), grammar_of(plain)),)
    spans = [
        (start, end, code if languages is None or code in languages else default)
        for start, end, code in paragraph_languages(text, default=default)
    ]
    codes = {_known(code, default) for _, _, code in spans}
    if len(codes) <= 1:
        return (Run(0, len(text), grammar_of(codes.pop() if codes else _known(default, "en"))),)
    return tuple(Run(start, end, grammar_of(_known(code, default))) for start, end, code in spans)


def _plainly_one_language(text: str, default: str) -> str | None:
    """The language of a text that plainly has one, judged from its opening alone: one that opens in
    English and holds no letter only another language writes (most list mail, which is then read
    as fast as ever). Another language's paragraph written without its accents (as some archives
    store it) in such a text is read as English."""
    code = language(text)
    if code == UNKNOWN:
        code = _known(default, "en")
    if code != "en":
        return None
    return code if text.isascii() or _OTHER_LETTERS.search(text) is None else None


def main_grammar(found: tuple[Run, ...]) -> Grammar:
    """The grammar of most of the text: the one a Subject or a calendar part is read in when its own
    words do not say."""
    length: dict[str, int] = {}
    for run in found:
        length[run.grammar.code] = length.get(run.grammar.code, 0) + run.end - run.start
    return grammar_of(max(length, key=lambda code: length[code]))


def grammar_for(text: str, fallback: Grammar) -> Grammar:
    """The grammar of a short text (a Subject, a quoted block's opening), ``fallback`` when its words
    do not say."""
    code = language(text)
    return fallback if code == UNKNOWN or code not in LEXICONS else grammar_of(code)


# How much of a quoted block is looked at for another language's letters.
_QUOTED_SAMPLE = 2000
# A letter only a language other than English writes often ("é", "ü", "ñ").
_OTHER_LETTERS = re.compile(
    "[" + re.escape("".join(lexicon.letters for lexicon in LEXICONS.values() if lexicon.code != "en")) + "]"
)


def quoted_grammar(text: str, main: Grammar) -> Grammar:
    """The grammar of a quoted block: its own language's, that of the message quoting it when its
    words do not say; in English mail, English for a block without a letter of another language."""
    if main.code == "en" and (text.isascii() or _OTHER_LETTERS.search(text, 0, _QUOTED_SAMPLE) is None):
        return main
    return grammar_for(text, main)


def _known(code: str, default: str) -> str:
    if code in LEXICONS:
        return code
    return default if default in LEXICONS else "en"
