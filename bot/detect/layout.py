"""Rule 1, layout: where the sentences ("units"), paragraphs and ignorable lines of a text are.

Plain-text mail wraps lines in the middle of sentences, so a newline alone never ends a unit; a blank
line, a sentence-final stop, a "Label: value" line, a line that starts with a bullet or a date (a
timetable row) and a heading in capitals do. Pasted header blocks ("From: / Sent: / Subject:") and
reply attributions ("On ..., X wrote:") are masked: the dates in them are when mail was written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bot.detect.lexicon import NameRules, literal_alternation, once_per_language
from bot.lexicon import ENGLISH, Lexicon
from bot.mail.attribution import looks_like_attribution

_BLANK = re.compile(r"\n[ \t\xa0]*\n")
# A stop ends a sentence when the next thing starts a new one; "Feb." or "Dr." does not. The stop is
# matched before what precedes it is checked, so that the regex engine skips straight to stops.
_STOP = re.compile(r"([.!?])(?<=[a-zA-Z0-9)\]\"'][.!?])(?=[ \t]+[A-Z(\[\"']|[ \t]*\n|[ \t]*$)")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_FIELD_LINE = re.compile(r"[ \t]*[A-Z][A-Za-z /&-]{1,24}:[ \t]")
# A wide gap after the leading date: a timetable's columns ("October 6       Title").
_TABULAR = re.compile(r"^[ \t]*\S+(?:[ ,]\S+){0,3}?(?:\t|[ ]{3,})\S")
_HEADER_KEY = re.compile(
    r"[ \t>]*(?:\*\s*)?(?:From|Sent|To|Cc|Subject|Date|Reply-To)\s*:\s*\S", re.IGNORECASE
)
_SEPARATOR = re.compile(r"[ \t]*-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}[ \t]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LayoutRules:
    """One language's layout patterns: the abbreviations whose stop ends no sentence ("Feb.", "Dr."),
    and the starts of timetable rows, which name a day."""

    abbreviation_before_stop: re.Pattern[str]
    row_start: re.Pattern[str]
    # A line ending with a word that needs what follows ("on", "the", "le"): the next line continues
    # its sentence ("will meet on\nMonday 12 February"), even when it starts like a timetable row.
    needs_more: re.Pattern[str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> LayoutRules:
        return _layout_rules(lexicon)


@once_per_language
def _layout_rules(lexicon: Lexicon) -> LayoutRules:
    names = NameRules.of(lexicon)
    ordinal = literal_alternation(lexicon.ordinal_suffixes)
    # In a language that writes an ordinal with a stop ("am 12. März"), a day number's stop ends no
    # sentence.
    day_number = r"|\b\d{1,2}" if "." in lexicon.ordinal_suffixes else ""
    abbreviations = "|".join((*map(re.escape, names.abbreviations), *lexicon.abbreviations))
    # Weekdays shortened to two letters ("Sa., 7.2.", "Do, 5.3."), which the three-letter prefixes miss:
    # a row only with their stop or comma, since "so" and "do" are words too.
    short = [name for spellings in lexicon.weekdays for name in spellings if len(name) < 3]
    short_row = rf"|(?i:{literal_alternation(tuple(short))})(?:\.,?|,)[ \t]*\d" if short else ""
    return LayoutRules(
        abbreviation_before_stop=re.compile(rf"(?i)(?:\b(?:{abbreviations})|\b[A-Z]{day_number})$"),
        row_start=re.compile(
            rf"[ \t]*(?:[-*•o+>|][ \t]|\d{{1,4}}[./)-]?[ \t]|\d{{1,2}}{ordinal}\b|"
            r"\d{1,2}(?:\s*[-–]\s*\d{1,2})?[ \t]+[A-Za-z]{3}|"
            rf"(?i:{'|'.join(names.prefixes)})[a-z]*\.?[ \t,]+\d{short_row})"
        ),
        needs_more=re.compile(
            rf"(?i)(?<!\w){literal_alternation((*lexicon.prepositions, *lexicon.articles))}[ \t]*$"
        ),
    )


ENGLISH_LAYOUT = LayoutRules.of(ENGLISH)


@dataclass(frozen=True, slots=True)
class Layout:
    text: str
    unit_starts: tuple[int, ...]
    para_starts: tuple[int, ...]
    masked: tuple[tuple[int, int], ...]
    # Starts of "Label: value" lines and timetable rows, for rules that trust such lines more.
    field_lines: tuple[int, ...]
    row_lines: tuple[int, ...]

    def unit(self, pos: int) -> tuple[int, int]:
        return _span(self.unit_starts, pos, len(self.text))

    def paragraph(self, pos: int) -> tuple[int, int]:
        return _span(self.para_starts, pos, len(self.text))

    def previous_unit(self, pos: int) -> tuple[int, int] | None:
        start, _ = self.unit(pos)
        if start == 0:
            return None
        prev = self.unit(start - 1)
        para_start, _ = self.paragraph(pos)
        return prev if prev[0] >= para_start else None

    def is_masked(self, pos: int) -> bool:
        i = bisect_right(self.masked, (pos, len(self.text) + 1)) - 1
        return i >= 0 and self.masked[i][0] <= pos < self.masked[i][1]

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def is_field_line(self, pos: int) -> bool:
        return _contains(self.field_lines, self.line_start(pos))

    def is_row_line(self, pos: int) -> bool:
        return _contains(self.row_lines, self.line_start(pos))


def _contains(sorted_values: tuple[int, ...], value: int) -> bool:
    i = bisect_left(sorted_values, value)
    return i < len(sorted_values) and sorted_values[i] == value


def _span(starts: tuple[int, ...], pos: int, length: int) -> tuple[int, int]:
    i = bisect_right(starts, pos) - 1
    start = starts[i] if i >= 0 else 0
    end = starts[i + 1] if i + 1 < len(starts) else length
    return start, end


def analyse(text: str, rules: LayoutRules = ENGLISH_LAYOUT) -> Layout:
    units = {0}
    paras = {0}
    for m in _BLANK.finditer(text):
        units.add(m.end())
        paras.add(m.end())
    for m in _STOP.finditer(text):
        if not rules.abbreviation_before_stop.search(text, max(0, m.start() - 6), m.start()):
            units.add(m.end())
    fields: list[int] = []
    rows: list[int] = []
    masked: list[tuple[int, int]] = []
    header_run: list[tuple[int, int]] = []
    prev_line = ""
    for m in _LINE.finditer(text):
        start, end = m.span()
        if start == end:
            break
        line = m.group()
        if _HEADER_KEY.match(line):
            header_run.append((start, end))
        else:
            _flush_header_run(header_run, masked)
        if _may_be_attribution(line) and _is_attribution(line):
            masked.append((start, end))
        if _FIELD_LINE.match(line):
            fields.append(start)
            units.update((start, end))
        elif (
            rules.row_start.match(line)
            and not rules.needs_more.search(prev_line)
            and (_row_can_start(prev_line, rows, start, line) or rules.row_start.match(text, end) is not None)
        ):
            rows.append(start)
            units.add(start)
        elif line.strip() and not _has_lower(line):
            units.update((start, end))
        prev_line = line
    _flush_header_run(header_run, masked)
    return Layout(
        text=text,
        unit_starts=tuple(sorted(units)),
        para_starts=tuple(sorted(paras)),
        masked=tuple(sorted(masked)),
        field_lines=tuple(fields),
        row_lines=tuple(rows),
    )


def _may_be_attribution(line: str) -> bool:
    """What every attribution line has, far cheaper to check than the pattern: it starts with "On"
    (after blanks) or ends with ":" or "-" (before blanks)."""
    return line.rstrip()[-1:] in (":", "-") or line.lstrip(" \t")[:2].lower() == "on"


def _is_attribution(line: str) -> bool:
    return looks_like_attribution(line) or _SEPARATOR.match(line) is not None


def _has_lower(line: str) -> bool:
    # On ASCII text, upper() changes the line exactly when it has a lower-case letter, and at C speed.
    return line.upper() != line if line.isascii() else any(c.islower() for c in line)


def _row_can_start(prev_line: str, rows: list[int], start: int, line: str) -> bool:
    """A line that starts with a date or bullet is a new row, unless it continues a wrapped sentence.

    (A run of such lines is rows whatever stands above them: the caller checks the next line.)"""
    prev = prev_line.rstrip()
    if not prev or prev[-1] in ".:;!?)]" or _TABULAR.search(line):
        return True
    return bool(rows) and rows[-1] == start - len(prev_line)


def _flush_header_run(run: list[tuple[int, int]], masked: list[tuple[int, int]]) -> None:
    # Two header lines in a row are a pasted header block, one alone is an announcement's field.
    if len(run) >= 2:
        masked.append((run[0][0], run[-1][1]))
    run.clear()
