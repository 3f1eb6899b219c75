"""How mail writes a word without the letters it should have: without accents ("reunion"), with its
letters spelt out ("naechste"), or with each non-ASCII letter turned into "?" by an archive that could
not store it ("n?chste"). The language modules write their words once, as the language spells them;
these functions give the other spellings, for plain words and for the pattern fragments of the word
families alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar, cast

from bot.lexicon.model import HandWritten, Led, Words

# What archives that could not store a non-ASCII letter put in its place.
LOST_LETTER = "?"
# Apostrophes as typed and as word processors curl them: "aujourd'hui", "aujourd’hui".
_APOSTROPHES = ("'", "’")

SpeltOut = Mapping[str, str]
Meaning = TypeVar("Meaning")


def strip_accents(word: str) -> str:
    """The word's letters without their marks: "février" -> "fevrier", "März" -> "Marz"."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def spell_out(word: str, spelt_out: SpeltOut) -> str:
    """The word with the letters a language spells out when it cannot write them: "märz" -> "maerz"."""
    return "".join(spelt_out.get(char, char) for char in word)


def lose_letters(word: str) -> str:
    """The word as an archive that lost its non-ASCII letters stores it: "août" -> "ao?t"; nothing
    for a word that lost none, or whose last or first letter is lost ("mié" -> "mi?" reads as a
    question, and "?ber" starts no word)."""
    if word.isascii() or not (word[0].isascii() and word[-1].isascii()):
        return ""
    return "".join(char if char.isascii() else LOST_LETTER for char in word)


def spellings(word: str, spelt_out: SpeltOut | None = None) -> Words:
    """The word as written, spelt out (or else without accents), with its letters lost, and with its
    other apostrophe; each once, the word itself first."""
    spelt = spell_out(word, spelt_out or {})
    # A letter a language spells out is not written bare: "änder" is not "ander".
    bare = strip_accents(word) if spelt == word else ""
    written = (word, spelt, bare, lose_letters(word))
    found = dict.fromkeys(variant for variant in written if variant)
    for variant in tuple(found):
        for straight, curled in (_APOSTROPHES, _APOSTROPHES[::-1]):
            if straight in variant:
                found.setdefault(variant.replace(straight, curled), None)
    return tuple(found)


def every_spelling(words: Iterable[str], spelt_out: SpeltOut | None = None) -> Words:
    """Every spelling of each of ``words``, in their order."""
    return tuple(dict.fromkeys(variant for word in words for variant in spellings(word, spelt_out)))


def every_spelling_of(
    pairs: Iterable[tuple[str, Meaning]], spelt_out: SpeltOut | None = None
) -> tuple[tuple[str, Meaning], ...]:
    """Pairs of a word and what it means, with every spelling of the word meaning the same."""
    found: dict[str, Meaning] = {}
    for word, meaning in pairs:
        for variant in spellings(word, spelt_out):
            found.setdefault(variant, meaning)
    return tuple(found.items())


def loose(fragment: str, spelt_out: SpeltOut | None = None) -> str:
    """A pattern fragment that also matches its words without their accents, spelt out, or with a
    letter lost ("r[ée?]union"), though a word of one letter never as "?". Written with accents,
    matched as mail writes them."""
    out: list[str] = []
    in_class = escaped = False
    for index, char in enumerate(fragment):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "[]":
            in_class = char == "["
        elif not char.isascii() and char.isalpha():
            # Not a one-letter word ("à"): its "?" would be any question mark.
            in_word = _letter_at(fragment, index - 1) or _letter_at(fragment, index + 1)
            out.append(_letter_alternatives(char, spelt_out or {}, in_word, in_class))
            continue
        out.append(char)
    return "".join(out)


def loose_all(fragments: Iterable[str], spelt_out: SpeltOut | None = None) -> Words:
    return tuple(loose(fragment, spelt_out) for fragment in fragments)


def loose_families(families: HandWritten, spelt_out: SpeltOut | None = None) -> HandWritten:
    """Each of a language's hand-written families, ``loose_all``."""
    loosened = {name: loose_all(cast(Words, words), spelt_out) for name, words in families.items()}
    return cast(HandWritten, loosened)


def _letter_at(fragment: str, index: int) -> bool:
    return 0 <= index < len(fragment) and fragment[index].isalpha()


def _letter_alternatives(char: str, spelt_out: SpeltOut, in_word: bool, in_class: bool) -> str:
    spelt = spelt_out.get(char, "")
    lost = LOST_LETTER if in_word else ""
    # A letter a language spells out is not written bare: "wurde" is not "würde", nor "waren" "wären".
    bare = "" if spelt else strip_accents(char)
    variants = [v for v in dict.fromkeys((char, bare, lost, spelt)) if v]
    if in_class:
        return "".join(v for v in variants if len(v) == 1)
    if all(len(v) == 1 for v in variants):
        return "[" + "".join(variants) + "]"
    return "(?:" + "|".join(_escaped(v) for v in sorted(variants, key=len, reverse=True)) + ")"


def _escaped(variant: str) -> str:
    return "\\" + variant if variant == LOST_LETTER else variant


def loose_entries(entries: Iterable[str | Led], spelt_out: SpeltOut | None = None) -> tuple[str | Led, ...]:
    """``loose`` for gathering words, led ones too (the leaders are plain words: "l'", "une")."""
    return tuple(
        Led(entry.leaders, loose(entry.word, spelt_out))
        if isinstance(entry, Led)
        else loose(entry, spelt_out)
        for entry in entries
    )
