"""The shape of one language's words, as the readers of dates and the detector's rules use them.

Words are data here, and the rules are built from them (bot/detect/cues.py, bot/mail/dates.py), so
that adding a language is a data module and its tests. Entries of the word families are lower-case
regular-expression fragments, kept small: a word with its inflections ("meetings?"), ``\\s+`` between
the words of a phrase, ``[ ]`` where a phrase is also found by a plain substring (the prefilter
stems), ``\\b`` after a word whose longer forms mean something else. Month and weekday names are
plain spellings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict, cast

# Month (January first) or weekday (Monday first) names: each one's full name, then the abbreviations
# and spellings that mail carries (accents dropped, umlauts spelt out).
Names = tuple[tuple[str, ...], ...]
Words = tuple[str, ...]


# The families of plain words, which the rules escape (the others are pattern fragments); their words
# may hold a "?" where an archive lost a letter.
PLAIN_FAMILIES = frozenset(
    {
        "not_names", "capitalised_names", "ordinal_suffixes", "of_month", "range_words", "both_words",
        "either_words", "in_words", "span_end_words", "inclusive_words", "move_stems", "words_after_bare_day",
        "bare_day_leaders",
        "possessive_endings", "weekday_kinds", "weekday_past", "time_range_words", "zone_suffixes",
        "time_leads", "bare_hour_followers", "hour_marks", "person_hedges", "conditions_after",
        "title_articles", "room_words", "function_words",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Led:
    """A word that names a gathering only after one of ``leaders``: "weekly call", "an interim",
    "will meet". ``word`` is the rest of the pattern, the space after the leader included."""

    leaders: Words
    word: str

    def alternatives(self) -> Words:
        return tuple(leader + self.word for leader in self.leaders)


class HandWritten(TypedDict):
    """The word families that French, German and Spanish write by hand as pattern fragments, with their
    accents; a lexicon takes them loosened (``bot.lexicon.spelling.loose_families``) so that each
    language says which words it has, and the spellings mail gives them are derived in one place."""

    not_gatherings: Words
    strong_negatives: Words
    weak_negatives: Words
    limits: Words
    until: Words
    moves: Words
    past_today: Words
    past_before: Words
    hedges: Words
    hedge_adjectives: Words
    not_the_date: Words
    cancellations: Words
    move_verbs: Words
    move_targets: Words
    move_sources: Words
    confirmations: Words
    meeting_topics: Words
    date_topics: Words
    confirm_words: Words
    confirm_limits: Words
    questions: Words
    conditions: Words
    substitutions: Words
    no_new_date: Words
    resumptions: Words
    back_references: Words
    reply_cancellations: Words
    own_plans: Words
    doubts: Words
    reply_confirmations: Words
    title_nouns: Words
    auto_replies: Words


def hand_written(namespace: Mapping[str, object]) -> HandWritten:
    """A language module's hand-written families, each from the constant named after it (``hedges`` from
    ``_HEDGES``): the module writes its words once, under the family's name, and names none twice."""
    names = list(HandWritten.__annotations__)
    missing = [name for name in names if f"_{name.upper()}" not in namespace]
    if missing:
        raise ValueError(f"the hand-written families {', '.join(missing)} have no constant in the module")
    return cast(HandWritten, {name: namespace[f"_{name.upper()}"] for name in names})


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's words, by family. A family a language does not fill yet is empty: the detector
    then finds nothing through it in that language's mail.

    Most families are regular-expression fragments (see the module's docstring); the families of date
    and time expressions (from ``ordinal_suffixes`` to ``bare_hour_followers``) and a few marked so are
    plain words, which the rules escape. Pairs map a word to what it means ("tomorrow" -> 1 day)."""

    code: str
    months: Names
    weekdays: Names = ()
    # Words one edit away from a month or weekday name that are words of their own ("marches"), and
    # names that are also common words, read as names only when capitalised ("May", not "may").
    not_names: Words = ()
    capitalised_names: Words = ()

    # --- cues: what ties a date to a gathering, and what makes it no occasion ----------------------
    # Words that tie a date to a gathering, each starting with a plain letter; ``gathering_stems``
    # holds a substring of each of them, so that a text with none is passed over cheaply.
    gathering: tuple[str | Led, ...] = ()
    gathering_stems: Words = ()
    # Gathering words that also end a longer word, in a language that joins its nouns:
    # "Entwicklertreffen" is a meeting; found after any letters of the same word.
    compound_tails: Words = ()
    # Gathering words that only say something happens ("will be held", "takes place"), and what may
    # happen without being a gathering ("the ballot will be held from 1 to 14 May").
    happenings: tuple[str | Led, ...] = ()
    not_gatherings: Words = ()
    # A date in the same clause as one of these is a deadline, not an occasion.
    strong_negatives: Words = ()
    # A date nearer to one of these than to any gathering word is no meeting's.
    weak_negatives: Words = ()
    # Weighed by the learned decision only (no rule reads them), each family as one signal so that
    # what one list writes teaches about the words of another: things people do together that the
    # gathering words leave out ("rehearsal", "quiz night", "ride"), and things that happen on a day
    # without anyone meeting ("maintenance", "outage", "goes live", "sale").
    activities: Words = ()
    not_occasions: Words = ()
    # Just before a date, these make it a limit ("by 5 May"); ``until`` too, unless one of ``moves``
    # stands shortly before ("postponed until 10 June" is a new date).
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
    # The word between a date and its time ("12 May 2019 at 10:02:33", "Thursday at 10am").
    at: Words = ()
    # A Subject with one of these reports on a meeting held: minutes, notes.
    reports: Words = ()
    # A Subject starting with one of these (and a colon) is an automatic answer, which mail clients
    # write in their user's language: "Automatic reply:", "Abwesenheitsnotiz:". It says when someone
    # is away, not when anyone meets.
    auto_replies: Words = ()
    # Between the dates of a list: "3/27, 4/10 and 4/24".
    list_joiners: Words = ()

    # --- dates (plain words) ---------------------------------------------------------------------
    # After a day number, making it an ordinal ("5th", and superscript letters as word processors
    # paste them).
    ordinal_suffixes: Words = ()
    # The "of" of "the 5th of March".
    of_month: Words = ()
    # Between two days: the span from one to the other ("14 to 21 May"), both days ("14 and 15 May",
    # read as the span too), or either ("14 or 21 May": two candidate days).
    range_words: Words = ()
    both_words: Words = ()
    either_words: Words = ()
    # Days named relative to the message's own, by how many days later they are.
    relative_days: tuple[tuple[str, int], ...] = ()
    # Before a weekday, saying which one: the next one on or after the message's day ("this", "on"),
    # the one of next week when that is today ("next"), or the last one before it ("last").
    weekday_qualifiers: tuple[tuple[str, str], ...] = ()
    # The same, after the weekday: "jeudi prochain", "el jueves que viene".
    weekday_qualifiers_after: tuple[tuple[str, str], ...] = ()
    # After a weekday, the week it is in, counted in weeks from the message's: "Mon-Wed next week".
    week_phrases: tuple[tuple[str, int], ...] = ()
    # Before a date, naming the week it starts: "die Woche vom 15. Mai", "la semaine du 14 mars"; the
    # weekdays named after it are that week's (pattern fragments).
    week_of: Words = ()
    # "in two weeks": the word before the count, the counts in words, and the units, in days.
    in_words: Words = ()
    number_words: tuple[tuple[str, int], ...] = ()
    day_units: tuple[tuple[str, int], ...] = ()
    # Before the last day of a span stated apart from its first: "starts on 3 March and runs until the
    # 5th"; and after it, saying it belongs to the span: "until the 5th inclusive".
    span_end_words: Words = ()
    inclusive_words: Words = ()
    # Stems of the words that move a meeting from one date to another: "moved from 8 May to 15 May"
    # names two dates, not a range.
    move_stems: Words = ()
    # Words that may follow a bare ordinal day ("on the 13th at 10:00"); any other word makes it an
    # adjective ("the 14th World Sanskrit Conference"). The inclusive words may too.
    words_after_bare_day: Words = ()
    # Words before a day number that, with no month after it, is a day of the month of the date before
    # ("le 12 février ... et le 13", "am 12. Februar ... am 13."): languages that write such a day
    # without an English ordinal's suffix.
    bare_day_leaders: Words = ()
    # After a weekday, making it the owner of what follows: "Friday's call" is that Friday's.
    possessive_endings: Words = ()
    # Before a weekday, making it a kind of day rather than a date ("every Monday", "the first
    # Wednesday of the month"), or a past one without saying which week ("this past Tuesday").
    weekday_kinds: Words = ()
    weekday_past: Words = ()
    # Numeric dates put the day first: "3.4." is the 3rd of April.
    day_first: bool = False

    # --- times (plain words) ---------------------------------------------------------------------
    # Times of day said in words.
    clock_words: tuple[tuple[str, tuple[int, int]], ...] = ()
    # Before the time written after the last date of a list, making it every date's: "Mo., 27.3., Mi.,
    # 29.3. und Do., 30.3., jeweils um 19.30 Uhr" (pattern fragments).
    every_date: Words = ()
    # Times said in words beyond noon and midnight: "halb acht" (7.30).
    clock_phrases: tuple[tuple[str, tuple[int, int]], ...] = ()
    # Between the two times of a span: "10:00 to 11:30".
    time_range_words: Words = ()
    # After a zone word, part of its name: "Pacific time", "Central standard time".
    zone_suffixes: Words = ()
    # Before a clock time written without am/pm or a colon ("at 4", "from 6.30"): only there is a
    # bare number a time of day. A sign ("@") may be glued to the number.
    time_leads: Words = ()
    # What may follow a bare hour ("at 4"), besides punctuation, the end of a line and a zone: "at 4
    # on Friday", "at 4 o'clock", not "at 4 people" or "at 10 Downing Street".
    bare_hour_followers: Words = ()
    # After an hour, making it a time of day on its own: "18 Uhr", "14h30", "18 horas".
    hour_marks: Words = ()
    # After a time, the part of the day it is in, as "am" or "pm": "6 de la tarde" is 18:00.
    day_periods: tuple[tuple[str, str], ...] = ()

    # --- status ----------------------------------------------------------------------------------
    # Words that hedge a date: the author is not sure it holds.
    hedges: Words = ()
    # "tentatively proposed agenda", "proposed workshop topics": a hedge word before one of these, or
    # before a word and one of these, is about the thing named (``not_the_date``).
    hedge_adjectives: Words = ()
    # What a hedge may be about instead of the date: "the agenda is tentative", "format to be decided".
    not_the_date: Words = ()
    # Between such a subject and its hedge, these put the date back in question: "the room on 9 May,
    # tentatively".
    date_subjects: Words = ()
    # Hedges (plain words) that may be about who comes rather than when: "maybe Alice will join us",
    # with one of ``attendance``.
    person_hedges: Words = ()
    attendance: Words = ()
    # Words that call a date off; a move said done, which calls off the date it leaves; and the words
    # that give a date up for another ("on 15 May instead of 8 May"), which call off only the date
    # after them.
    cancellations: Words = ()
    moves_done: Words = ()
    substitutions: Words = ()
    # Verbs that move a meeting; one of ``move_targets`` right after the verb (perhaps after one of
    # ``move_objects``: "moved it to") leads to the new date, further off only one of
    # ``far_move_targets``; one of ``move_sources`` before such a preposition leads to the old date
    # ("scheduled to take place on"); one of ``no_new_date`` after it gives none ("to a later date").
    move_verbs: Words = ()
    move_objects: Words = ()
    move_targets: Words = ()
    far_move_targets: Words = ()
    move_sources: Words = ()
    no_new_date: Words = ()
    # In a language that puts the verb last, the new date's preposition before the verb: "auf den
    # 20. April verschoben" (each fragment ends looking ahead at what starts a date).
    targets_before_verb: Words = ()
    # In a sentence that calls a date off, these lead to the dates meetings go on from, or keep a
    # date of their own clause: "no call this week; the next one is on the 20th".
    resumptions: Words = ()
    # A cancellation put as a question or a proposal is not one yet: "should we skip the call?". A
    # question starting with one of ``interrogatives`` asks about the whole sentence.
    questions: Words = ()
    interrogatives: Words = ()
    # Conditions before a cancel word govern it ("if nobody signs up, we'll skip it"); after it, only
    # ``conditions_after`` (plain words: "unless") does across a clause's end.
    conditions: Words = ()
    conditions_after: Words = ()
    # The words by which the sentence after a date's own refers back to it: "This may still change."
    back_references: Words = ()
    # An undated question about one more meeting: "are we also meeting in March?"
    other_meeting: Words = ()
    # After a cancellation put as a question, its answer: "the attendees agreed to cancel".
    decisions: Words = ()
    confirmations: Words = ()
    # What a sentence without a date must be about for its status word to reach the message's dates.
    meeting_topics: Words = ()
    date_topics: Words = ()
    # "won't be confirmed until ...", "fill in the poll by ...": the words of a confirmation deadline,
    # and "the end of the year": the phrase before a period, and the periods (word -> "year",
    # "month" or "week"; a month's name stands for that month's end).
    confirm_words: Words = ()
    confirm_limits: Words = ()
    # The same limit where it stands before the deadline and the confirmation word after it, in a
    # language that puts the verb last ("die Termine werden erst zum Jahresende bestätigt").
    confirm_limits_before: Words = ()
    end_of: Words = ()
    periods: tuple[tuple[str, str], ...] = ()

    # --- replies in a thread ---------------------------------------------------------------------
    # What a reply says of its thread's meeting without naming its date: words that call it off
    # (beside ``cancellations``: forms the status rules do not read yet), that speak of the author's
    # own plans ("I'll skip it"), that doubt ("if", "maybe"), that keep it ("still on"); "same time
    # next week"; "correction: ..."; and what a sentence is about for a bare "at 8" in it to be the
    # meeting's time.
    reply_cancellations: Words = ()
    own_plans: Words = ()
    doubts: Words = ()
    reply_confirmations: Words = ()
    next_week_again: Words = ()
    corrections: Words = ()
    time_topics: Words = ()
    # Between a move's preposition and the weekday it names ("moved to next Thursday"); and between a
    # new time and the old one ("at 8, not 9").
    before_weekday: Words = ()
    not_that: Words = ()
    # The words before a corrected hour ("at 8", "from 8"), and a new day said without a move word
    # ("let's do it on the 12th instead").
    hour_leads: Words = ()
    instead: Words = ()
    # A move said as under way ("moving it to Thursday"): read as a move in a reply to its meeting,
    # beside ``move_verbs``; in an announcement its date may be either day.
    moves_under_way: Words = ()

    # --- what and where --------------------------------------------------------------------------
    # The nouns a meeting's title ends with, and the words that may stand before them in it
    # ("monthly", "community"); the verbs before "meet" after a name ("The MAG will meet"); the
    # articles cut from a title's start.
    title_nouns: Words = ()
    title_modifiers: Words = ()
    meet_leaders: Words = ()
    title_articles: Words = ()
    # Small words inside a place's or a group's name ("Palais des Nations", "Board of Trustees").
    name_particles: Words = ()
    # The labels of a place's field ("Location:"), the prepositions before a venue ("at", "in"), the
    # words of a room (kept in the case they count in: "Room 4", "room 4", "Hall B"), and of a
    # meeting held online.
    place_fields: Words = ()
    place_prepositions: Words = ()
    room_words: Words = ()
    online_words: Words = ()
    # Capitalised words after "in"/"at" that are no place ("in English", "at Least").
    not_places: Words = ()
    # Abbreviations whose stop does not end a sentence ("Dr.", "e.g."), beside the names'.
    abbreviations: Words = ()

    # --- which language a text is in --------------------------------------------------------------
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
