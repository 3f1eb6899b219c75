"""Patterns built from word data: the lexicon's families joined into the alternations the rules use."""

from __future__ import annotations

from bot.lexicon.model import Words


def alternation(words: Words) -> str:
    """ "(?:a|b|c)": any one of ``words``, in their order."""
    return "(?:" + "|".join(words) + ")"


def optional(words: Words) -> str:
    """Any one of ``words`` with the space after it, or nothing: "(?:(?:the)\\s+)?"."""
    return f"(?:{alternation(words)}\\s+)?" if words else ""


def not_after(words: Words) -> str:
    """Not right after one of ``words`` and a space; one look-behind per word, as each must have a
    fixed width."""
    return "".join(f"(?<!\\b{word}\\s)" for word in words)


def by_first_letter(alternatives: Words) -> str:
    """One alternation of ``alternatives`` (each starting with a plain letter) grouped by that letter.

    At a word the engine then checks a score of first letters instead of trying every alternative in
    turn. Only the alternatives starting with the word's letter can match there, and they keep their
    order within the group, so the match at each position is the one the flat alternation finds.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())
