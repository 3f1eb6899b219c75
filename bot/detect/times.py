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

from bot.detect.lexicon import zone_key

_AMPM = r"(?P<ap{n}>[ap])\.?\s?m\b\.?"
_CLOCK = (
    r"(?:(?P<h{n}>[01]?\d|2[0-3])\s?[:h]\s?(?P<mi{n}>[0-5]\d)(?P<s{n}>:[0-5]\d)?(?:\s*" + _AMPM + r")?"
    # "15h", as written in France and around: two-digit hours only ("a 2h slot" is a length).
    r"|(?P<h3{n}>1\d|2[0-3])h(?!\w)"
    r"|(?P<h2{n}>1[0-2]|0?[1-9])(?:\.(?P<mi2{n}>[0-5]?\d))?\s*" + _AMPM.replace("{n}", "2{n}") + r""
    r"|(?P<word{n}>noon|midday|midnight))"
)
_ZONE = (
    r"(?:\s*\(?\s*(?P<z>[a-z]{1,9})(?:\s+(?:time|standard time|daylight time))?"
    r"(?P<off>\s?[+-]\s?\d{1,2}(?::?\d\d)?)?\)?)?"
)
_TIME = re.compile(
    r"(?<![\w:.,/-])"
    + _CLOCK.format(n="")
    + r"(?:\s*(?:-|–|to|until|till)\s*"
    + _CLOCK.format(n="e")
    + r")?"
    + _ZONE
)
# Where a time can start: a digit, or the "n"/"m" of "noon"/"midday"/"midnight", not glued to a word,
# number or path. The pattern starts with a character class, so the regex engine skips straight to
# these positions; _TIME, whose alternatives start with groups, is then tried only there.
_TIME_START = re.compile(r"[\dnm](?<![\w:.,/-].)(?:(?<=\d)|(?<=n)(?=oon)|(?<=m)(?=id))")
# 24-hour times written without a colon count only with a zone: "1400 UTC". The hour's first digit
# comes first (then what stands before it is checked) for the same fast skipping.
_MILITARY = re.compile(
    r"(?P<h>\d(?<![\w:.,/-]\d)(?:(?<=[01])\d|(?<=2)[0-3]))(?P<mi>[0-5]\d)\s?(?P<z>utc|gmt)\b"
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_FOLLOW_WINDOW = 90
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


def find_times(text: str, low: str | None = None) -> list[TimeHit]:
    """Every time of ``text``; the patterns run on ``low``, its ASCII-lower-cased copy."""
    if low is None:
        low = text.translate(_ASCII_LOWER)
    hits = [h for m in _time_matches(low) if (h := _from_match(m, text)) is not None]
    hits.extend(
        TimeHit(m.start(), m.end(), time(int(m["h"]), int(m["mi"])), None, m["z"], "utc", None)
        for m in _MILITARY.finditer(low)
    )
    hits.sort(key=lambda h: h.start)
    return hits


def _time_matches(low: str) -> Iterator[re.Match[str]]:
    """What ``_TIME.finditer(low)`` yields, trying the pattern only where a time can start."""
    resume = 0
    for start in _TIME_START.finditer(low):
        if start.start() < resume:
            continue  # inside the time found last
        m = _TIME.match(low, start.start())
        if m is not None:
            yield m
            resume = m.end()


def _clock(m: re.Match[str], n: str) -> time | None:
    if m[f"word{n}"]:
        word = m[f"word{n}"].lower()
        return time(0, 0) if word == "midnight" else time(12, 0)
    if m[f"h{n}"] is not None:
        hour, minute, ap = int(m[f"h{n}"]), int(m[f"mi{n}"]), m[f"ap{n}"]
        if ap is None and 1 <= hour <= 6 and len(m[f"h{n}"]) == 1:
            # "at 2:00" for a gathering is the afternoon: nobody meets at 2 a.m., and 24-hour
            # writers put the leading zero ("02:00").
            hour += 12
    elif m[f"h3{n}"] is not None:
        return time(int(m[f"h3{n}"]), 0)
    elif m[f"h2{n}"] is not None:
        hour, ap = int(m[f"h2{n}"]), m[f"ap2{n}"]
        raw = m[f"mi2{n}"] or "0"
        # "1.0 pm", "1.3 pm": a single digit after the point is tens of minutes.
        minute = int(raw) * (10 if len(raw) == 1 else 1)
        if minute > 59:
            return None
    else:
        return None
    if ap:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ap.lower() == "p" else 0)
    return time(hour, minute)


def _from_match(m: re.Match[str], text: str) -> TimeHit | None:
    at = _clock(m, "")
    if at is None:
        return None
    until = _clock(m, "e") if (m["he"] or m["h2e"] or m["h3e"] or m["worde"]) else None
    # Zone words are read from the original text: "IST" is a zone, "ist" is not.
    zone_text = text[m.start("z") : m.end("z")] if m["z"] else None
    key = zone_key(zone_text) if zone_text else None
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
    if t.start >= limit or t.start - d_end > _FOLLOW_WINDOW:
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
