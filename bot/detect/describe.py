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

from bot.detect.lexicon import month_number, weekday_number, zone_key

_CAP = r"[A-Z][\w'’&.-]*"
_NAME_WORDS = rf"{_CAP}(?:\s+(?:of|de|des|du|la|le|di|del|and|&|the|für|am|an)?\s*{_CAP}){{0,5}}"
_TITLE_NOUN = re.compile(
    r"(?i)\b(?P<noun>meetings?|meet-?ups?|calls?|telcos?|conferences?|sessions?|consultations?|workshops?|"
    r"summits?|webinars?|office\s+hours|hackathons?|lectures?|seminars?|sprints?|symposium|congress|"
    r"colloquium|round-?table|plugfest|work\s?group|working\s+group|forum|panel|talk|learning\s+series|"
    r"summer\s+school|meet)\b"
)
_TITLE_MODIFIER = re.compile(
    r"(?:\b(?:[A-Z0-9][\w/&.+-]*|open|annual|monthly|weekly|bi-?weekly|community|"
    r"public|regular|design|general|technical|developer|developers'?|user|users'?)\s+){1,6}$"
)
_SUBJECT_OF_MEET = re.compile(
    r"(?P<who>(?:[A-Z][\w&.-]*\s+){1,4})(?:will|shall|would|to|can)\s+(?:\w+\s+)?meet\b"
)
_FIELD = re.compile(r"(?im)^[ \t]*(?:location|venue|where|place|room|address)[ \t]*:[ \t]*(?P<v>[^\n]{2,80})")
_VENUE = re.compile(rf"\b(?:at|in)\s+(?:the\s+)?(?P<v>{_NAME_WORDS})(?:,?\s+in\s+(?P<c>{_NAME_WORDS}))?")
_ROOM = re.compile(r"\b(?:[Rr]oom|Hall|Auditorium)\s+[A-Z]?\d[\w.-]*")
_LINK = re.compile(
    r"(?i)https?://(?P<host>[\w.-]*(?:zoom\.us|webex\.com|meet\.google\.com|teams\.microsoft\.com|"
    r"teams\.live\.com|meet\.jit\.si|bluejeans\.com|gotomeeting\.com|discord\.(?:gg|com)|whereby\.com|"
    r"bigbluebutton\.\w+))"
)
_ONLINE = re.compile(r"(?i)\b(?:online|virtual(?:ly)?|via\s+(?:zoom|webex|teams|jitsi|discord))\b")
# Capitalised words after "in"/"at" that are no place.
_NOT_PLACE = frozenset(
    {
        "english",
        "french",
        "german",
        "spanish",
        "the",
        "this",
        "that",
        "our",
        "my",
        "your",
        "his",
        "her",
        "i",
        "we",
        "you",
        "it",
        "a",
        "an",
        "any",
        "all",
        "irc",
        "discord",
        "slack",
        "zoom",
        "webex",
        "teams",
        "github",
        "gerrit",
        "jira",
        "email",
        "mail",
        "order",
        "case",
        "fact",
        "addition",
        "general",
        "particular",
        "total",
        "person",
        "time",
        "advance",
        "future",
        "progress",
        "detail",
        "am",
        "pm",
        "noon",
        "least",
        "first",
        "last",
        "next",
        "lieu",
        "response",
        "reply",
        "charge",
        "favour",
        "favor",
        "please",
        "thanks",
        "attendance",
        "preparation",
        "accordance",
        "respect",
    }
)


def title(sentence: str, topic: str, offset: int = 0) -> str:
    """A short name for the meeting a sentence speaks of at ``offset``; the topic when it names none."""
    noun = _noun_for(sentence, offset)
    # "The MAG will meet" is only looked for when the noun is the verb "meet": the search is costly.
    is_meet = noun is not None and noun.group("noun").lower() == "meet"
    who = _SUBJECT_OF_MEET.search(sentence, 0, noun.end()) if noun is not None and is_meet else None
    if who is not None:
        name = who.group("who").strip()
        name = re.sub(r"^(?:The|A|An|Our)\s+", "", name)
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
    room = _ROOM.search(text) if "oom" in text or "Hall" in text or "Auditorium" in text else None
    if room is not None:
        return room.group(0)
    link = _LINK.search(text) if "://" in text else None
    if link is not None:
        return f"online ({link.group('host').lower()})"
    # "online" holds "nl", the others a "v"; no other character matches these letters under (?i).
    return "online" if ("v" in low or "nl" in low) and _ONLINE.search(text) else None


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
