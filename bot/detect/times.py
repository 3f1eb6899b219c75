"""Rule 3, times and zones: "14:00 UTC", "2pm CET", "10:00-11:30 Pacific", "9am PDT / 16:00 UTC",
"noon", "15h00", "1.0 pm", and which date each belongs to.

A time belongs to the date it follows closely (same line or the next one, no other date between), or
else to the date it shortly precedes in the same line ("at 10:00 on Monday"). A zone written after the
time is kept as written and mapped to an IANA zone; without one, the list's zone applies.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time

from bot.detect.lexicon import (
    ZONE_WORDS,
    literal_alternation,
    once_per_language,
    phrase_alternation,
    zone_key,
)
from bot.lexicon import ENGLISH, Lexicon

_AMPM = r"(?P<ap{n}>[ap])\.?\s?m\b\.?"
_ZONE_WORD = literal_alternation(ZONE_WORDS)


def _after_lead_word(words: tuple[str, ...]) -> str:
    """Right after a word that introduces a time ("at", "from"): only there is "6.30" or a bare "4" a
    time of day, not a version, a price or a count. A lookbehind has a fixed width: one per length
    of word, a word starting after a word boundary and followed by a space; a sign ("@") may be glued.
    A language without such words has no such times."""
    named = [w for w in words if w.isalpha()]
    signs = [w for w in words if not w.isalpha()]
    behind = [
        rf"(?<=\b{literal_alternation(tuple(w for w in named if len(w) == size))} )"
        for size in sorted({len(w) for w in named})
    ]
    behind += [rf"(?<={re.escape(w)})|(?<={re.escape(w)} )" for w in signs]
    return "(?:" + "|".join(behind) + ")" if behind else "(?!)"


@dataclass(frozen=True, slots=True)
class TimeRules:
    """One language's time patterns, compiled from its lexicon: what ``find_times`` reads with."""

    # A time, from where one can start; and where one can start (a digit, or the first letter of a
    # clock word, not glued to a word, number or path: the pattern starts with a character class, so
    # the regex engine skips straight to these positions, and ``time`` is tried only there).
    time: re.Pattern[str]
    time_start: re.Pattern[str]
    clock_words: dict[str, tuple[int, int]]
    # The groups of the clock forms with hours (and minutes) on a 24-hour or unmarked dial, and of
    # every clock form; and the parts of the day written after a time ("de la tarde": "pm").
    day_clocks: tuple[tuple[str, str], ...]
    clock_groups: tuple[str, ...]
    day_periods: dict[str, str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> TimeRules:
        return _time_rules(lexicon)


@once_per_language
def _time_rules(lexicon: Lexicon) -> TimeRules:
    clock_words = dict(lexicon.clock_words) | dict(lexicon.clock_phrases)
    lead = _after_lead_word(lexicon.time_leads)
    # What may follow a bare hour: the end of a clause or line, a zone, or one of the lexicon's
    # followers ("at 4 on Friday"); never a decimal ("at 4.5%").
    # "a las 10 de la mañana": a part of the day may follow too.
    after_bare_hour = (
        r"(?![.,:]\d)(?=[ \t]*(?:[,.;!?)\]\n]|$)|[ \t]+"
        + literal_alternation(lexicon.bare_hour_followers + tuple(dict(lexicon.day_periods)))
        + r"(?!\w)"
        r"|\s?" + _ZONE_WORD + r"\b)"
    )
    # "18 Uhr", "19.30 Uhr", "14 h": an hour with its mark, in a language that writes one; and the
    # start of a range whose end alone carries the mark: "14-17 Uhr", "de 10 a 13 h".
    mark = literal_alternation(lexicon.hour_marks)
    marked = (
        r"|(?P<h7{n}>[01]?\d|2[0-3])(?:[.:h](?P<mi7{n}>[0-5]\d))?\s?" + mark + r"(?!\w)"
        r"|(?P<h8{n}>[01]?\d|2[0-3])(?:[.:](?P<mi8{n}>[0-5]\d))?(?=\s?(?:-|–|"
        + literal_alternation(lexicon.time_range_words)
        + r")\s?(?:[01]?\d|2[0-3])(?:[.:h][0-5]\d)?\s?"
        + mark
        + r"(?!\w))"
        if lexicon.hour_marks
        else ""
    )
    clock = (
        r"(?:(?P<h{n}>[01]?\d|2[0-3])\s?[:h]\s?(?P<mi{n}>[0-5]\d)(?P<s{n}>:[0-5]\d)?(?:\s*" + _AMPM + r")?"
        # "15h", as written in France and around: two-digit hours only ("a 2h slot" is a length).
        r"|(?P<h3{n}>1\d|2[0-3])h(?!\w)"
        r"|(?P<h2{n}>1[0-2]|0?[1-9])(?:\.(?P<mi2{n}>[0-5]?\d))?\s*" + _AMPM.replace("{n}", "2{n}") + r""
        r"|(?P<word{n}>"
        + literal_alternation(tuple(clock_words))
        + ")"
        + marked
        # "at 6.30", "at 4", "11UTC", "16.30 CET": a time only after a lead word, or before a zone.
        + r"|"
        + lead
        + r"(?:(?P<h4{n}>[01]?\d|2[0-3])\.(?P<mi4{n}>[0-5]\d)(?![\d%]|[.,]\d)"
        r"|(?P<h5{n}>1[0-2]|0?[1-9])" + after_bare_hour + r")"
        r"|(?P<h6{n}>[01]?\d|2[0-3])(?:\.(?P<mi6{n}>[0-5]\d))?(?=\s?[a-z])(?=\s?" + _ZONE_WORD + r"\b))"
    )
    # "de la tarde": a part of the day after the time (or its range), in a language that writes them.
    periods = dict(lexicon.day_periods)
    period = rf"(?:\s+(?P<dp>{phrase_alternation(tuple(periods))})(?!\w))?" if periods else ""
    zone = (
        r"(?:\s*\(?\s*(?P<z>[a-z]{1,9})(?:\s+" + phrase_alternation(lexicon.zone_suffixes) + ")?"
        r"(?P<off>\s?[+-]\s?\d{1,2}(?::?\d\d)?)?\)?)?"
    )
    time_pattern = re.compile(
        r"(?<![\w:.,/-])"
        + clock.format(n="")
        + r"(?:\s*(?:-|–|"
        + literal_alternation(lexicon.time_range_words)
        + r")\s*"
        # The end of a range follows its start: no lead word needed ("from 6.30 to 8").
        + clock.replace(lead, "").format(n="e")
        + r")?"
        + period
        + zone
    )
    time_start = re.compile(
        rf"[\d{''.join(sorted({w[0] for w in clock_words}))}](?<![\w:.,/-].)(?:(?<=\d)|"
        + "|".join(rf"(?<={re.escape(w[0])})(?={re.escape(w[1:])})" for w in clock_words)
        + ")"
    )
    marks = ((("h7", "mi7"), ("h8", "mi8")), ("h7", "h8")) if lexicon.hour_marks else ((), ())
    return TimeRules(
        time=time_pattern,
        time_start=time_start,
        clock_words=clock_words,
        day_clocks=(*_DAY_CLOCKS, *marks[0]),
        clock_groups=(*_CLOCK_GROUPS, *marks[1]),
        day_periods=periods,
    )


# 24-hour times written without a colon count only with a zone: "1400 UTC". The hour's first digit
# comes first (then what stands before it is checked) for the same fast skipping.
_MILITARY = re.compile(
    r"(?P<h>\d(?<![\w:.,/-]\d)(?:(?<=[01])\d|(?<=2)[0-3]))(?P<mi>[0-5]\d)\s?(?P<z>utc|gmt)\b"
)

# The groups of the clock forms with hours (and minutes) on a 24-hour or unmarked dial: the colon
# form, "at 6.30", "at 4", "11UTC" or "16.30 CET".
_DAY_CLOCKS = (("h", "mi"), ("h4", "mi4"), ("h5", ""), ("h6", "mi6"))
_CLOCK_GROUPS = ("h", "h2", "h3", "h4", "h5", "h6", "word")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_FOLLOW_WINDOW = 90
# An agenda under the date, after a blank line (and perhaps its "Agenda:" heading): its first row's
# time is the meeting's ("10:00 Welcome").
_AGENDA_GAP = re.compile(r"[^\n]*\n(?:[ \t]*\n)+(?:[^\n]*:[ \t]*\n(?:[ \t]*\n)*)?[ \t*-]*")
_AGENDA_WINDOW = 200
_LEAD_WINDOW = 50


@dataclass(frozen=True, slots=True)
class TimeHit:
    start: int
    end: int
    at: time
    until: time | None
    # The zone word as written ("PDT", "Central"), and its canonical key for the lexicon.
    zone_text: str | None
    zone: str | None
    offset: str | None
    # With seconds ("17:39:44"): when something was logged or sent, never a meeting's time.
    stamp: bool = False


def find_times(text: str, low: str | None = None, rules: TimeRules | None = None) -> list[TimeHit]:
    """Every time of ``text``; the patterns run on ``low``, its ASCII-lower-cased copy; ``rules``: the
    language's (English when not given)."""
    rules = ENGLISH_TIMES if rules is None else rules
    if low is None:
        low = text.translate(_ASCII_LOWER)
    hits = [h for m in _time_matches(rules, low) if (h := _from_match(rules, m, text)) is not None]
    hits.extend(
        TimeHit(m.start(), m.end(), time(int(m["h"]), int(m["mi"])), None, m["z"], "utc", None)
        for m in _MILITARY.finditer(low)
    )
    hits.sort(key=lambda h: h.start)
    return hits


def _time_matches(rules: TimeRules, low: str) -> Iterator[re.Match[str]]:
    """What ``rules.time.finditer(low)`` yields, trying the pattern only where a time can start."""
    resume = 0
    for start in rules.time_start.finditer(low):
        if start.start() < resume:
            continue  # inside the time found last
        m = rules.time.match(low, start.start())
        if m is not None:
            yield m
            resume = m.end()


def _clock(rules: TimeRules, m: re.Match[str], n: str) -> time | None:
    if m[f"word{n}"]:
        word = m[f"word{n}"].lower()
        return time(*rules.clock_words[word])
    if m[f"h3{n}"] is not None:
        return time(int(m[f"h3{n}"]), 0)
    if m[f"h2{n}"] is not None:
        raw = m[f"mi2{n}"] or "0"
        # "1.0 pm", "1.3 pm": a single digit after the point is tens of minutes.
        minute = int(raw) * (10 if len(raw) == 1 else 1)
        return _on_dial(int(m[f"h2{n}"]), minute, m[f"ap2{n}"]) if minute <= 59 else None
    for hour_key, minute_key in rules.day_clocks:
        digits = m[f"{hour_key}{n}"]
        if digits is None:
            continue
        hour = int(digits)
        ap = m[f"ap{n}"] if hour_key == "h" else None
        if ap is None and 1 <= hour <= 6 and len(digits) == 1:
            # "at 2:00" for a gathering is the afternoon: nobody meets at 2 a.m., and 24-hour
            # writers put the leading zero ("02:00").
            hour += 12
        minutes = m[f"{minute_key}{n}"] if minute_key else None
        return _on_dial(hour, int(minutes or 0), ap)
    return None


def _after_start(at: time, until: time | None) -> time | None:
    """ "from 6.30 to 8": an end read before the start is on the afternoon's half of the dial."""
    if until is not None and until < at and until.hour < 12 and time(until.hour + 12, until.minute) > at:
        return time(until.hour + 12, until.minute)
    return until


def _in_half(at: time, half: str) -> time:
    """A time in the half of the day its part of the day names: "8 de la tarde" is 20:00, "6 de la
    mañana" 06:00 (which a bare 6 would not be)."""
    if half == "pm" and at.hour < 12:
        return at.replace(hour=at.hour + 12)
    if half == "am" and at.hour > 12:
        return at.replace(hour=at.hour - 12)
    return at


def _on_dial(hour: int, minute: int, ap: str | None) -> time | None:
    if ap:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ap.lower() == "p" else 0)
    return time(hour, minute)


def _from_match(rules: TimeRules, m: re.Match[str], text: str) -> TimeHit | None:
    at = _clock(rules, m, "")
    if at is None:
        return None
    until = _after_start(at, _clock(rules, m, "e")) if any(m[f"{g}e"] for g in rules.clock_groups) else None
    if rules.day_periods and m["dp"]:
        half = rules.day_periods[" ".join(m["dp"].lower().split())]
        at, until = _in_half(at, half), _in_half(until, half) if until is not None else None
    # Zone words are read from the original text: "IST" is a zone, "ist" is not.
    zone_text = text[m.start("z") : m.end("z")] if m["z"] else None
    key = zone_key(zone_text) if zone_text else None
    if m["h6"] is not None and (key is None or zone_text is None or not zone_text.isupper()):
        # A number is a time only with its zone in capitals: "11UTC", "16.30 CET", not "11 et" or
        # "3.10 est" (French for "is").
        return None
    stamp = m["s"] is not None
    if key is not None:
        return TimeHit(m.start(), m.end(), at, until, zone_text, key, m["off"], stamp)
    # The word after the time was no zone: the time ends before it.
    end = m.start("z") if m["z"] else m.end()
    return TimeHit(m.start(), len(m.string[:end].rstrip(" \t\n(")), at, until, None, None, None, stamp)


def attach(date_spans: list[tuple[int, int]], times: list[TimeHit], text: str) -> list[TimeHit | None]:
    """For each date span (in text order), the time that belongs to it, or None."""
    times = [t for t in times if not t.stamp]
    starts = [t.start for t in times]
    out: list[TimeHit | None] = []
    for i, (d_start, d_end) in enumerate(date_spans):
        next_date = date_spans[i + 1][0] if i + 1 < len(date_spans) else len(text)
        prev_date_end = date_spans[i - 1][1] if i else 0
        out.append(
            _after(d_end, next_date, starts, times, text)
            or _before(d_start, prev_date_end, starts, times, text)
        )
    return out


def _after(d_end: int, limit: int, starts: list[int], times: list[TimeHit], text: str) -> TimeHit | None:
    j = bisect_left(starts, d_end)
    if j >= len(times):
        return None
    t = times[j]
    if t.start >= limit or t.start - d_end > _AGENDA_WINDOW:
        return None
    if _AGENDA_GAP.fullmatch(text, d_end, t.start):
        return t
    if t.start - d_end > _FOLLOW_WINDOW:
        return None
    gap = text[d_end : t.start]
    # The time may sit on the next line ("Date: ..." then "Time: ..."), not across a blank line.
    # A few lines down ("Date: ..." / "Venue: ..." / "Time: ..."), never across a blank line.
    return None if gap.count("\n") > 2 or "\n\n" in gap.replace(" ", "").replace("\t", "") else t


def _before(d_start: int, limit: int, starts: list[int], times: list[TimeHit], text: str) -> TimeHit | None:
    j = bisect_left(starts, d_start) - 1
    if j < 0:
        return None
    t = times[j]
    if t.end > d_start or t.start < limit or d_start - t.end > _LEAD_WINDOW:
        return None
    return None if "\n" in text[t.end : d_start] else t


ENGLISH_TIMES = TimeRules.of(ENGLISH)
