"""A meeting's title as digests and calendars show it: without the status words its subject carried.

The status is shown by the badge (and STATUS in calendars); "Cancelled: MAG meeting" kept as the title
of a meeting confirmed since would contradict it. The words are the lexicon's, of every language.
"""

from __future__ import annotations

import re
from functools import cache

from bot.lexicon.title_words import TITLE_STATUS_WORDS

_DASHES = r"\-–—"


def _alternation(words: set[str]) -> str:
    # Longest first, so that "tentative date" wins over "tentative"; a space matches any run of them.
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    leading = {word for words in TITLE_STATUS_WORDS.values() for word in words.leading}
    trailing = {word for words in TITLE_STATUS_WORDS.values() for word in words.trailing}
    lead, trail = _alternation(leading), _alternation(trailing)
    before = re.compile(
        rf"^\s*(?:\[\s*(?:{lead})\s*\]\s*[:{_DASHES}]?|\(\s*(?:{lead})\s*\)\s*[:{_DASHES}]?"
        rf"|(?:{lead})\s*[:{_DASHES}])\s*",
        re.IGNORECASE,
    )
    after = re.compile(
        rf"\s*(?:[,:{_DASHES}]\s*(?:{trail})|[(\[]\s*(?:{trail})\s*[)\]])[\s.!]*$",
        re.IGNORECASE,
    )
    return before, after


def bare_title(title: str) -> str:
    """``title`` without the status words before or after it; the title itself when nothing else
    would be left."""
    before, after = _patterns()
    current = title
    while True:
        shorter = after.sub("", before.sub("", current, count=1), count=1)
        if shorter == current:
            break
        current = shorter
    current = current.strip()
    return current if current else title.strip()
