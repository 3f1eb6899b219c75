"""Rule 2, dates: every date expression of a text, resolved to calendar days.

Forms: "12 February", "February 12th", "Feb. 12", "12.2.", "2007-02-12", "4/13/21", ranges of each
("12-13 February", "July 22 through July 26", "9/3-6"), a weekday with or without a date, relative
days counted from the message's date ("tomorrow", "next Tuesday", "in two weeks", "Mon-Wed next
week"), and a bare ordinal ("the 13th") continuing the date before it. Every pattern has bounded
repetitions, so a scan is linear in the text, whatever the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from bot.detect.lexicon import NameRules, literal_alternation, once_per_language, phrase_alternation
from bot.lexicon import ENGLISH, Lexicon
from bot.lexicon.patterns import alternation
from bot.lexicon.spelling import every_spelling

# Superscript marks written between a day number and its suffix ("5^th").
_SUFFIX_MARKS = ("^",)
_WORD_START_KINDS = frozenset({"relday", "in_n"})
_DAY_NUMBER = re.compile(r"\d{1,2}")
# The word before the last day of a span stated apart from its first, at most _SPAN_END_GAP characters
# after the first ("starts on 3 March and runs until the 5th"), within the sentence.
_SPAN_END_GAP = 30
_SENTENCE_BREAK = re.compile(r"[.;!?]\s|\n[ \t]*\n")
_LONGEST_SPAN = timedelta(days=120)
# The Latin capitals, accented ones too ("ANNULÉE", "Änderung"), each to its one lower-case letter.
_LATIN_LOWER = str.maketrans(
    {c: c.lower() for c in map(chr, range(0x41, 0x250)) if c.isupper() and len(c.lower()) == 1}
)
_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")
_YEAR_TAIL = r"(?:(?:,\s*|\s+|-)(?P<y>\d{4})(?![\d:])|\s*,?\s*'(?P<ys>\d{2})\b)?"
# A one- or two-digit number not glued to a word, path, time or other number. The check of what
# stands before it comes after its first digit so that the pattern starts with a digit: the regex
# engine then skips straight to the digits of a text instead of trying a lookbehind at every
# position (the same holds for the literal first letters of the word patterns below).
_LONE_NUMBER = r"\d(?<![\w/.:-]\d)\d?"
_ISO = re.compile(
    r"(?P<y>(?:19|20)(?<![\w.:/-]\d\d)\d\d)(?P<s>[-/.])(?P<m>\d\d?)(?P=s)(?P<d>\d\d?)(?![\w:]|[-/.]\d)"
)
_SLASH_REST = r"/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?:-(?P<b2>\d{1,2}))?(?![\w/%]|[.:,]\d)"
_SLASH = re.compile(rf"(?P<a>{_LONE_NUMBER}){_SLASH_REST}")
# "14.1.2021", "14.1.", and the range naming its month once, "03.-05.11.". A stop after the year may
# end the sentence; one followed by more digits is a version or an address.
_DOT_REST = (
    r"(?:\.?[ \t]?[-–][ \t]?(?P<a2>\d{1,2}))?"
    r"\.(?P<b>\d{1,2})\.(?:(?P<y>\d{4}|\d{2})(?!\w|[.:]\w)|(?![\w.]|\d))"
)
_DOT = re.compile(rf"(?P<a>{_LONE_NUMBER}){_DOT_REST}")
_PAREN_AFTER = re.compile(r"\s{0,40}\(")
# A weekday that labels its line's row: "Tue: design review", "  * Thu: demo".
_ROW_LABEL = re.compile(r"\.?[ \t]*:")
_LINE_LEAD = re.compile(r"(?:^|\n)[ \t*-]*$")


@dataclass(frozen=True, slots=True)
class DateRules:
    """One language's date patterns, compiled from its lexicon: what ``find_dates`` reads a text with."""

    names: NameRules
    # The forms of a date, each a kind and its pattern, in the order they are scanned.
    forms: tuple[tuple[str, re.Pattern[str]], ...]
    # The forms of a date glued to a weekday ("Friday3/14"), matched where the weekday ends.
    glued_forms: tuple[tuple[str, re.Pattern[str]], ...]
    # A weekday with a day number ("el martes 10"), matched where a weekday the weekday form found starts.
    weekday_day: re.Pattern[str]
    weekday_before: re.Pattern[str]
    time_after: re.Pattern[str]
    possessive_after: re.Pattern[str]
    kind_before: re.Pattern[str]
    # A line that names only a month: searched from each newline, and matched once at the text's start.
    month_heading: re.Pattern[str]
    first_line_heading: re.Pattern[str]
    row_day: re.Pattern[str]
    move_word: re.Pattern[str]
    move_before: re.Pattern[str]
    range_join: re.Pattern[str]
    span_end_before: re.Pattern[str]
    relative_days: dict[str, int]
    week_of: re.Pattern[str] | None
    # An article before a relative day makes it a noun: "a las 10 de la mañana" is the morning.
    article_before: re.Pattern[str]
    weekday_qualifiers: dict[str, str]
    weekday_qualifiers_after: dict[str, str]
    # Qualifiers that only introduce a weekday ("on Saturday"): it stays a weekday alone.
    plain_qualifiers: frozenset[str]
    week_phrases: dict[str, int]
    number_words: dict[str, int]
    day_units: dict[str, int]
    either_words: frozenset[str]
    # What may stand between "or" and the second of two alternatives: "el martes 27 o el miércoles 28".
    either_fillers: frozenset[str]
    after_bare_day: frozenset[str]
    weekday_names: frozenset[str]
    # The language writes numeric dates day first, whatever the list's habit.
    day_first: bool

    @classmethod
    def of(cls, lexicon: Lexicon) -> DateRules:
        return _date_rules(lexicon)


# Between a date and a weekday that labels it: blanks, a comma, an opening parenthesis.
_LABEL_GAP = re.compile(r"[ \t]*[,(]?[ \t]*")
# A date's parts never stand on two sides of a blank line: "im Raum 3.\n\nJan" ends a paragraph and
# signs it; it is no 3 January.
_NO_BLANK_LINE = r"(?![ \t-]*\n[ \t-]*\n)"


def _letter(lexicon: Lexicon) -> str:
    """A letter of the language's names: an ASCII one when they are all ASCII (the faster class)."""
    spellings = (*(s for m in lexicon.months for s in m), *(s for d in lexicon.weekdays for s in d))
    return "[a-z]" if all(spelling.isascii() for spelling in spellings) else r"[^\W\d_]"


def _word_start_alternation(words: tuple[str, ...]) -> str:
    """Any of ``words``, not glued to a word before it. The check follows the word, so that the regex
    engine skips straight to the words' first letters; a look-behind has a fixed width, one per length."""
    sizes = sorted({len(word) for word in words}, reverse=True)
    return (
        "(?:"
        + "|".join(
            rf"{literal_alternation(tuple(w for w in words if len(w) == size))}(?<!\w.{{{size}}})"
            for size in sizes
        )
        + ")"
    )


@once_per_language
def _date_rules(lexicon: Lexicon) -> DateRules:
    names = NameRules.of(lexicon)
    letter = _letter(lexicon)
    # A month's name: its first three letters and the rest, or a longer word that may be a misspelling.
    month_starts = literal_alternation(
        tuple(dict.fromkeys(s[:3] for spellings in lexicon.months for s in spellings))
    )
    month = rf"(?:{month_starts}{letter}{{0,7}}|{letter}{{6,10}})"
    weekday_starts = literal_alternation(
        tuple(dict.fromkeys(s[:2] for spellings in lexicon.weekdays for s in spellings))
    )
    # After its first two letters, a weekday's shortest spelling ("Do." in German) and its longest.
    shortest = max(0, min((len(s) for spellings in lexicon.weekdays for s in spellings), default=3) - 2)
    # A letter inside a weekday may be the "?" of an archive that lost it ("mi?rcoles").
    inner = letter if letter == "[a-z]" else rf"(?:{letter}|\?(?={letter}))"
    wday = rf"(?:{weekday_starts}{inner}{{{shortest},8}})"
    # An ordinal's suffix, "5th" or "5^th"; ``ordinal`` makes it optional.
    suffix = rf"{literal_alternation(_SUFFIX_MARKS)}?{literal_alternation(lexicon.ordinal_suffixes)}"
    ordinal = rf"(?:{suffix})?"
    the = literal_alternation(lexicon.articles)
    of = literal_alternation(lexicon.of_month)
    # "?" stands for a dash that an archive turned into one.
    joiners = literal_alternation(lexicon.range_words + lexicon.both_words + lexicon.either_words)
    sep = rf"(?:\s*(?:-{{1,2}}|–|—|~)\s*|,?\s+(?:{joiners}|\?)\s+)"
    # The middle days of a list, "April 13, 14, and 15": the list is read as the range it spans.
    list_middle = rf"(?:,\s*(?:{the}\s+)?\d{{1,2}}{ordinal}(?!\d)){{0,5}}"
    month_first = re.compile(
        rf"(?<![\w/.-])(?P<m>{month})\.?{_NO_BLANK_LINE}\s{{0,3}}(?P<d>\d{{1,2}}){ordinal}(?![\d:/.]\d|\w)"
        rf"(?:{list_middle}(?P<sep>{sep})(?:(?P<wd2>{wday})\.?,?\s+)?(?:(?P<m2>{month})\.?\s{{0,3}})?"
        rf"(?P<d2>\d{{1,2}}){ordinal}(?![\d:]|\w))?"
        rf"{_YEAR_TAIL}"
    )
    day_first_rest = (
        rf"{ordinal}"
        rf"(?:{list_middle}(?P<sep>{sep})(?:(?P<wd2>{wday})\.?,?\s+)?(?:{the}\s+)?(?P<d2>\d{{1,2}}){ordinal})?"
        rf"{_NO_BLANK_LINE}(?:\s+{of}\s+|[\s-]{{1,3}})(?P<m>{month})\b\.?"
        rf"(?:(?:,?\s*|\s+{of}\s+)(?P<y>\d{{4}})(?![\d:]))?"
    )
    day_first = re.compile(rf"(?P<d>{_LONE_NUMBER}){day_first_rest}")
    relative_days = dict(lexicon.relative_days)
    weekday_qualifiers = dict(lexicon.weekday_qualifiers)
    # "jeudi prochain": a qualifier after the weekday, read only in a language that has them.
    qualifier_after = (
        rf"(?:\s+(?P<qa>{phrase_alternation(tuple(dict(lexicon.weekday_qualifiers_after)))})\b)?"
        if lexicon.weekday_qualifiers_after
        else ""
    )
    week_phrases = dict(lexicon.week_phrases)
    number_words = dict(lexicon.number_words)
    day_units = dict(lexicon.day_units)
    # These two start with their words, so that the regex engine skips straight to the words' first
    # letters; that a word starts there is checked after (_WORD_START_KINDS).
    relative_day = re.compile(rf"(?P<w>{phrase_alternation(tuple(relative_days))})\b")
    week_phrase = phrase_alternation(tuple(week_phrases))
    span_joiners = literal_alternation(lexicon.range_words + lexicon.both_words)
    weekday = re.compile(
        # "next Thursday", and the week named first: "next week Thursday", "nächste Woche Donnerstag".
        rf"\b(?:(?P<wk0>{week_phrase}),?\s+|(?P<q>{literal_alternation(tuple(weekday_qualifiers))})\s+)?"
        rf"(?P<wd>{wday})"
        rf"(?:\b\.?|(?P<glued>(?=\d))){qualifier_after}"
        rf"(?:(?:\s*[-–]\s*|\s+{span_joiners}\s+)(?P<wd2>{wday})\b\.?)?"
        rf"(?:\s+(?:{of}\s+)?(?P<wk>{week_phrase}))?"
    )
    in_n = re.compile(
        rf"{literal_alternation(lexicon.in_words)}\s+"
        rf"(?P<n>\d{{1,2}}|{literal_alternation(tuple(number_words))})\s+"
        rf"(?P<u>{literal_alternation(tuple(day_units))})\b"
    )
    # "the 13th"; and where the day comes first, after a preposition that leads to it too ("vom 21ten").
    leaders = (*lexicon.articles, *lexicon.prepositions) if lexicon.day_first else lexicon.articles
    ordinal_leaders = _word_start_alternation(leaders)
    bare_ordinal = re.compile(
        rf"{ordinal_leaders}\s+(?P<d>\d{{1,2}}){suffix}(?!\w)"
        rf"(?=\s+(?:{of}\s+)?(?P<nm>{letter}+))?"
    )
    # "et le 13", "am 13.": a day number alone after a leader, the day of the month of the date before.
    bare_day = (
        (
            re.compile(
                rf"{_word_start_alternation(lexicon.bare_day_leaders)}\s+(?P<d>\d{{1,2}})(?:{suffix})?"
                rf"(?![\w:/-]|[.,]\d)(?=\s+(?:{of}\s+)?(?P<nm>{letter}+))?"
            ),
        )
        if lexicon.bare_day_leaders
        else ()
    )
    # "el martes 10", "Tuesday 10", "mardi 10 à 14h": a weekday and a day number without a month, the
    # next month whose day of that number is that weekday. What follows must be a word that follows a
    # bare day ("a las", "at"), never a month, a time ("10:00", "10-12 Uhr") or another day that the
    # month after it belongs to ("Tue 3 or Wed 4 June").
    second_day_of_month = (
        rf",?\s+(?:{joiners})\s+(?:{wday}\.?,?\s+)?(?:{the}\s+)?\d{{1,2}}{ordinal}\s+(?:{of}\s+)?{month}\b"
    )
    # Matched only where the weekday form found a weekday, so that it costs no pass over the text.
    weekday_day = re.compile(
        rf"(?:(?P<q>{literal_alternation(tuple(weekday_qualifiers))})\s+)?(?P<wd>{wday})\.?,?[ \t]+"
        rf"(?:{the}[ \t]+)?(?P<p>\()?(?P<d>\d{{1,2}})(?:{suffix})?(?(p)\))"
        rf"(?![\w:/]|[.,]\d|\s*[-–]\s*\d|{second_day_of_month})"
        rf"(?=\s+(?:{of}\s+)?(?P<nm>{letter}+))?"
    )
    # "am 8.12", "vom 15.12 bis zum 19.12": a day-first number pair without its closing stop, read only
    # after a word that leads to a day (a time's own leads, "um 19.30", are left out) and never before
    # a word of the hour ("ab 10.30 Uhr").
    day_leaders = tuple(w for w in (*lexicon.prepositions, *lexicon.articles) if w not in lexicon.time_leads)
    short_dot = (
        (
            re.compile(
                rf"{_word_start_alternation(day_leaders)}\s+(?P<a>\d{{1,2}})\.(?P<b>\d{{1,2}})"
                rf"(?![\w.:,/-]|\s*(?:{literal_alternation(lexicon.hour_marks)})\b)"
            ),
        )
        if lexicon.day_first and day_leaders
        else ()
    )
    # An hour written with the language's mark: "19 Uhr", "14h", "18 horas".
    hour_mark_after = rf"|\s*{literal_alternation(lexicon.hour_marks)}\b" if lexicon.hour_marks else ""
    # The qualifiers that are no preposition ("next Tuesday, 5 May", not "on Tuesday, 5 May").
    prefix_qualifiers = tuple(w for w, _ in lexicon.weekday_qualifiers if w not in lexicon.prepositions)
    # A line that names only a month, with its year or not: the heading of rows that start with a day.
    # Its trailing decoration is one character class, so that a line of blanks after the month is read
    # once (two classes both taking blanks would try every split of them: quadratic). Searched from
    # each newline (a literal first character, which the regex engine skips to).
    heading = rf"[ \t*#=_-]*(?P<m>{letter}{{3,10}})\.?(?:[ \t,]+(?P<y>\d{{4}}))?[ \t*#=_:-]*(?=\n)"
    # "moved from 8 May to 15 May" names two dates, not a range.
    move_word = re.compile(rf"(?i)\b{literal_alternation(lexicon.move_stems)}\w*\b")
    return DateRules(
        names=names,
        forms=(
            ("month_first", month_first),
            ("day_first", day_first),
            ("iso", _ISO),
            ("slash", _SLASH),
            ("dot", _DOT),
            ("relday", relative_day),
            ("weekday", weekday),
            ("in_n", in_n),
            ("ordinal", bare_ordinal),
            *(("bare_day", pattern) for pattern in bare_day),
            *(("dot", pattern) for pattern in short_dot),
        ),
        # The same forms from a number glued to a weekday ("Friday3/14"): the number is no word's, and
        # the date is that weekday's.
        glued_forms=(
            ("day_first", re.compile(rf"(?P<d>\d\d?){day_first_rest}")),
            ("slash", re.compile(rf"(?P<a>\d\d?){_SLASH_REST}")),
            ("dot", re.compile(rf"(?P<a>\d\d?){_DOT_REST}")),
        ),
        weekday_day=weekday_day,
        weekday_before=re.compile(
            rf"(?i)(?:\b(?P<q>{literal_alternation(prefix_qualifiers)})\s+)?\b(?P<wd>{wday})\.?,?\s*"
            rf"(?:{the}\s+)?$"
        ),
        # A bare weekday is a day only with something that pins it: a time right after it
        # ("Thursday@10AM", "Do 19 Uhr", "mer. à 14h", "mié a las 18:00").
        time_after=re.compile(
            rf"\.?\s*(?:@|,|\b{alternation(lexicon.at)}\b)?\s*\d{{1,2}}"
            rf"(?:[:.h]\d\d|\s*[ap]\.?m\b{hour_mark_after})",
            re.IGNORECASE,
        ),
        possessive_after=re.compile(literal_alternation(lexicon.possessive_endings) + r"(?!\w)"),
        # What makes a weekday alone a kind of day, a past one or a restatement: "every Monday", "this
        # past Monday", "(Monday)"; and a weekday that labels a date in parentheses, "Friday (June
        # 28th)", is that date's, read or not.
        kind_before=re.compile(
            rf"(?i)(?:\b{literal_alternation(lexicon.weekday_kinds + lexicon.weekday_past)}[\s*_>]+|\(\s*)$"
        ),
        month_heading=re.compile(r"\n" + heading),
        first_line_heading=re.compile(heading),
        # A row under a month heading: its day (or days) first, then a separator and what happens that
        # day ("12:00" is a time).
        row_day=re.compile(
            rf"[ \t*-]*(?:{wday}\.?,?[ \t]+)?(?P<d>\d{{1,2}})(?!\d){ordinal}"
            rf"(?:(?P<sep>[ \t]*[-–][ \t]*)(?P<d2>\d{{1,2}})(?!\d){ordinal})?"
            r"(?:[ \t]*[:|)-](?!\d)|[ \t])[ \t]*\S"
        ),
        move_word=move_word,
        move_before=re.compile(rf"{move_word.pattern}[^.\n]{{0,30}}$"),
        # The joiner may end a line ("June 20 to\nJune 25") but not start one: "- " at a line's start is
        # a bullet.
        range_join=re.compile(
            rf"(?i)[ \t]*(?:-{{1,2}}|–|—|{literal_alternation(lexicon.range_words)}|\?)\s*"
        ),
        span_end_before=re.compile(rf"\b{literal_alternation(lexicon.span_end_words)}\s+$"),
        relative_days=relative_days,
        week_of=re.compile(rf"\b(?:{'|'.join(lexicon.week_of)})\s+$") if lexicon.week_of else None,
        article_before=re.compile(rf"(?i)\b{literal_alternation(lexicon.articles)}\s+$"),
        weekday_qualifiers=weekday_qualifiers,
        weekday_qualifiers_after=dict(lexicon.weekday_qualifiers_after),
        plain_qualifiers=frozenset(lexicon.prepositions) & frozenset(weekday_qualifiers),
        week_phrases=week_phrases,
        number_words=number_words,
        day_units=day_units,
        either_words=frozenset(lexicon.either_words),
        either_fillers=(frozenset(lexicon.prepositions) & frozenset(weekday_qualifiers))
        | frozenset(lexicon.articles),
        after_bare_day=frozenset((*lexicon.words_after_bare_day, *lexicon.inclusive_words)),
        # The full names as mail writes them: "miercoles", "mi?rcoles" as well as "miércoles".
        weekday_names=frozenset(every_spelling(names.weekdays, dict(lexicon.spelt_out))),
        day_first=lexicon.day_first,
    )


# How far back from a date a "past" reading of a year-less date is still the meant one (a stale
# reminder's "July 31" two weeks later), rather than next year's.
_RECENT_PAST = timedelta(days=90)
_WEEK = timedelta(days=7)
# How many months ahead a weekday with a day number ("Tuesday 10") is looked for.
_MONTHS_AHEAD = 13


@dataclass(slots=True)
class DateHit:
    """One date expression: ``start``/``end`` are offsets in the text."""

    start: int
    end: int
    day: date
    end_day: date | None = None
    relative: bool = False
    explicit_year: bool = False
    # 1.0 when the reading is certain; lower when a weekday disagreed or the order was a guess.
    certainty: float = 1.0
    # Absolute dates with a month anchor a following bare ordinal ("the 13th").
    anchor: bool = False
    # One of two days offered as alternatives ("Tue 3 or Wed 4 June"): a candidate, not a decision.
    alternative: bool = False
    # The day the expression was read from (the message's own day, in its author's zone).
    reference_day: date | None = None
    # A weekday with nothing to say which ("Saturday: 10am - 4pm"): the coming one unless the text
    # names a date on that weekday (``anchor_bare_weekdays``).
    bare: bool = False


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    # Where the word joining the two days of "14 to 21 March" starts and where the second day starts,
    # or -1 when the expression has one day.
    joiner: int = -1
    second: int = -1


# How far after the message a date may stand for a weekday alone to be read as its day.
_ANCHOR_REACH = timedelta(days=62)


def find_dates(
    text: str,
    reference: date,
    date_order: str = "DMY",
    low: str | None = None,
    rules: DateRules | None = None,
) -> list[DateHit]:
    """Every date expression of ``text``; ``low`` is ``ascii_lower(text)`` when the caller has it;
    ``rules``: the language's (English when not given)."""
    rules = ENGLISH_DATES if rules is None else rules
    if rules.day_first:
        date_order = "DMY"
    low = ascii_lower(text) if low is None else low
    raws = _scan(rules, text, low)
    vote = _numeric_order_vote(raws)
    hits: list[DateHit] = []
    previous: DateHit | None = None
    for raw in raws:
        hit = _resolve(rules, raw, text, reference, vote, date_order, previous)
        if hit is None:
            continue
        hit.reference_day = reference
        _apply_weekday_prefix(rules, hit, text, reference)
        while hits and (hits[-1].end > hit.start or _names_same_day(hits[-1], hit, text)):
            hits.pop()  # a relative weekday that turned out to be this date's prefix
        if hits and _labels_date_before(hits[-1], hit, text):
            continue
        if hit.anchor:
            previous = hit
        hits.extend(_two_days(rules, hit, raw, text))
    hits = _join_span_ends(rules, _join_ranges(rules, hits, text), text, low)
    hits = _weekdays_of_named_week(rules, hits, low) if rules.week_of is not None else hits
    return _mark_either(rules, hits, low)


# How far after a named week its weekdays may follow, in the same paragraph.
_WEEK_REACH = 200


def _weekdays_of_named_week(rules: DateRules, hits: list[DateHit], low: str) -> list[DateHit]:
    """ "Die Woche vom 15. Mai würde passen, am besten Dienstag oder Donnerstag": the weekdays are days
    of the week named before them, not of the coming one; and the week's first day, named only to
    name the week, is no day of its own then."""
    assert rules.week_of is not None
    out: list[DateHit] = []
    week: DateHit | None = None
    named: set[int] = set()
    for hit in hits:
        if not hit.relative and _names_week(rules.week_of, hit, low):
            week = hit
        elif week is not None and hit.relative and _in_reach(low, week.end, hit.start):
            wd = rules.names.weekday_number(low[hit.start : hit.end].strip(" .,"))
            if wd is not None:
                monday = week.day - timedelta(days=week.day.weekday())
                hit = replace(hit, day=monday + timedelta(days=wd), end_day=None)
                named.add(id(week))
        out.append(hit)
    return [hit for hit in out if id(hit) not in named]


def _names_week(week_of: re.Pattern[str], hit: DateHit, low: str) -> bool:
    # The preposition may be the date's own first word: "vom 21ten".
    digit = _DIGIT.search(low, hit.start, hit.end)
    return digit is not None and week_of.search(low, max(0, hit.start - 30), digit.start()) is not None


_DIGIT = re.compile(r"\d")


def _in_reach(low: str, start: int, end: int) -> bool:
    return end - start <= _WEEK_REACH and "\n\n" not in low[start:end].replace(" ", "")


# The longest gap between two dates offered as alternatives: ", or on ".
_EITHER_GAP = 12


def _mark_either(rules: DateRules, hits: list[DateHit], low: str) -> list[DateHit]:
    """ "Thursday 17 April or Tuesday 22 April": two dates, each written whole, joined by "or" are
    offered as alternatives, as "Tue 3 or Wed 4 June" is."""
    for a, b in pairwise(hits):
        if b.start - a.end > _EITHER_GAP:
            continue
        words = low[a.end : b.start].replace(",", " ").split()
        whole = not a.relative and not b.relative
        if whole and words and words[0] in rules.either_words and set(words[1:]) <= rules.either_fillers:
            a.alternative = b.alternative = True
    return hits


def _join_span_ends(rules: DateRules, hits: list[DateHit], text: str, low: str | None) -> list[DateHit]:
    """ "The sprint starts on 3 March and runs until the 5th inclusive": the later day, introduced by
    an end word close after a date, is that date's last day."""
    out: list[DateHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and _ends_span(rules, prev, hit, text, low or text):
            prev.end_day = hit.day
            continue
        out.append(hit)
    return out


def _ends_span(rules: DateRules, prev: DateHit, hit: DateHit, text: str, low: str) -> bool:
    if prev.relative or hit.relative or prev.end_day is not None or hit.end_day is not None:
        return False
    if not timedelta(0) < hit.day - prev.day <= _LONGEST_SPAN:
        return False
    word = rules.span_end_before.search(low, max(prev.end, hit.start - 12), hit.start)
    if word is None or word.start() - prev.end > _SPAN_END_GAP:
        return False
    # From the date's last character: "3 March." takes its stop into its span ("Mar." is a name).
    if _SENTENCE_BREAK.search(text, prev.end - 1, hit.start):
        return False
    # "postponed by a week to the 15th": the day moved to, not an end.
    return not rules.move_word.search(text, max(0, prev.start - 40), hit.start)


def _two_days(rules: DateRules, hit: DateHit, raw: _Raw, text: str) -> list[DateHit]:
    """ "Tue 3 or Wed 4 June" offers two days, "moved from 14 to 21 March" names the day moved away
    from and the day moved to, and "the 2nd, 9th and 16th of June" lists days a week apart: separate
    dates, not the range their form has (a list of consecutive days is the range it spans)."""
    if hit.end_day is None or raw.second < 0:
        return [hit]
    either = (raw.groups.get("sep") or "").strip(" \t\n,").lower() in rules.either_words
    listed = [(m.start(), int(m.group())) for m in _DAY_NUMBER.finditer(text, raw.start, raw.joiner)]
    spread = len(listed) > 1 and _spread_in_month(hit, [day for _, day in listed])
    if not (either or spread) and not rules.move_before.search(text, max(0, raw.start - 40), raw.start):
        return [hit]
    # Each day alone: no range, and (as an absolute date) an anchor for a following "the 13th".
    one = replace(hit, end_day=None, relative=False, anchor=True, alternative=either)
    first = replace(one, end=listed[0][0] + len(str(listed[0][1])) if spread else raw.joiner)
    middle = [
        replace(one, start=pos, end=pos + len(str(n)), day=hit.day.replace(day=n))
        for pos, n in listed[1:]
        if spread
    ]
    return [first, *middle, replace(one, start=raw.second, day=hit.end_day)]


def _spread_in_month(hit: DateHit, days: list[int]) -> bool:
    """Days listed within one month, not each the day after the one before."""
    end = hit.end_day
    if end is None or end.month != hit.day.month or end.year != hit.day.year:
        return False
    steps = [b - a for a, b in pairwise([*days, end.day])]
    return min(steps) > 0 and max(steps) > 1


def ascii_lower(text: str) -> str:
    """Lower-case Latin letters only, accented capitals too ("ANNULÉE" is "annulée", as the words are
    written): offsets stay those of ``text`` (str.lower may change lengths)."""
    # str.lower does exactly this, many times faster than translate, when it leaves every other
    # character as it is: on ASCII text, and on text whose non-ASCII characters (typographic quotes,
    # dashes, accented lower-case letters) have no lower case of their own.
    if text.isascii() or all(run == run.lower() for run in _NON_ASCII_RUNS.findall(text)):
        return text.lower()
    return text.translate(_LATIN_LOWER)


def _scan(rules: DateRules, text: str, low: str) -> list[_Raw]:
    # The patterns run on the lower-cased text: case-insensitive matching is several times slower.
    # Names are then read back from the original, where case matters ("May" the month, "may" the verb).
    found: list[_Raw] = []
    for kind, pattern in rules.forms:
        found.extend(
            raw
            for m in pattern.finditer(low)
            if (kind not in _WORD_START_KINDS or _starts_word(low, m.start()))
            and _plausible(
                rules, raw := _Raw(m.start(), m.end(), kind, _groups(m, text), *_two_day_offsets(m))
            )
        )
    found = [*_glued_dates(rules, found, text, low), *_row_days(rules, text, low)]
    found = [_with_day_number(rules, raw, text, low) for raw in found]
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[_Raw] = []
    last_end = -1
    for raw in found:
        # Overlaps: the earliest, then longest, expression wins ("Monday, 12 February" over "Monday"),
        # except where the earlier gives way to the longer one it begins (_GIVES_WAY).
        if raw.start >= last_end:
            kept.append(raw)
            last_end = raw.end
        elif raw.end > last_end and (raw.kind, kept[-1].kind) in _GIVES_WAY:
            kept[-1] = replace(raw, start=kept[-1].start)
            last_end = raw.end
    return kept


# An expression that gives way to a longer one it begins: "the 7th" to "the 7th-8th of March".
_GIVES_WAY = frozenset({("day_first", "ordinal")})


def _with_day_number(rules: DateRules, raw: _Raw, text: str, low: str) -> _Raw:
    """A weekday followed by its day's number ("Tuesday 10", "Freitag (18te)") as that date."""
    if raw.kind != "weekday" or raw.groups["glued"] is not None:
        return raw
    m = rules.weekday_day.match(low, raw.start)
    if m is None:
        return raw
    dated = _Raw(m.start(), m.end(), "weekday_day", _groups(m, text))
    return dated if _plausible(rules, dated) else raw


def _starts_word(low: str, pos: int) -> bool:
    return pos == 0 or not (low[pos - 1].isalnum() or low[pos - 1] == "_")


def _glued_dates(rules: DateRules, found: list[_Raw], text: str, low: str) -> list[_Raw]:
    """``found`` with each weekday glued to a number replaced by the date the number starts, if any."""
    out: list[_Raw] = []
    for raw in found:
        if raw.kind != "weekday" or raw.groups["glued"] is None:
            out.append(raw)
            continue
        for kind, pattern in rules.glued_forms:
            m = pattern.match(low, raw.end)
            if m is not None and _plausible(
                rules, date_raw := _Raw(m.start(), m.end(), kind, _groups(m, text), *_two_day_offsets(m))
            ):
                out.append(date_raw)
                break
    return out


def _row_days(rules: DateRules, text: str, low: str) -> list[_Raw]:
    """The rows under a line that names only a month (and its year), each starting with its day:

    March 2026
      12   kickoff call
      19-20  review days
    """
    out: list[_Raw] = []
    heading = rules.first_line_heading.match(low) or rules.month_heading.search(low)
    while heading is not None:
        month = text[heading.start("m") : heading.end("m")]
        if rules.names.month_number(month) is not None:
            out.extend(_rows_under(rules, text, low, heading.end(), {"m": month, "y": heading["y"]}))
        heading = rules.month_heading.search(low, heading.end())
    return out


def _rows_under(rules: DateRules, text: str, low: str, pos: int, month: dict[str, str | None]) -> list[_Raw]:
    """The rows from ``pos`` (a line's end) to the first line that is neither a row nor blank."""
    out: list[_Raw] = []
    while pos < len(low):
        line_end = low.find("\n", pos + 1)
        line_end = len(low) if line_end < 0 else line_end
        row = rules.row_day.match(low, pos + 1, line_end)
        if row is not None:
            groups = {**month, "d": row["d"], "d2": row["d2"], "sep": row["sep"]}
            offsets = (row.start("sep"), row.start("d2")) if row["sep"] is not None else (-1, -1)
            out.append(
                _Raw(
                    row.start("d"), row.end("d2") if row["d2"] else row.end("d"), "row_day", groups, *offsets
                )
            )
        elif low[pos + 1 : line_end].strip():
            break
        pos = line_end
    return out


def _two_day_offsets(m: re.Match[str]) -> tuple[int, int]:
    return (m.start("sep"), m.start("d2")) if "sep" in m.re.groupindex and m["sep"] is not None else (-1, -1)


def _groups(m: re.Match[str], text: str) -> dict[str, str | None]:
    groups = m.groupdict()
    for key in ("m", "m2"):
        if groups.get(key) is not None:
            groups[key] = text[m.start(key) : m.end(key)]
    return groups


def _labels_date_before(before: DateHit, hit: DateHit, text: str) -> bool:
    """ "4.1.1997 Sat 10am", "May 3 (Fri)": a weekday right after a date is that date's label."""
    if not hit.relative or before.relative:
        return False
    return _LABEL_GAP.fullmatch(text, before.end, hit.start) is not None


def _names_same_day(before: DateHit, hit: DateHit, text: str) -> bool:
    """ "on Sunday morning, June 26": the weekday is the date's own, said first."""
    gap = text[before.end : hit.start]
    return before.relative and not hit.relative and len(gap) <= 20 and not any(c in gap for c in ".;!?\n")


def _plausible(rules: DateRules, raw: _Raw) -> bool:
    """Words the patterns only shaped like names ("the", "Mark") must not hide real dates."""
    g = raw.groups
    if raw.kind in ("month_first", "day_first", "row_day"):
        month_number = rules.names.month_number
        return month_number(g["m"] or "") is not None and (
            not g.get("m2") or month_number(g["m2"] or "") is not None
        )
    if raw.kind == "weekday":
        word = g["wd"] or ""
        plural = word.lower().endswith("s") and word.lower()[:-1] in rules.weekday_names
        return not plural and rules.names.weekday_number(word) is not None
    if raw.kind == "ordinal":
        # "the 6th of March" is a full date, read by the day-first rule.
        return not g.get("nm") or g["nm"] in rules.after_bare_day
    if raw.kind == "weekday_day":
        # "Freitag (18te)": a day number in parentheses is the weekday's whatever follows.
        return rules.names.weekday_number(g["wd"] or "") is not None and (
            not g.get("nm") or g["nm"] in rules.after_bare_day or g.get("p") is not None
        )
    if raw.kind == "bare_day":
        # "le 13 mars" is a full date too.
        return not g.get("nm") or rules.names.month_number(g["nm"] or "") is None
    return True


def _numeric_order_vote(raws: list[_Raw]) -> str | None:
    """The message's own habit: a numeric date that only one order makes valid settles the rest."""
    dmy = mdy = 0
    for raw in raws:
        if raw.kind not in ("slash", "dot"):
            continue
        a, b = int(raw.groups["a"] or 0), int(raw.groups["b"] or 0)
        dmy += a > 12 >= b
        mdy += b > 12 >= a
    if dmy == mdy:
        return None
    return "DMY" if dmy > mdy else "MDY"


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _full_year(y: str, reference: date) -> int:
    if len(y) == 4:
        return int(y)
    # "11/23/06": the century that puts the year nearest the message's.
    base = reference.year - reference.year % 100 + int(y)
    return min((base - 100, base, base + 100), key=lambda c: abs(c - reference.year))


def pick_year(month: int, day: int, reference: date, weekday: int | None = None) -> tuple[date | None, float]:
    """The day a year-less date means: the next one on or after the message's date, unless a weekday
    says otherwise or it was only just past (a stale date, not next year's)."""
    cands = [
        c for y in (reference.year - 1, reference.year, reference.year + 1) if (c := _safe(y, month, day))
    ]
    if not cands:
        return None, 0.0
    if weekday is not None:
        agree = [c for c in cands if c.weekday() == weekday and c >= reference - _RECENT_PAST]
        if agree:
            return min(agree, key=lambda c: abs((c - reference).days)), 1.0
    this_year = _safe(reference.year, month, day)
    certainty = 0.8 if weekday is not None else 1.0
    if this_year is not None and (this_year >= reference or reference - this_year <= _RECENT_PAST):
        return this_year, certainty
    nxt = _safe(reference.year + 1, month, day)
    return nxt, certainty


def _resolve(
    rules: DateRules,
    raw: _Raw,
    text: str,
    reference: date,
    vote: str | None,
    order: str,
    previous: DateHit | None,
) -> DateHit | None:
    if raw.kind in ("month_first", "day_first", "row_day"):
        return _resolve_named(rules, raw, text, reference)
    if raw.kind == "iso":
        g = raw.groups
        day = _safe(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        return DateHit(raw.start, raw.end, day, explicit_year=True, anchor=True) if day else None
    if raw.kind in ("slash", "dot"):
        return _resolve_numeric(rules, raw, text, reference, vote, order)
    if raw.kind == "ordinal":
        return _resolve_ordinal(raw, reference, previous)
    if raw.kind == "weekday_day":
        return _resolve_weekday_day(rules, raw, reference)
    if raw.kind == "bare_day":
        # A number alone is a day only where a date before it gives the month.
        return _resolve_ordinal(raw, reference, previous) if previous is not None else None
    return _resolve_relative(rules, raw, text, reference)


def _weekday_of(rules: DateRules, word: str | None) -> int | None:
    return rules.names.weekday_number(word) if word else None


def _resolve_named(rules: DateRules, raw: _Raw, text: str, reference: date) -> DateHit | None:
    g = raw.groups
    month_number = rules.names.month_number
    month = month_number(g["m"] or "")
    if month is None:
        return None
    month2 = month_number(g["m2"] or "") if g.get("m2") else month
    if month2 is None:
        return None
    d1, d2 = int(g["d"] or 0), int(g["d2"] or 0) if g.get("d2") else None
    year = _year_group(g, reference)
    weekday = _weekday_of(rules, _prefix_weekday(rules, text, raw.start))
    if year is not None:
        # "December 30 to January 2, 2020": the year is written once, for the range's end.
        day = _safe(year - (month2 < month), month, d1)
        certainty = 1.0
    else:
        day, certainty = pick_year(month, d1, reference, weekday)
    if day is None:
        return None
    end_day = None
    if d2 is not None:
        end_year = day.year + (1 if month2 < month else 0)
        end_day = _safe(end_year, month2, d2)
        if end_day is None or end_day <= day or (end_day - day).days > 120:
            end_day = None
    return DateHit(
        raw.start, raw.end, day, end_day, explicit_year=year is not None, certainty=certainty, anchor=True
    )


def _year_group(g: dict[str, str | None], reference: date) -> int | None:
    if g.get("y"):
        year = int(g["y"] or 0)
        return year if reference.year - 60 <= year <= reference.year + 10 else None
    if g.get("ys"):
        return _full_year(g["ys"] or "", reference)
    return None


def _prefix_weekday(rules: DateRules, text: str, start: int) -> str | None:
    m = rules.weekday_before.search(text, max(0, start - 25), start)
    return m.group("wd") if m else None


def _resolve_numeric(
    rules: DateRules, raw: _Raw, text: str, reference: date, vote: str | None, order: str
) -> DateHit | None:
    g = raw.groups
    a, b = int(g["a"] or 0), int(g["b"] or 0)
    year = _full_year(g["y"] or "", reference) if g.get("y") else None
    weekday = _weekday_of(rules, _prefix_weekday(rules, text, raw.start))
    readings: list[tuple[str, date, float]] = []
    for name, (m, d) in (("DMY", (b, a)), ("MDY", (a, b))):
        if raw.kind == "dot" and name == "MDY":
            continue  # dotted dates are day-first wherever they are written
        if year is not None:
            day = _safe(year, m, d)
            cert = 1.0
        else:
            day, cert = pick_year(m, d, reference, weekday) if 1 <= m <= 12 else (None, 0.0)
        if day is not None:
            readings.append((name, day, cert))
    if not readings:
        return None
    name, day, cert = _choose_reading(readings, reference, vote, order, weekday)
    last = g.get("b2") if name == "MDY" else g.get("a2")
    end_day = _safe(day.year, day.month, int(last)) if last else None
    if end_day is not None and end_day <= day:
        end_day = None
    return DateHit(
        raw.start, raw.end, day, end_day, explicit_year=year is not None, certainty=cert, anchor=True
    )


def _choose_reading(
    readings: list[tuple[str, date, float]],
    reference: date,
    vote: str | None,
    order: str,
    weekday: int | None,
) -> tuple[str, date, float]:
    """Validity, then the weekday, then the message's own habit, then nearness, then the list's order."""
    if len(readings) == 1:
        return readings[0]
    if weekday is not None:
        agree = [r for r in readings if r[1].weekday() == weekday]
        if len(agree) == 1:
            return agree[0]
    voted = [r for r in readings if r[0] == vote]
    if voted:
        return voted[0]
    # An announcement speaks of the coming weeks: a reading within them beats one months away.
    near = [r for r in readings if timedelta(0) <= r[1] - reference <= timedelta(days=45)]
    if len(near) == 1:
        return near[0][0], near[0][1], 0.8
    chosen = (
        next(r for r in readings if r[0] == order) if any(r[0] == order for r in readings) else readings[0]
    )
    return chosen[0], chosen[1], 0.7


def _resolve_ordinal(raw: _Raw, reference: date, previous: DateHit | None) -> DateHit | None:
    d = int(raw.groups["d"] or 0)
    if previous is not None:
        base = previous.end_day or previous.day
        day = _safe(base.year, base.month, d)
        if day is not None and day < base:
            nxt = date(base.year + base.month // 12, base.month % 12 + 1, 1)
            day = _safe(nxt.year, nxt.month, d)
        return DateHit(raw.start, raw.end, day, certainty=0.9) if day else None
    day = _safe(reference.year, reference.month, d)
    if day is not None and day < reference:
        nxt = date(reference.year + reference.month // 12, reference.month % 12 + 1, 1)
        day = _safe(nxt.year, nxt.month, d)
    return DateHit(raw.start, raw.end, day, certainty=0.6) if day else None


def _resolve_weekday_day(rules: DateRules, raw: _Raw, reference: date) -> DateHit | None:
    """The first day of that number, from the week before the message on, that falls on that weekday:
    the weekday settles the month; a pair that no month of the coming year has is no date."""
    wd = rules.names.weekday_number(raw.groups["wd"] or "")
    d = int(raw.groups["d"] or 0)
    earliest = reference - _WEEK
    for ahead in range(-1, _MONTHS_AHEAD):
        month_index = reference.year * 12 + reference.month - 1 + ahead
        day = _safe(month_index // 12, month_index % 12 + 1, d)
        if day is not None and day >= earliest and day.weekday() == wd:
            return DateHit(raw.start, raw.end, day, anchor=True)
    return None


def _resolve_relative(rules: DateRules, raw: _Raw, text: str, reference: date) -> DateHit | None:
    g = raw.groups
    if raw.kind == "relday":
        if rules.article_before.search(text, max(0, raw.start - 8), raw.start):
            return None
        offset = rules.relative_days[" ".join((g["w"] or "").lower().split())]
        return DateHit(raw.start, raw.end, reference + timedelta(days=offset), relative=True)
    if raw.kind == "in_n":
        word = g["n"] or ""
        n = int(word) if word.isdigit() else rules.number_words[word.lower()]
        unit = rules.day_units[(g["u"] or "").lower()]
        return DateHit(raw.start, raw.end, reference + timedelta(days=n * unit), relative=True, certainty=0.9)
    return _resolve_weekday(rules, raw, text, reference)


def _resolve_weekday(rules: DateRules, raw: _Raw, text: str, reference: date) -> DateHit | None:
    g = raw.groups
    weekday_number = rules.names.weekday_number
    wd = weekday_number(g["wd"] or "")
    if wd is None:
        return None
    qualifier = rules.weekday_qualifiers.get(
        (g["q"] or "").lower(), ""
    ) or rules.weekday_qualifiers_after.get(" ".join((g.get("qa") or "").lower().split()), "")
    week = (g["wk"] or g["wk0"] or "").lower()
    word = (g["wd"] or "").lower()
    bare = None if qualifier or week else _bare_weekday_certainty(rules, raw, text, word)
    if not qualifier and not week and bare is None:
        return None
    certainty = bare or 0.85
    if week:
        # "Mon-Wed next week": days of that week, counted from its Monday.
        monday = reference - timedelta(days=reference.weekday())
        monday += timedelta(days=7 * rules.week_phrases[" ".join(week.split())])
        day = monday + timedelta(days=wd)
    elif qualifier == "last":
        day = reference - timedelta(days=(reference.weekday() - wd) % 7 or 7)
    else:
        ahead = (wd - reference.weekday()) % 7
        if qualifier == "next" and ahead == 0:
            ahead = 7
        day = reference + timedelta(days=ahead)
    end_day = None
    wd2 = weekday_number(g["wd2"] or "") if g.get("wd2") else None
    if wd2 is not None and wd2 > wd:
        end_day = day + timedelta(days=wd2 - wd)
    plain = not week and (not qualifier or (g["q"] or "").lower() in rules.plain_qualifiers)
    return DateHit(raw.start, raw.end, day, end_day, relative=True, certainty=certainty, bare=plain)


def anchor_bare_weekdays(hits: list[DateHit], subject: list[DateHit]) -> None:
    """ "Workshop weekend, 21-22 April ... Saturday: 10am - 4pm", "bug bash, Thursday Oct 17 ...
    Thursday, 14:00-18:00 UTC": a weekday alone, after a date on that weekday not far ahead (or a span
    holding one) in the text or its Subject, is that date's day rather than the coming one; unless a
    date also names the coming one ("the strike on Friday" beside "moved from Friday 14 March").

    Read in one pass: each weekday keeps the days named so far within reach, at most nine."""
    named: dict[int, set[date]] = {}
    for anchor in subject:
        _name_days(anchor, named)
    for hit in hits:
        if hit.bare:
            days = {day for day in named.get(hit.day.weekday(), ()) if day >= hit.day}
            if len(days) == 1 and hit.day not in days:
                hit.day = days.pop()
        _name_days(hit, named)


def _name_days(hit: DateHit, named: dict[int, set[date]]) -> None:
    if hit.relative or hit.reference_day is None:
        return
    last = hit.end_day if hit.end_day is not None and hit.end_day - hit.day <= _LONGEST_SPAN else hit.day
    reach = hit.reference_day + _ANCHOR_REACH
    for n in range((min(last, reach) - hit.day).days + 1):
        day = hit.day + timedelta(days=n)
        if day >= hit.reference_day:
            named.setdefault(day.weekday(), set()).add(day)


def _bare_weekday_certainty(rules: DateRules, raw: _Raw, text: str, word: str) -> float | None:
    """How surely a weekday with nothing before it is a day of the coming week: with a time after it
    ("Thursday@10AM") surely; as the owner of what follows ("Friday's call") or as a row's label
    ("Tue:") surely too, and in full and alone ("the call is Thursday") less so, unless it names a
    kind of day ("every Monday") or a past one. A bare "Sat" is a timetable column beside a date."""
    if rules.kind_before.search(text, max(0, raw.start - 16), raw.start):
        # "every Monday", "this past Monday", "(Monday and Tuesday)" after a date; with a time too:
        # "every Monday at 10:00" is a rhythm, "(jeudi 14h, salle B204)" the usual slot.
        return None
    if rules.time_after.match(text, raw.end):
        # Abbreviated too: "Wed 2pm", "Do 19 Uhr"; a time pins it as surely as a full name.
        return 0.85
    if word in rules.weekday_names and rules.possessive_after.match(text, raw.end):
        return 0.85
    if _ROW_LABEL.match(text, raw.end) and _LINE_LEAD.search(text, max(0, raw.start - 12), raw.start):
        return 0.85
    alone = word in rules.weekday_names and not raw.groups.get("wd2")
    if not alone or _PAREN_AFTER.match(text, raw.end):
        return None  # "Monday to Friday"; "Friday (June 28th)"
    return 0.7


def _apply_weekday_prefix(rules: DateRules, hit: DateHit, text: str, reference: date) -> None:
    """Take a weekday written before the date into its span, and check the date against it.

    When they disagree and the date is already today or past while the weekday's day nearby is
    still to come, the weekday is the one meant (a reminder with yesterday's date pasted in).
    """
    if hit.relative:
        return
    m = rules.weekday_before.search(text, max(0, hit.start - 25), hit.start)
    if not m:
        return
    wd = rules.names.weekday_number(m.group("wd"))
    if wd is None:
        return
    hit.start = m.start()
    if hit.day.weekday() == wd:
        return
    shift = (wd - hit.day.weekday()) % 7
    candidate = hit.day + timedelta(days=shift if shift <= 3 else shift - 7)
    if hit.day <= reference < candidate or (hit.day < reference <= candidate):
        hit.day = candidate
        hit.end_day = None
    hit.certainty = min(hit.certainty, 0.6)


def _join_ranges(rules: DateRules, hits: list[DateHit], text: str) -> list[DateHit]:
    """ "25 March 2022 - Saturday, 26 March 2022", "June 20 to June 25, 2011": one range."""
    out: list[DateHit] = []
    for hit in hits:
        if out:
            prev = out[-1]
            between = text[prev.end : hit.start]
            if (
                len(between) <= 12
                and prev.end_day is None
                and not prev.relative
                and not hit.relative
                and rules.range_join.fullmatch(between)
                and not rules.move_before.search(text, max(0, prev.start - 40), prev.start)
            ):
                start = prev.day
                if not prev.explicit_year and hit.explicit_year:
                    start = (
                        _safe(hit.day.year - (prev.day.month > hit.day.month), prev.day.month, prev.day.day)
                        or start
                    )
                if start < hit.day and (hit.day - start).days <= 120:
                    prev.day, prev.end_day, prev.end = start, hit.end_day or hit.day, hit.end
                    continue
        out.append(hit)
    return out


ENGLISH_DATES = DateRules.of(ENGLISH)
