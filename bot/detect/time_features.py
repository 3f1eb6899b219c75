"""Stage 2 for times: which of the times near a date may be its start, and what a learned decision
weighs about each (same line, sentence or paragraph, distance and direction, another date between,
am/pm, a zone, a range, the word before it, the rules' choice).

Only the times within a bounded reach of the date are options, so a date costs the same however many
times its text holds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from bot.detect.layout import Layout
from bot.detect.times import TimeHit

# How far before and after a date a time may stand and still be an option for it.
REACH_BEFORE = 120
REACH_AFTER = 300
_MAX_OPTIONS = 6
_WORD_BEFORE = re.compile(r"([a-z]{2,12})\W{0,3}$")
_WORD_AFTER = re.compile(r"\W{0,3}([a-z]{2,12})")
_AMPM = re.compile(r"[ap]\.?\s?m\b")
_DISTANCES: tuple[tuple[int, str], ...] = (
    (3, "0-3"),
    (15, "4-15"),
    (40, "16-40"),
    (90, "41-90"),
    (200, "91-200"),
)


@dataclass(frozen=True, slots=True)
class TimeContext:
    """Where a date stands among the times of its text (``times`` sorted by start, no stamps, and
    their ``starts``, shared by every date of the text), the dates beside it, and the time the rules
    chose for it."""

    text: str
    low: str
    layout: Layout
    times: list[TimeHit]
    starts: list[int]
    start: int
    end: int
    previous_date_end: int
    next_date_start: int
    chosen: TimeHit | None


@dataclass(frozen=True, slots=True)
class TimeOption:
    at: TimeHit
    features: tuple[str, ...]


def options(context: TimeContext) -> list[TimeOption]:
    """The times near the date, each with its features; the rules' choice is always among them."""
    times, starts = context.times, context.starts
    lo = bisect_left(starts, context.start - REACH_BEFORE)
    hi = bisect_left(starts, context.end + REACH_AFTER)
    near = [t for t in times[lo:hi] if t.end <= context.start or t.start >= context.end][:_MAX_OPTIONS]
    chosen = context.chosen
    if chosen is not None and all(t.start != chosen.start for t in near):
        near.append(chosen)
    after = [t for t in near if t.start >= context.end]
    before = [t for t in near if t.end <= context.start]
    return [TimeOption(t, tuple(_features(context, t, after, before))) for t in near]


def _features(context: TimeContext, t: TimeHit, after: list[TimeHit], before: list[TimeHit]) -> list[str]:
    layout, low = context.layout, context.low
    is_after = t.start >= context.end
    gap = (context.end, t.start) if is_after else (t.end, context.start)
    # The rules' choice may stand anywhere (a time stated once for the whole text): only a near gap
    # is read, so that each date costs the same however far its time.
    between = low[gap[0] : gap[1]] if gap[1] - gap[0] <= REACH_AFTER else "\n\n"
    rank = (
        after.index(t)
        if is_after and t in after
        else (len(before) - 1 - before.index(t) if t in before else 0)
    )
    other_date = t.start > context.next_date_start if is_after else t.end < context.previous_date_end
    found = {
        "tm:rules": context.chosen is not None and t.start == context.chosen.start,
        "tm:same_line": "\n" not in between,
        "tm:next_line": between.count("\n") == 1,
        "tm:blank_between": "\n\n" in between.replace(" ", "").replace("\t", ""),
        "tm:same_unit": layout.unit(t.start) == layout.unit(context.start),
        "tm:same_paragraph": layout.paragraph(t.start) == layout.paragraph(context.start),
        "tm:other_date_between": other_date,
        "tm:zone": t.zone is not None,
        "tm:range": t.until is not None,
        "tm:ampm": _AMPM.search(low, t.start, t.end) is not None,
        "tm:minutes": t.at.minute != 0,
        # The rules gave the date no time: a programme's rows under a conference's range are not its
        # start, and the model must learn when a near time is one all the same.
        "tm:rules_none": context.chosen is None,
    }
    out = [name for name, on in found.items() if on]
    out.append(f"tm:dir:{'after' if is_after else 'before'}")
    out.append(f"tm:rank:{'after' if is_after else 'before'}:{min(rank, 3)}")
    out.append(f"tm:dist:{_distance(gap[1] - gap[0])}")
    out.append(f"tm:hour:{_hour_band(t.at.hour)}")
    word = _WORD_BEFORE.search(low, max(0, t.start - 16), t.start)
    if word is not None:
        out.append(f"tm:before:{word.group(1)}")
    word = _WORD_AFTER.match(low, t.end, t.end + 16)
    if word is not None:
        out.append(f"tm:after:{word.group(1)}")
    return out


def _distance(chars: int) -> str:
    for bound, name in _DISTANCES:
        if chars <= bound:
            return name
    return "far"


def _hour_band(hour: int) -> str:
    if hour < 7:
        return "night"
    if hour < 12:
        return "morning"
    return "afternoon" if hour < 18 else "evening"
