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

    # The words of date and time expressions, and more status words. The families of dates and times
    # (from ``ordinal_suffixes`` to ``day_periods``) are plain words, which the rules escape; pairs map a
    # word to what it means ("demain" -> 1 day).
    # Words one edit away from a month or weekday name that are words of their own ("donnerstags").
    not_names: Words = ()
    # A Subject with one of these reports on a meeting held: minutes, notes.
    reports: Words = ()
    # After a day number, making it an ordinal ("1er", "5th").
    ordinal_suffixes: Words = ()
    # Between a day and its month: the "of" of "the 5th of March", the "de" of "5 de marzo".
    of_month: Words = ()
    # Between two days: the span from one to the other ("du 14 au 21 mai"), both days, or either.
    range_words: Words = ()
    both_words: Words = ()
    either_words: Words = ()
    # Days named relative to the message's own, by how many days later they are.
    relative_days: tuple[tuple[str, int], ...] = ()
    # Before a weekday, saying which one: the next one on or after the message's day ("this"), the one
    # of next week when that is today ("next"), or the last one before it ("last").
    weekday_qualifiers: tuple[tuple[str, str], ...] = ()
    # The same, after the weekday: "jeudi prochain", "el jueves que viene".
    weekday_qualifiers_after: tuple[tuple[str, str], ...] = ()
    # The week a weekday is in, counted in weeks from the message's: "nächste Woche Mittwoch".
    week_phrases: tuple[tuple[str, int], ...] = ()
    # "dans deux semaines": the word before the count, the counts in words, and the units, in days.
    in_words: Words = ()
    number_words: tuple[tuple[str, int], ...] = ()
    day_units: tuple[tuple[str, int], ...] = ()
    # Before the last day of a span stated apart from its first ("bis zum 5."), and after it, saying
    # it belongs to the span ("inclus").
    span_end_words: Words = ()
    inclusive_words: Words = ()
    # Stems of the words that move a meeting: "verschoben vom 8. auf den 15. Mai" names two dates.
    move_stems: Words = ()
    # Words that may follow a bare day number ("am 13. um 10 Uhr"); any other word may make it
    # something else.
    words_after_bare_day: Words = ()
    # Before a weekday, making it a kind of day rather than a date ("chaque lundi", "jeden Montag"),
    # or a past one without saying which week.
    weekday_kinds: Words = ()
    weekday_past: Words = ()
    # Numeric dates put the day first: "3.4." is the 3rd of April.
    day_first: bool = False
    # Times of day said in words ("midi"), from the CLDR with what it lacks.
    clock_words: tuple[tuple[str, tuple[int, int]], ...] = ()
    # Between the two times of a span: "de 10h à 12h", "von 10 bis 12 Uhr".
    time_range_words: Words = ()
    # Before a clock time written without a colon or an hour mark ("a las 6", "um 7"): only there is
    # a bare number a time of day.
    time_leads: Words = ()
    # What may follow a bare hour ("a las 6"), besides punctuation, the end of a line and a zone.
    bare_hour_followers: Words = ()
    # After an hour, making it a time of day on its own: "18 Uhr", "14h30", "18 horas".
    hour_marks: Words = ()
    # After a time, the part of the day it is in, as "am" or "pm": "6 de la tarde" is 18:00.
    day_periods: tuple[tuple[str, str], ...] = ()
    # A question starting with one of these asks about its whole sentence: "¿podemos...?".
    interrogatives: Words = ()
    # Words that give a date up for another ("en lugar del 8"): they call off only the date after them.
    substitutions: Words = ()
    # Names that are also common words, read as names only when capitalised; between the dates of a
    # list ("3/27, 4/10 and 4/24"); after a weekday, making it the owner of what follows; after a zone
    # word, part of its name.
    capitalised_names: Words = ()
    list_joiners: Words = ()
    possessive_endings: Words = ()
    zone_suffixes: Words = ()
    # Between a hedge's subject and the hedge, what puts the date back in question ("the date,
    # tentatively"); hedges (plain words) that may be about who comes, with a word of coming.
    date_subjects: Words = ()
    person_hedges: Words = ()
    attendance: Words = ()
    # A move said done (it calls off the date it leaves); what stands between a move verb and its
    # preposition ("moved it to"); the prepositions that reach a new date further off; what gives no
    # new date ("to a later date"); and what leads on to the dates meetings resume from.
    moves_done: Words = ()
    move_objects: Words = ()
    far_move_targets: Words = ()
    no_new_date: Words = ()
    resumptions: Words = ()
    # After a cancel word, conditions that govern it across a clause's end (plain words: "unless").
    conditions_after: Words = ()
    # What refers back to the date of the sentence before ("this may still change"); an undated
    # question about one more meeting; the answer to a cancellation put as a question.
    back_references: Words = ()
    other_meeting: Words = ()
    decisions: Words = ()
    # "the end of the year": the phrase before a period, and the periods (word -> "year", "month" or
    # "week").
    end_of: Words = ()
    periods: tuple[tuple[str, str], ...] = ()
    # What a reply says of its thread's meeting without naming its date: called off, the author's
    # own plans, doubts, kept; "same time next week"; a correction; what a sentence is about for a
    # bare hour in it to be the meeting's time; before a weekday a move names; between a new time and
    # the old one; before a corrected hour; a new day said without a move word; a move under way.
    reply_cancellations: Words = ()
    own_plans: Words = ()
    doubts: Words = ()
    reply_confirmations: Words = ()
    next_week_again: Words = ()
    corrections: Words = ()
    time_topics: Words = ()
    before_weekday: Words = ()
    not_that: Words = ()
    hour_leads: Words = ()
    instead: Words = ()
    moves_under_way: Words = ()
    # A meeting's title: its nouns, the words before them, the verbs before "meet" after a name, the
    # articles cut from its start (plain); small words inside a name; a place's field labels, its
    # prepositions, the words of a room (plain, in the case they count in), of a meeting held online;
    # capitalised words after a preposition that are no place; abbreviations whose stop ends nothing.
    title_nouns: Words = ()
    title_modifiers: Words = ()
    meet_leaders: Words = ()
    title_articles: Words = ()
    name_particles: Words = ()
    place_fields: Words = ()
    place_prepositions: Words = ()
    room_words: Words = ()
    online_words: Words = ()
    not_places: Words = ()
    abbreviations: Words = ()
    # Gathering words that also end a longer word, in a language that joins its nouns:
    # "Entwicklertreffen" is a meeting; found after any letters of the same word.
    compound_tails: Words = ()
    # The letters the language spells out when it cannot write them ("ä" -> "ae"): with
    # ``spelling.spellings`` they give every spelling of a word, e.g. which of a month's spellings are
    # its full name ("märz", "maerz", "marz", "m?rz") and which its abbreviations.
    spelt_out: tuple[tuple[str, str], ...] = ()
    # Frequent short words of the language (articles, pronouns, prepositions), to tell which language
    # a text is in; and the letters only it, of the languages read, writes often.
    function_words: Words = ()
    letters: str = ""

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
