"""Which language a text, and each of its paragraphs, is in: English, French, German, Spanish, or
undecided, from the lexicons' own evidence (their most frequent short words, and the letters only
one of them writes often).

Pure and linear: each paragraph is judged on its first few hundred characters, by dictionary hits on
its words, so that plain English is decided in microseconds and a 200,000-character text costs no
more than its paragraph breaks. A paragraph too short to judge (a greeting, a signature, a date, a
URL) takes the language of its neighbours, or of the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.lexicon.model import Lexicon

# A paragraph's language: a lexicon's code, or this when its words do not say.
UNKNOWN = "und"
Span = tuple[int, int, str]

# Enough of a paragraph to judge it: the first sentences say as much as the rest. It is read in
# chunks ending at these offsets, and judging stops at the first chunk that makes one language clear.
_SAMPLE = 320
_CHUNK_ENDS = (90, 180, _SAMPLE)
_CLEAR_SCORE = 3.0
_CLEAR_MARGIN = 3.0
# What stands around a word in running text; not the "?" inside one, a letter an archive lost ("f?r").
_AROUND_WORDS = "\"'’“”‘«»()[]{}<>*_.,;:!?¿¡-/|=+~#@&%0123456789"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n\s*")
# A language wins with this much evidence, and this many times its runner-up's.
_MIN_SCORE = 2.0
_MARGIN = 1.5
# A paragraph ending so leads on to the next one: a salutation ("Hi all,", "Liebe Freunde,").
_LEADS_ON = (",", ":")
# Paragraphs too short to judge alone are judged together, the first this many of them.
_MAX_JOINED = 50
# Each letter only one language writes counts as this much of a word.
_LETTER_WEIGHT = 0.5


class Identifier:
    """The evidence of a set of lexicons, tabled once: for each word, the languages that use it."""

    def __init__(self, lexicons: Iterable[Lexicon]) -> None:
        by_word: dict[str, list[int]] = {}
        letters: dict[str, int] = {}
        codes: list[str] = []
        for index, lexicon in enumerate(lexicons):
            codes.append(lexicon.code)
            for word in (*lexicon.function_words, *_full_names(lexicon)):
                users = by_word.setdefault(word, [])
                if index not in users:
                    users.append(index)
            for letter in lexicon.letters:
                letters[letter] = index
        self.codes: tuple[str, ...] = tuple(codes)
        # A word several languages share counts for each of them a share of one.
        self._words: Mapping[str, tuple[tuple[int, float], ...]] = {
            word: tuple((index, 1.0 / len(users)) for index in users) for word, users in by_word.items()
        }
        self._letters: Mapping[str, int] = letters
        self._letter_class = re.compile("[" + re.escape("".join(letters)) + "]") if letters else None

    def scores(self, text: str) -> dict[str, float]:
        """The evidence for each language in ``text``'s first characters."""
        scores = [0.0] * len(self.codes)
        for start, end in _chunks(text):
            self._add(text[start:end].lower(), scores)
        return dict(zip(self.codes, scores, strict=True))

    def language(self, text: str) -> str:
        """The language of ``text`` (its first characters), or ``UNKNOWN`` when they do not say.

        Read a chunk at a time, stopping once one language clearly leads: plain English is decided
        by its first line."""
        scores = [0.0] * len(self.codes)
        start = 0
        for limit in _CHUNK_ENDS:
            if limit >= len(text):
                self._add(text[start:].lower(), scores)
                break
            end = text.rfind(" ", start, limit) + 1 or limit
            self._add(text[start:end].lower(), scores)
            if _clear(scores):
                break
            start = end
        return _winner(self.codes, scores)

    def _add(self, chunk: str, scores: list[float]) -> None:
        """Add the evidence of a lower-cased chunk: its words, stripped of the punctuation around
        them (the "?" inside a word is a letter an archive lost), and its letters."""
        words = self._words
        for token in chunk.split():
            hits = words.get(token)
            if hits is None:
                # Most words stand bare; only the others pay for their punctuation's stripping.
                if token[-1].isalpha() and token[0].isalpha():
                    continue
                hits = words.get(token.strip(_AROUND_WORDS))
                if hits is None:
                    continue
            for index, share in hits:
                scores[index] += share
        if self._letter_class is not None and not chunk.isascii():
            for letter in self._letter_class.findall(chunk):
                scores[self._letters[letter]] += _LETTER_WEIGHT

    def paragraph_languages(self, text: str, *, default: str = UNKNOWN) -> tuple[Span, ...]:
        """``(start, end, code)`` for each run of paragraphs in one language, covering ``text``; a
        paragraph that does not say takes its neighbours' language, or the whole text's, or
        ``default`` when no paragraph says."""
        paragraphs = _paragraphs(text)
        decided = [self.language(text[start:end]) for start, end in paragraphs]
        leads_on = [text[start:end].rstrip().endswith(_LEADS_ON) for start, end in paragraphs]
        filled = _fill(decided, leads_on, self._overall(text, paragraphs, decided, default))
        return _merged(paragraphs, filled)

    def text_language(self, text: str, *, default: str = UNKNOWN) -> str:
        """The language of most of ``text``'s judged paragraphs, by their length."""
        paragraphs = _paragraphs(text)
        return self._overall(text, paragraphs, [self.language(text[s:e]) for s, e in paragraphs], default)

    def _overall(self, text: str, paragraphs: list[tuple[int, int]], decided: list[str], default: str) -> str:
        """The language of most of the judged paragraphs, by length; when none says, the evidence of
        all of them together (a message of short lines: "Yop, / call tuesday / Please confirm.")."""
        found = _most_written(paragraphs, decided)
        if found != UNKNOWN:
            return found
        total = dict.fromkeys(self.codes, 0.0)
        for start, end in paragraphs[:_MAX_JOINED]:
            for code, score in self.scores(text[start:end]).items():
                total[code] += score
        found = _winner(tuple(total), list(total.values()))
        return default if found == UNKNOWN else found


def _full_names(lexicon: Lexicon) -> Iterable[str]:
    """The month and weekday names of a language, each a word of it ("Donnerstag", "jueves")."""
    for spellings in (*lexicon.months, *lexicon.weekdays):
        yield from (spelling for spelling in spellings if len(spelling) > 4)


def _chunks(text: str) -> Iterable[tuple[int, int]]:
    """The first ``_SAMPLE`` characters of ``text`` in growing chunks, each cut after a blank so that
    no word is split (as ``Identifier.language`` reads them)."""
    start = 0
    for limit in _CHUNK_ENDS:
        if limit >= len(text):
            yield start, len(text)
            return
        end = text.rfind(" ", start, limit) + 1 or limit
        yield start, end
        start = end


def _clear(scores: list[float]) -> bool:
    *_, runner_up, leader = [0.0, *sorted(scores)]
    return leader >= _CLEAR_SCORE and leader >= _CLEAR_MARGIN * runner_up


def _winner(codes: tuple[str, ...], scores: list[float]) -> str:
    *_, runner_up, leader = [0.0, *sorted(scores)]
    if leader < _MIN_SCORE or leader < _MARGIN * runner_up:
        return UNKNOWN
    return codes[scores.index(leader)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs, each ending where the next begins, so that they cover ``text``."""
    starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    ends = [*starts[1:], len(text)]
    return [(start, end) for start, end in zip(starts, ends, strict=True) if end > start] or [(0, len(text))]


def _most_written(paragraphs: list[tuple[int, int]], decided: list[str]) -> str:
    weight: dict[str, int] = {}
    for (start, end), code in zip(paragraphs, decided, strict=True):
        if code != UNKNOWN:
            weight[code] = weight.get(code, 0) + min(end - start, _SAMPLE)
    return max(weight, key=weight.__getitem__) if weight else UNKNOWN


def _fill(decided: list[str], leads_on: list[bool], overall: str) -> list[str]:
    """Each undecided paragraph's language: its neighbours' where they agree or only one says; where
    they disagree, the next one's for a paragraph that leads on to it ("Hi all,"), else the whole
    text's if it is one of them, else the one before."""
    before = _nearest(decided)
    after = _nearest(decided[::-1])[::-1]
    filled = []
    for code, previous, following, leads in zip(decided, before, after, leads_on, strict=True):
        if code != UNKNOWN:
            filled.append(code)
        elif previous == following or following == UNKNOWN:
            filled.append(previous if previous != UNKNOWN else overall)
        elif previous == UNKNOWN or leads:
            filled.append(following)
        else:
            filled.append(overall if overall in (previous, following) else previous)
    return filled


def _nearest(decided: list[str]) -> list[str]:
    """For each paragraph, the language of the nearest decided paragraph before it."""
    found, last = [], UNKNOWN
    for code in decided:
        found.append(last)
        if code != UNKNOWN:
            last = code
    return found


def _merged(paragraphs: list[tuple[int, int]], codes: list[str]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for (start, end), code in zip(paragraphs, codes, strict=True):
        if spans and spans[-1][2] == code:
            spans[-1] = (spans[-1][0], end, code)
        else:
            spans.append((start, end, code))
    return tuple(spans)


def _identifier() -> Identifier:
    from bot.lexicon import LEXICONS

    return Identifier(LEXICONS.values())


# Every language the lexicons hold, tabled once at import.
IDENTIFIER = _identifier()


def language(text: str) -> str:
    """The language of ``text``'s first characters, or ``UNKNOWN``."""
    return IDENTIFIER.language(text)


def paragraph_languages(text: str, *, default: str = UNKNOWN) -> tuple[Span, ...]:
    """``(start, end, code)`` for each run of paragraphs of ``text`` in one language (see
    ``Identifier.paragraph_languages``)."""
    return IDENTIFIER.paragraph_languages(text, default=default)


def text_language(text: str, *, default: str = UNKNOWN) -> str:
    """The language most of ``text`` is in, or ``default``."""
    return IDENTIFIER.text_language(text, default=default)
