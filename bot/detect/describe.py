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
from dataclasses import dataclass

from bot.detect.lexicon import NameRules, literal_alternation, once_per_language, zone_key
from bot.lexicon import ENGLISH, Lexicon
from bot.lexicon.patterns import alternation

_CAP = r"[A-Z][\w'’&.-]*"
_LINK = re.compile(
    r"(?i)https?://(?P<host>[\w.-]*(?:zoom\.us|webex\.com|meet\.google\.com|teams\.microsoft\.com|"
    r"teams\.live\.com|meet\.jit\.si|bluejeans\.com|gotomeeting\.com|discord\.(?:gg|com)|whereby\.com|"
    r"bigbluebutton\.\w+))"
)


@dataclass(frozen=True, slots=True)
class DescribeRules:
    """One language's patterns of titles and places, compiled from its lexicon, and the readings made
    with them."""

    names: NameRules
    title_noun: re.Pattern[str]
    title_modifier: re.Pattern[str]
    subject_of_meet: re.Pattern[str]
    leading_article: re.Pattern[str]
    field: re.Pattern[str]
    venue: re.Pattern[str]
    room: re.Pattern[str]
    room_words: tuple[str, ...]
    online: re.Pattern[str]
    # The first two letters of each online word: a text without any of them is not searched (nor one
    # with a dotless "ı", which (?i) matches for "i" and lower() keeps).
    online_starts: tuple[str, ...]
    # Capitalised words after "in"/"at" that are no place.
    not_place: frozenset[str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> DescribeRules:
        return _describe_rules(lexicon)

    def title(self, sentence: str, topic: str, offset: int = 0) -> str:
        """A short name for the meeting a sentence speaks of at ``offset``; the topic when it names none."""
        noun = self._noun_for(sentence, offset)
        # "The MAG will meet" is only looked for when the noun is the verb "meet": the search is costly.
        is_meet = noun is not None and noun.group("noun").lower() == "meet"
        who = self.subject_of_meet.search(sentence, 0, noun.end()) if noun is not None and is_meet else None
        if who is not None:
            name = who.group("who").strip()
            name = self.leading_article.sub("", name)
            if name and name.split()[0].lower() not in self.not_place:
                return f"{name} meeting"
        if noun is not None and noun.group("noun").lower() != "meet":
            mod = self.title_modifier.search(sentence, max(0, noun.start() - 80), noun.start())
            words = (mod.group(0) if mod else "").split()
            while words and (words[0].lower() in self.not_place or self._is_date_word(words[0])):
                words.pop(0)
            if words:
                return " ".join([*words, noun.group("noun")])
        return topic.strip() or (noun.group("noun") if noun else "meeting")

    def _noun_for(self, sentence: str, offset: int) -> re.Match[str] | None:
        """The last gathering noun at or before ``offset``, else the first one after it."""
        found = None
        for noun in self.title_noun.finditer(sentence):
            if noun.start() > offset:
                # Nouns further on are never chosen: the scan of a long sentence stops here.
                return found or noun
            found = noun
        return found

    def _is_date_word(self, word: str) -> bool:
        w = word.strip(".,")
        return (
            self.names.month_number(w) is not None
            or self.names.weekday_number(w) is not None
            or w[:1].isdigit()
        )

    def place(self, *texts: str) -> str | None:
        """The first place found, searching each text in turn (sentence, paragraph, whole message)."""
        for i, text in enumerate(texts):
            if i and text == texts[i - 1]:
                continue  # a sentence that is its whole paragraph: searched already
            found = self._place_in(text)
            if found:
                return found
        return None

    def _place_in(self, text: str) -> str | None:
        # Each pattern is tried only when the text holds a substring that every match of it contains
        # (checked case-insensitively for the (?i) ones): the substring tests cost far less than a scan.
        low = text.lower()
        field = self.field.search(text) if ":" in text else None
        if field is not None:
            return field.group("v").strip().rstrip(".,;")
        for m in self.venue.finditer(text):
            venue = self._clean(m.group("v"))
            if venue is None:
                continue
            city = self._clean(m.group("c")) if m.group("c") else None
            return f"{venue}, {city}" if city else venue
        room = self.room.search(text) if any(word in text for word in self.room_words) else None
        if room is not None:
            return room.group(0)
        link = _LINK.search(text) if "://" in text else None
        if link is not None:
            return f"online ({link.group('host').lower()})"
        return (
            "online"
            if any(start in low for start in self.online_starts) and self.online.search(text)
            else None
        )

    def _clean(self, name: str) -> str | None:
        words = name.split()
        # Drop trailing words that are dates or zones: "Geneva in February" was cut at "in", "Geneva
        # Monday" not.
        while words and (self._is_date_word(words[-1]) or zone_key(words[-1].strip(".,")) is not None):
            words.pop()
        if not words or words[0].lower().strip(".,") in self.not_place or self._is_date_word(words[0]):
            return None
        if zone_key(words[0].strip(".,")) is not None:
            return None
        return " ".join(words).rstrip(".,")


@once_per_language
def _describe_rules(lexicon: Lexicon) -> DescribeRules:
    name_words = rf"{_CAP}(?:\s+{alternation(lexicon.name_particles)}?\s*{_CAP}){{0,5}}"
    articles = tuple(article.capitalize() for article in lexicon.title_articles)
    return DescribeRules(
        names=NameRules.of(lexicon),
        title_noun=re.compile(rf"(?i)\b(?P<noun>{alternation(lexicon.title_nouns)})\b"),
        title_modifier=re.compile(
            rf"(?:\b(?:[A-Z0-9][\w/&.+-]*|{'|'.join(lexicon.title_modifiers)})\s+){{1,6}}$"
        ),
        subject_of_meet=re.compile(
            rf"(?P<who>(?:[A-Z][\w&.-]*\s+){{1,4}}){alternation(lexicon.meet_leaders)}\s+(?:\w+\s+)?meet\b"
        ),
        leading_article=re.compile(rf"^{literal_alternation(articles)}\s+"),
        field=re.compile(
            rf"(?im)^[ \t]*{alternation(lexicon.place_fields)}[ \t]*:[ \t]*(?P<v>[^\n]{{2,80}})"
        ),
        venue=re.compile(
            rf"\b{alternation(lexicon.place_prepositions)}\s+(?:{literal_alternation(lexicon.articles)}\s+)?"
            rf"(?P<v>{name_words})(?:,?\s+in\s+(?P<c>{name_words}))?"
        ),
        room=re.compile(rf"\b{literal_alternation(lexicon.room_words)}\s+[A-Z]?\d[\w.-]*"),
        room_words=lexicon.room_words,
        online=re.compile(rf"(?i)\b{alternation(lexicon.online_words)}\b"),
        online_starts=(*dict.fromkeys(word[:2] for word in lexicon.online_words), "ı"),
        not_place=frozenset(lexicon.not_places),
    )


ENGLISH_DESCRIBE = DescribeRules.of(ENGLISH)
# English's readings, for callers and tests that read English only.
title = ENGLISH_DESCRIBE.title
place = ENGLISH_DESCRIBE.place
