"""The rules of text detection, composed in their declared order.

    layout -> dates -> times -> gathering cues -> status -> title/place -> upcoming only

Each step is its own module; this one only runs them over one text (a Subject, the author's own
text, or a quoted block) and collects what the message-level step (``bot.detect.message``) needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.detect import cues, features
from bot.detect.dates import DateHit, anchor_bare_weekdays, ascii_lower, find_dates
from bot.detect.grammar import ENGLISH_GRAMMAR, Grammar
from bot.detect.layout import Layout, analyse
from bot.detect.lexicon import resolve_zone
from bot.detect.status import StatusRules
from bot.detect.status_features import StatusContext
from bot.detect.time_features import TimeContext
from bot.detect.times import TimeHit, attach, find_times
from bot.meeting import MeetingStatus

_SPACE = re.compile(r"\s+")
_EVIDENCE_MAX = 240
# How far above a timetable row the heading that names its gathering may stand.
_HEADING_REACH = 1200
_SENTENCE_REACH = 300
# The longest own text with no gathering word anywhere that is read for candidates.
UNCUED_READ_CHARS = 2000
_PARAGRAPH_REACH = 600
# The rules' tie of a day proposed for a gathering the Subject or the paragraph names.
_PROPOSED = 0.55
# How many rows of a list may stand between a date's row and the heading line that hedges the list.
_ROWS_UNDER_HEADING = 12


@dataclass(slots=True)
class Candidate:
    """A meeting date found in one text, before the message-level step finalises it."""

    day: date
    end_day: date | None
    at: TimeHit | None
    # None: the text said nothing about the status (confirmed unless the message hedges).
    status: MeetingStatus | None
    confidence: float
    title: str
    location: str | None
    evidence: str
    in_subject: bool = False
    # The language of the text the date was read in.
    language: str = "en"
    relative: bool = False
    # The date a move sentence moves the meeting to: the date it had before is called off.
    moved_to: bool = False
    # The hand rules' verdict (None: they drop the date) and the features the decision weighs.
    rule_confidence: float | None = None
    features: list[str] = field(default_factory=list)
    # Set by the decision: where in the message the date stands, and the model's probability.
    origin: str = ""
    probability: float | None = None
    why: tuple[str, ...] = ()
    # What the learned status and time decisions read (``bot.detect.status_features``, ``time_features``).
    status_context: StatusContext | None = None
    time_context: TimeContext | None = None
    status_features: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TextReading:
    """What one text says: its meeting dates, and what it says about the meeting without a date."""

    candidates: list[Candidate] = field(default_factory=list)
    # A dateless sentence hedges "the dates"/"the meeting": every date of the message is tentative.
    hedges_all: bool = False
    # A dateless sentence cancels "the meeting": the dates the Subject names are called off.
    cancels_meeting: bool = False
    # A dateless sentence proposes to call "the meeting" off ("shall we skip it?"): the dates the
    # Subject names are tentative.
    proposes_cancel: bool = False
    confirm_by: date | None = None
    mentions_gathering: bool = False


def read_text(
    text: str,
    reference: datetime,
    date_order: str,
    *,
    topic: str = "",
    subject_has_gathering: bool = False,
    in_subject: bool = False,
    list_zone: str = "UTC",
    zone_hint: str | None = None,
    report: bool = False,
    dateless: bool = True,
    uncued: bool = False,
    grammar: Grammar = ENGLISH_GRAMMAR,
) -> TextReading:
    """The meeting dates of one text; ``zone_hint`` is a zone word the Subject gave its times.

    ``report``: the text reports on a meeting held (minutes, notes): its headings and paragraphs are
    about that meeting, so only a date's own sentence (or the one before) ties it to a gathering.
    ``uncued``: read the text for dates even when neither it nor the Subject has a gathering word
    (for the learned decision; the rules alone never keep such a date).
    ``dateless``: also read what the text says without a date (hedges, cancellations, a confirmation
    deadline); a caller that only uses them on the text's own dates (quoted blocks) skips a dateless text.
    ``grammar``: the rules of the text's language.
    """
    reading = TextReading()
    if not text.strip():
        return reading
    low = ascii_lower(text)
    gathering = cues.gathering_positions(low, grammar.cues)
    reading.mentions_gathering = bool(gathering)
    if not gathering and not subject_has_gathering:
        if not dateless:
            # Quoted text is decided by the rules alone, and every rule that makes a date a meeting
            # needs a gathering word here or in the Subject.
            return reading
        # The author's own text is read whatever its words (a rehearsal, a star party or a game jam
        # is a meeting too, and the learned decision knows words no rule lists), but only when it is
        # short: an announcement without any word a rule knows is a few lines, and a long text
        # without one is a patch, a log or a paste. (Blank space at its end adds no length.)
        if not uncued or len(text.rstrip()) > UNCUED_READ_CHARS:
            return reading
    all_times = find_times(text, low, grammar.times)
    today = _local_day(reference, all_times, zone_hint, list_zone)
    found = find_dates(text, today, date_order, low, grammar.dates)
    if any(h.bare for h in found):
        anchor_bare_weekdays(
            found, [] if in_subject else find_dates(topic, today, date_order, rules=grammar.dates)
        )
    all_times = _hours_after_days(all_times, found, text)
    if not found and not (dateless and (gathering or subject_has_gathering)):
        # What a text says without a date matters only about a gathering, here or in the Subject.
        return reading
    idx = cues.index(grammar.cues, low, gathering)
    layout = analyse(text, grammar.layout)
    hits = [h for h in found if not layout.is_masked(h.start)]
    times = _share_between_alternatives(
        grammar, hits, attach([(h.start, h.end) for h in hits], all_times, text), text
    )
    dated_units = {layout.unit(h.start) for h in hits}
    default_time = _stated_time(text, layout, idx, all_times, dated_units)
    message_place = _place_of_gathering(grammar, text, layout, idx) if hits else None
    # Sentences with a meeting date: a poll's "fill in the Doodle by 14 March" has a date, but no meeting's.
    meeting_units: set[tuple[int, int]] = set()
    low_topic = ascii_lower(topic)
    subject_features = features.word_features("subj", features.all_words(low_topic))
    subject_features += _families(grammar.cues, low_topic, 0, len(low_topic), "subject")
    clock_times = [t for t in all_times if not t.stamp]
    clock_starts = [t.start for t in clock_times]
    for i, (hit, at) in enumerate(zip(hits, times, strict=True)):
        tie = _tie(grammar, hit, at, text, layout, idx, subject_has_gathering, report)
        if tie.confidence is not None:
            meeting_units.add(layout.unit(hit.start))
        cand = _candidate(
            grammar, hit, at or default_time, tie, text, layout, topic, in_subject, message_place
        )
        cand.language = grammar.code
        cand.features = _features(hit, cand, tie, layout, idx, subject_features, grammar.cues)
        cand.time_context = TimeContext(
            text,
            low,
            layout,
            clock_times,
            clock_starts,
            hit.start,
            hit.end,
            hits[i - 1].end if i else 0,
            hits[i + 1].start if i + 1 < len(hits) else len(text),
            cand.at,
        )
        reading.candidates.append(cand)
    _read_dateless(grammar, text, layout, idx, meeting_units, reference.date(), reading)
    return reading


def _hours_after_days(times: list[TimeHit], hits: list[DateHit], text: str) -> list[TimeHit]:
    """ "jeudi 5 à 20h": an hour range read from a date's day number and a range word ("5 à 20h") is
    the hour after the word alone, from where the date ends. ("Thursday 5-6pm" keeps its range.)"""
    spans = sorted((h.start, h.end) for h in hits)
    out: list[TimeHit] = []
    j = 0
    for t in times:
        while j < len(spans) and spans[j][1] <= t.start:
            j += 1
        inside = j < len(spans) and spans[j][0] <= t.start
        if inside and t.until is not None and text[spans[j][1] : t.end].lstrip()[:1].isalpha():
            t = replace(t, start=spans[j][1], at=t.until, until=None)
        out.append(t)
    return out


def _share_between_alternatives(
    grammar: Grammar, hits: list[DateHit], times: list[TimeHit | None], text: str
) -> list[TimeHit | None]:
    """ "Tue 3 or Wed 4 June, 15:00 CEST": the time written once is the time of either day; and in a
    list ("Thursday 3/13 at noon, then 3/27, 4/10") a date with no time of its own has the time of the
    date before it."""
    for i in range(len(hits) - 1):
        if hits[i].alternative and hits[i + 1].alternative:
            times[i] = times[i] or times[i + 1]
            times[i + 1] = times[i + 1] or times[i]
        elif times[i + 1] is None and grammar.list_gap.fullmatch(text, hits[i].end, hits[i + 1].start):
            times[i + 1] = times[i]
    return _time_for_every_date(grammar, hits, times, text) if grammar.every_date is not None else times


def _time_for_every_date(
    grammar: Grammar, hits: list[DateHit], times: list[TimeHit | None], text: str
) -> list[TimeHit | None]:
    """ "Mo., 27.3., Mi., 29.3. und Do., 30.3., jeweils um 19.30 Uhr": the time after the list's last
    date, written as every date's, is the time of each date before it in the list."""
    assert grammar.every_date is not None
    for i in range(len(hits) - 2, -1, -1):
        after = times[i + 1]
        if (
            times[i] is None
            and after is not None
            and grammar.list_gap.fullmatch(text, hits[i].end, hits[i + 1].start)
            and grammar.every_date.search(text, hits[i + 1].end, after.start) is not None
        ):
            times[i] = after
    return times


def _local_day(reference: datetime, times: list[TimeHit], hint: str | None, list_zone: str) -> date:
    """The message's day where its author lives, for "today"/"tomorrow": the zone its times are
    written in stands for that (a reminder sent at 00:30 UTC from Texas says "tomorrow" of Texas)."""
    key = next((t.zone for t in times if t.zone is not None), hint)
    if key is None:
        return reference.date()
    return reference.astimezone(ZoneInfo(resolve_zone(key, list_zone))).date()


def _stated_time(
    text: str, layout: Layout, idx: cues.CueIndex, times: list[TimeHit], dated: set[tuple[int, int]]
) -> TimeHit | None:
    """The one time a text states for its gathering without a date ("Lectures are held on Tuesdays
    at 1 pm"), which then applies to the dates it lists without a time of their own."""
    stated = {
        (t.at, t.zone): t
        for t in times
        if not t.stamp and (u := layout.unit(t.start)) not in dated and cues.any_in(idx.gathering, *u)
    }
    return next(iter(stated.values())) if len(stated) == 1 else None


@dataclass(frozen=True, slots=True)
class Tie:
    """What ties a date to a gathering, as the hand rules see it: the named signals found, and the
    rules' own verdict (``confidence`` None: the rules would drop the date), a feature among others."""

    signals: tuple[str, ...]
    confidence: float | None
    # The date's clause, which the features read too.
    clause: tuple[int, int]


def _tie(
    grammar: Grammar,
    hit: DateHit,
    at: TimeHit | None,
    text: str,
    layout: Layout,
    idx: cues.CueIndex,
    subject_has_gathering: bool,
    report: bool = False,
) -> Tie:
    unit = layout.unit(hit.start)
    lo, hi = cues.clause(idx, hit.start, hit.end, unit)
    gather = cues.nearest(idx.gathering, hit.start, hit.end, *unit)
    weak = cues.nearest(idx.weak_negative, hit.start, hit.end, lo, hi)
    prev = layout.previous_unit(hit.start)
    para = layout.paragraph(hit.start)
    found = {
        "neg:deadline": cues.any_in(idx.strong_negative, lo, hi),
        "neg:limit": cues.is_limit(grammar.cues, text, hit.start),
        "neg:past": cues.is_past_or_timestamp(grammar.cues, text, hit.start, hit.end),
        "neg:past_today": hit.relative
        and hit.day == hit.reference_day
        and grammar.cues.past_today.search(text, lo, hi) is not None,
        # "Thanks for a productive session on Tuesday": a weekday alone in the past tense is gone.
        "neg:past_weekday": hit.bare and grammar.cues.past_today.search(text, lo, hi) is not None,
        "neg:weak": weak is not None,
        "neg:weak_nearer": weak is not None and (gather is None or weak < gather),
        "tie:clause": cues.any_in(idx.gathering, lo, hi),
        "tie:sentence": gather is not None,
        "tie:previous": prev is not None and cues.any_in(idx.gathering, *prev),
        "tie:paragraph": cues.any_in(idx.gathering, *para),
        "tie:subject": subject_has_gathering,
        "tie:heading": cues.any_in(idx.gathering, max(0, hit.start - _HEADING_REACH), hit.start),
        "layout:field": layout.is_field_line(hit.start),
        "layout:row": layout.is_row_line(hit.start),
        "text:report": report,
        # No gathering word in the whole text nor in the Subject: only the words around can tell.
        "text:uncued": not idx.gathering and not subject_has_gathering,
    }
    signals = tuple(name for name, on in found.items() if on)
    return Tie(signals, _rule_verdict(found, at is not None, report, hit.certainty), (lo, hi))


def _rule_verdict(found: dict[str, bool], timed: bool, report: bool, certainty: float) -> float | None:
    """The hand rules' tie, in their order: how surely the text ties the date to a gathering."""
    if any(found[n] for n in ("neg:deadline", "neg:limit", "neg:past", "neg:past_today", "neg:weak_nearer")):
        return None
    if found["tie:sentence"]:
        return (0.9 if found["tie:clause"] else 0.8) * certainty
    if found["tie:previous"]:
        return 0.65 * certainty
    if report:
        return None
    if timed and (found["tie:paragraph"] or found["tie:subject"]):
        return 0.6 * certainty
    # A "Date:" field or a timetable row under a heading that names the gathering.
    listed = found["layout:field"] or found["layout:row"]
    if listed and (found["tie:heading"] or found["tie:subject"]):
        return 0.6 * certainty
    return None


def _candidate(
    grammar: Grammar,
    hit: DateHit,
    at: TimeHit | None,
    tie: Tie,
    text: str,
    layout: Layout,
    topic: str,
    in_subject: bool,
    message_place: str | None,
) -> Candidate:
    # Sentence and paragraph are read through a window around the date, so that each date costs the
    # same however long its sentence: a line of ten thousand dates stays linear.
    u_start, u_end = _window(layout.unit(hit.start), hit.start, hit.end, _SENTENCE_REACH)
    sentence = text[u_start:u_end]
    para = text[slice(*_window(layout.paragraph(hit.start), hit.start, hit.end, _PARAGRAPH_REACH))]
    context = StatusContext(
        grammar.status, sentence, hit.start - u_start, *_after(text, layout, hit.start), hit.alternative
    )
    status = grammar.status.status_of_date(
        context.sentence, context.offset, context.following, context.later, context.alternative
    )
    if status is None and _listed_under_hedge(grammar.status, text, layout, hit.start):
        status = MeetingStatus.TENTATIVE
    confidence = tie.confidence
    if confidence is None and status is MeetingStatus.TENTATIVE and _proposed_for_the_gathering(tie):
        # "Mir passt es am besten in der Woche vom 15.12 bis zum 19.12" under a Subject that names the
        # meeting: a proposal of its day, though its sentence does not name the gathering again.
        confidence = _PROPOSED * hit.certainty
    return Candidate(
        day=hit.day,
        end_day=hit.end_day,
        at=at,
        status=status,
        status_context=context,
        confidence=round(confidence or 0.0, 2),
        rule_confidence=confidence,
        title=grammar.describe.title(sentence, topic, hit.start - u_start),
        location=grammar.describe.place(sentence, para) or message_place,
        evidence=_evidence(sentence, hit.start - u_start),
        in_subject=in_subject,
        relative=hit.relative,
        moved_to=grammar.status.moved_to(sentence, hit.start - u_start),
    )


def _proposed_for_the_gathering(tie: Tie) -> bool:
    """Nothing makes the date something else, and the Subject or the paragraph names a gathering."""
    signals = set(tie.signals)
    if signals & {"text:report"} or any(name.startswith("neg:") for name in signals):
        return False
    return bool(signals & {"tie:subject", "tie:paragraph"})


def _listed_under_hedge(rules: StatusRules, text: str, layout: Layout, pos: int) -> bool:
    """A row of a list whose heading line hedges it: "Terminvorschläge für das nächste Treffen:",
    "Proposed dates:" above one date a line."""
    if not layout.is_row_line(pos):
        return False
    start = layout.line_start(pos)
    for _ in range(_ROWS_UNDER_HEADING):
        if start == 0:
            return False
        above = layout.line_start(start - 1)
        if not text[above:start].strip():
            # A blank line between the heading and its list ("the following options:\n\n - Monday").
            start = above
            continue
        if not layout.is_row_line(above):
            heading = text[above:start].rstrip()
            return heading.endswith(":") and rules.hedged(heading)
        start = above
    return False


def _features(
    hit: DateHit,
    cand: Candidate,
    tie: Tie,
    layout: Layout,
    idx: cues.CueIndex,
    subject_features: list[str],
    rules: cues.CueRules,
) -> list[str]:
    """Stage 2: the rules' signals about this date, and the words around it (``bot.detect.features``)."""
    low = idx.low
    date_span = features.Span(hit.start, hit.end)
    unit = features.Span(*layout.unit(hit.start))
    clause = features.Span(*tie.clause)
    verdict = _verdict_name(tie.confidence, hit.certainty)
    out = [*tie.signals, f"rule:{verdict}", features.ahead(hit.day, hit.reference_day, hit.end_day)]
    out += _families(rules, low, *features.near(clause, date_span), "clause")
    out += _families(rules, low, *features.near(unit, date_span), "sentence")
    out += [name for name, on in _properties(hit, cand) if on]
    if features.is_question(low, unit, date_span):
        out.append("text:question")
    if features.is_conditional(low, clause, date_span):
        out.append("text:conditional")
    status_word = cand.status.value if cand.status is not None else "none"
    out.append(f"status:{status_word}")
    clause_words = features.words(low, clause, date_span)
    out += features.word_features("c", clause_words)
    out += features.pair_features("c2", clause_words)
    out += features.word_features("s", features.words(low, unit, date_span))
    prev = layout.previous_unit(hit.start)
    if prev is not None:
        out += features.word_features("p", features.tail_words(low, features.Span(*prev)))
    if unit.end < len(low):
        out += features.word_features("n", features.head_words(low, features.Span(*layout.unit(unit.end))))
    return out + subject_features


def _families(rules: cues.CueRules, low: str, start: int, end: int, where: str) -> list[str]:
    """The learned decision's word families found in ``low[start:end]``: one signal each, whatever
    the word, so that one list's "rehearsal" teaches about another's "quiz night"."""
    found = (
        ("tie:activity", cues.family_in(rules.activity, low, start, end)),
        ("neg:not_occasion", cues.family_in(rules.not_occasion, low, start, end)),
    )
    return [f"{name}_{where}" for name, on in found if on]


def _properties(hit: DateHit, cand: Candidate) -> tuple[tuple[str, bool], ...]:
    at = cand.at
    return (
        ("date:relative", hit.relative),
        ("date:alternative", hit.alternative),
        ("date:year", hit.explicit_year),
        ("date:range", hit.end_day is not None),
        ("date:uncertain", hit.certainty < 1.0),
        ("has:time", at is not None),
        ("has:zone", at is not None and at.zone is not None),
        ("has:place", cand.location is not None),
        ("in:subject", cand.in_subject),
        ("status:moved_to", cand.moved_to),
    )


def _verdict_name(confidence: float | None, certainty: float) -> str:
    """How strongly the rules tie the date to a gathering; how sure the date itself is stays apart
    (``date:uncertain``), so that a weekday's doubt is not counted twice."""
    if confidence is None:
        return "drop"
    return "strong" if confidence >= 0.8 * certainty else "weak"


def _window(span: tuple[int, int], start: int, end: int, reach: int) -> tuple[int, int]:
    return max(span[0], start - reach), min(span[1], end + reach)


def _place_of_gathering(grammar: Grammar, text: str, layout: Layout, idx: cues.CueIndex) -> str | None:
    """The first place named by a sentence that speaks of a gathering: the message's venue."""
    seen: set[tuple[int, int]] = set()
    for pos in idx.gathering:
        unit = layout.unit(pos)
        if unit in seen:
            continue
        seen.add(unit)
        found = grammar.describe.place(text[unit[0] : unit[1]])
        if found:
            return found
    return None


def _evidence(sentence: str, offset: int) -> str:
    if len(sentence) > _EVIDENCE_MAX:
        start = max(0, offset - _EVIDENCE_MAX // 2)
        sentence = sentence[start : start + _EVIDENCE_MAX]
    return _SPACE.sub(" ", sentence).strip()


def _read_dateless(
    grammar: Grammar,
    text: str,
    layout: Layout,
    idx: cues.CueIndex,
    dated: set[tuple[int, int]],
    ref: date,
    reading: TextReading,
) -> None:
    """Sentences without a meeting date that hedge or cancel the meeting the message is about."""
    for start in layout.unit_starts:
        unit = layout.unit(start)
        if unit in dated:
            continue
        sentence = text[unit[0] : unit[1]]
        rules = grammar.status
        if not rules.about_meeting(sentence):
            continue
        if _hedges_the_dates(rules, sentence):
            reading.hedges_all = True
            reading.confirm_by = reading.confirm_by or rules.confirm_by(sentence, ref)
        if _cancels_gathering(rules, unit, idx):
            # "Shall we skip the meeting this time?" only proposes to.
            if rules.governed(sentence):
                reading.proposes_cancel = True
            else:
                reading.cancels_meeting = True


def _hedges_the_dates(rules: StatusRules, sentence: str) -> bool:
    return (
        rules.hedged(sentence)
        and rules.about_dates(sentence)
        and not rules.confirmed(sentence)
        and not rules.about_another_meeting(sentence)
    )


def _after(text: str, layout: Layout, pos: int) -> tuple[str, str]:
    """The sentence after the one at ``pos``, and the text after it up to a sentence's reach."""
    start = layout.unit(pos)[1]
    if start >= len(text):
        return "", ""
    later = text[start : start + _SENTENCE_REACH]
    return later[: layout.unit(start)[1] - start], later


def _cancels_gathering(rules: StatusRules, unit: tuple[int, int], idx: cues.CueIndex) -> bool:
    """A cancel word in the same clause as a gathering word: "I suggest to skip the meeting", not
    "the US moved to summer time, so the meeting is an hour later"."""
    for m in rules.cancel.finditer(idx.low, *unit):
        lo, hi = cues.clause(idx, m.start(), m.end(), unit)
        if cues.any_in(idx.gathering, lo, hi):
            return True
    return False
