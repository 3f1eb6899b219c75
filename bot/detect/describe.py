"""Rule 6, what and where: a short title and the place of a meeting.

The title is the gathering word of the date's sentence with the name in front of it ("the OpenBMC
Security Working Group meeting" -> "OpenBMC Security Working Group meeting"; "The MAG will meet" ->
"MAG meeting"), else the message's topic. The place is a "Location:"/"Venue:" field, a venue ("at the
Palais des Nations in Geneva"), a city ("in Geneva"), a room, or "online" with the host of a meeting
link; looked for in the sentence first, then in the paragraph, then in the sentences of the message
that speak of a gathering.
"""

from __future__ import annotations

import re

from bot.detect.lexicon import LEXICON, literal_alternation, month_number, weekday_number, zone_key
from bot.lexicon.patterns import alternation

_CAP = r"[A-Z][\w'’&.-]*"
_NAME_WORDS = rf"{_CAP}(?:\s+{alternation(LEXICON.name_particles)}?\s*{_CAP}){{0,5}}"
_TITLE_NOUN = re.compile(rf"(?i)\b(?P<noun>{alternation(LEXICON.title_nouns)})\b")
_TITLE_MODIFIER = re.compile(rf"(?:\b(?:[A-Z0-9][\w/&.+-]*|{'|'.join(LEXICON.title_modifiers)})\s+){{1,6}}$")
_SUBJECT_OF_MEET = re.compile(
    rf"(?P<who>(?:[A-Z][\w&.-]*\s+){{1,4}}){alternation(LEXICON.meet_leaders)}\s+(?:\w+\s+)?meet\b"
)
_ARTICLES = tuple(article.capitalize() for article in LEXICON.title_articles)
_LEADING_ARTICLE = re.compile(rf"^{literal_alternation(_ARTICLES)}\s+")
_FIELD = re.compile(rf"(?im)^[ \t]*{alternation(LEXICON.place_fields)}[ \t]*:[ \t]*(?P<v>[^\n]{{2,80}})")
_VENUE = re.compile(
    rf"\b{alternation(LEXICON.place_prepositions)}\s+(?:{literal_alternation(LEXICON.articles)}\s+)?"
    rf"(?P<v>{_NAME_WORDS})(?:,?\s+in\s+(?P<c>{_NAME_WORDS}))?"
)
_ROOM = re.compile(rf"\b{literal_alternation(LEXICON.room_words)}\s+[A-Z]?\d[\w.-]*")
_LINK = re.compile(
    r"(?i)https?://(?P<host>[\w.-]*(?:zoom\.us|webex\.com|meet\.google\.com|teams\.microsoft\.com|"
    r"teams\.live\.com|meet\.jit\.si|bluejeans\.com|gotomeeting\.com|discord\.(?:gg|com)|whereby\.com|"
    r"bigbluebutton\.\w+))"
)
_ONLINE = re.compile(rf"(?i)\b{alternation(LEXICON.online_words)}\b")
# The first two letters of each online word: a text without any of them is not searched (nor one
# with a dotless "ı", which (?i) matches for "i" and lower() keeps).
_ONLINE_STARTS = (*dict.fromkeys(word[:2] for word in LEXICON.online_words), "ı")
# Capitalised words after "in"/"at" that are no place.
_NOT_PLACE = frozenset(LEXICON.not_places)


def title(sentence: str, topic: str, offset: int = 0) -> str:
    """A short name for the meeting a sentence speaks of at ``offset``; the topic when it names none."""
    noun = _noun_for(sentence, offset)
    # "The MAG will meet" is only looked for when the noun is the verb "meet": the search is costly.
    is_meet = noun is not None and noun.group("noun").lower() == "meet"
    who = _SUBJECT_OF_MEET.search(sentence, 0, noun.end()) if noun is not None and is_meet else None
    if who is not None:
        name = who.group("who").strip()
        name = _LEADING_ARTICLE.sub("", name)
        if name and name.split()[0].lower() not in _NOT_PLACE:
            return f"{name} meeting"
    if noun is not None and noun.group("noun").lower() != "meet":
        mod = _TITLE_MODIFIER.search(sentence, max(0, noun.start() - 80), noun.start())
        words = (mod.group(0) if mod else "").split()
        while words and (words[0].lower() in _NOT_PLACE or _is_date_word(words[0])):
            words.pop(0)
        if words:
            return " ".join([*words, noun.group("noun")])
    return topic.strip() or (noun.group("noun") if noun else "meeting")


def _noun_for(sentence: str, offset: int) -> re.Match[str] | None:
    """The last gathering noun at or before ``offset``, else the first one after it."""
    found = None
    for noun in _TITLE_NOUN.finditer(sentence):
        if noun.start() > offset:
            # Nouns further on are never chosen: the scan of a long sentence stops here.
            return found or noun
        found = noun
    return found


def _is_date_word(word: str) -> bool:
    w = word.strip(".,")
    return month_number(w) is not None or weekday_number(w) is not None or w[:1].isdigit()


def place(*texts: str) -> str | None:
    """The first place found, searching each text in turn (sentence, paragraph, whole message)."""
    for i, text in enumerate(texts):
        if i and text == texts[i - 1]:
            continue  # a sentence that is its whole paragraph: searched already
        found = _place_in(text)
        if found:
            return found
    return None


def _place_in(text: str) -> str | None:
    # Each pattern is tried only when the text holds a substring that every match of it contains
    # (checked case-insensitively for the (?i) ones): the substring tests cost far less than a scan.
    low = text.lower()
    field = _FIELD.search(text) if ":" in text else None
    if field is not None:
        return field.group("v").strip().rstrip(".,;")
    for m in _VENUE.finditer(text):
        venue = _clean(m.group("v"))
        if venue is None:
            continue
        city = _clean(m.group("c")) if m.group("c") else None
        return f"{venue}, {city}" if city else venue
    room = _ROOM.search(text) if any(word in text for word in LEXICON.room_words) else None
    if room is not None:
        return room.group(0)
    link = _LINK.search(text) if "://" in text else None
    if link is not None:
        return f"online ({link.group('host').lower()})"
    return "online" if any(start in low for start in _ONLINE_STARTS) and _ONLINE.search(text) else None


def _clean(name: str) -> str | None:
    words = name.split()
    # Drop trailing words that are dates or zones: "Geneva in February" was cut at "in", "Geneva Monday" not.
    while words and (_is_date_word(words[-1]) or zone_key(words[-1].strip(".,")) is not None):
        words.pop()
    if not words or words[0].lower().strip(".,") in _NOT_PLACE or _is_date_word(words[0]):
        return None
    if zone_key(words[0].strip(".,")) is not None:
        return None
    return " ".join(words).rstrip(".,")
