"""The shape of one language's words, as the readers of dates and the detector's rules use them.

Words are data here, and the rules are built from them (bot/detect/cues.py, bot/mail/dates.py), so
that adding a language is a data module and its tests. Entries of the word families are lower-case
regular-expression fragments, kept small: a word with its inflections ("meetings?"), ``\\s+`` between
the words of a phrase, ``[ ]`` where a phrase is also found by a plain substring (the prefilter
stems), ``\\b`` after a word whose longer forms mean something else. Month and weekday names are
plain spellings.
"""

from __future__ import annotations

from dataclasses import dataclass

# Month (January first) or weekday (Monday first) names: each one's full name, then the abbreviations
# and spellings that mail carries (accents dropped, umlauts spelt out).
Names = tuple[tuple[str, ...], ...]
Words = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Led:
    """A word that names a gathering only after one of ``leaders``: "weekly call", "an interim",
    "will meet". ``word`` is the rest of the pattern, the space after the leader included."""

    leaders: Words
    word: str

    def alternatives(self) -> Words:
        return tuple(leader + self.word for leader in self.leaders)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's words, by family. A family a language does not fill yet is empty: the detector
    then finds nothing through it in that language's mail."""

    code: str
    months: Names
    weekdays: Names = ()
    # Words that tie a date to a gathering, each starting with a plain letter; ``gathering_stems``
    # holds a substring of each of them, so that a text with none is passed over cheaply.
    gathering: tuple[str | Led, ...] = ()
    gathering_stems: Words = ()
    # Gathering words that only say something happens ("will be held", "takes place"), and what may
    # happen without being a gathering ("the ballot will be held from 1 to 14 May").
    happenings: tuple[str | Led, ...] = ()
    not_gatherings: Words = ()
    # A date in the same clause as one of these is a deadline, not an occasion.
    strong_negatives: Words = ()
    # A date nearer to one of these than to any gathering word is no meeting's.
    weak_negatives: Words = ()
    # Just before a date, these make it a limit ("by 5 May"); ``until`` too, unless a move precedes.
    limits: Words = ()
    until: Words = ()
    moves: Words = ()
    # "today" in a sentence with one of these is a session that is over.
    past_today: Words = ()
    # Just before a date, one of these makes it the date of something that happened ("held on").
    past_before: Words = ()
    # ... but not after one of these ("to be held on").
    past_not_after: Words = ()
    # Small words that may stand between such a word and the date: "on", "the".
    prepositions: Words = ()
    articles: Words = ()
    # The word between a date and its time in a timestamp ("12 May 2019 at 10:02:33").
    at: Words = ()
    # Status. Hedges make a date tentative, unless a hedge adjective is about something other than the
    # date ("proposed agenda"); cancellations call it off; a move verb, then one of ``move_targets``,
    # leads to the new date, and one of ``move_sources`` just before a date names the one left.
    hedges: Words = ()
    hedge_adjectives: Words = ()
    not_the_date: Words = ()
    cancellations: Words = ()
    move_verbs: Words = ()
    move_targets: Words = ()
    move_sources: Words = ()
    confirmations: Words = ()
    # What a sentence without a date must be about for its status word to reach the message's dates.
    meeting_topics: Words = ()
    date_topics: Words = ()
    # "won't be confirmed until ...", "fill in the poll by ...": the words of a confirmation deadline.
    confirm_words: Words = ()
    confirm_limits: Words = ()
    # Questions and conditions: what a status word under them is governed by.
    questions: Words = ()
    conditions: Words = ()

    def gathering_words(self) -> Words:
        """Every gathering alternative, the happenings last, in the order of the data."""
        return (*_expand(self.gathering), *self.happening_words())

    def happening_words(self) -> Words:
        return _expand(self.happenings)


def _expand(entries: tuple[str | Led, ...]) -> Words:
    return tuple(
        alternative
        for entry in entries
        for alternative in (entry.alternatives() if isinstance(entry, Led) else (entry,))
    )
