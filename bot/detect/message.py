"""The message-level step: run the text rules over the Subject, the author's own text and each quoted
block, then settle what only the whole message can settle, and merge.

- Each text is read in its language (``bot.detect.languages``): the own text in runs of one language,
  the Subject in the own text's main one, a quoted block in its own. The learned decision decides
  the dates of English text, the rules those of other languages (the model has not been trained on
  them yet).
- Subject and own text are one announcement: a date in both is one meeting. In a reply, the Subject's
  dates count only when the author's text speaks of the gathering too (a "+1" does not announce it).
- A dateless hedge ("the dates won't be confirmed until ...") makes every own date tentative, with its
  confirmation deadline; a dateless cancellation ("I suggest to skip the meeting") cancels the dates the
  Subject names, and so does a move to a new date ("I've moved the meeting to Thursday 6 March").
- Quoted blocks are read from their own date when the attribution gives it; what they yield is
  reported as quoted, unless the own text already gives that day.
- Minutes and notes (a report Subject) name the meeting held: their headings tie no date, and a date of
  the message's own day without a time is that meeting.
- Calendar events win over prose about the same day.
- Only upcoming meetings: a day before the message's date, or a time already past, is dropped (a
  cancellation of today's meeting is still news).
- Reading is bounded: the rules are linear, but text packed with dates costs ~10 s per MB, so a message
  is read up to a budget of characters (own text first, then quoted blocks in order) and its Subject up
  to a length no real Subject reaches. The message itself is kept whole by the store.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.detect import cues
from bot.detect.calendar import to_mention
from bot.detect.decision import shipped
from bot.detect.features import RULE_PREFIXES
from bot.detect.grammar import Grammar
from bot.detect.languages import Run, grammar_for, main_grammar, quoted_grammar, runs
from bot.detect.lexicon import resolve_zone
from bot.detect.model import DetectOptions, Mention
from bot.detect.pipeline import Candidate, TextReading, read_text
from bot.detect.status_features import MessageSignals, status_features
from bot.detect.time_features import options as time_options
from bot.detect.times import find_times
from bot.lexicon import LEXICONS
from bot.lexicon.patterns import alternation
from bot.mail.model import Mail
from bot.meeting import MeetingDetails, MeetingStatus, When

_REPLY = re.compile(r"(?i)^\s*(?:re|aw|sv|antw)\s*:")
# An automatic reply (RFC 3834's "auto-replied", or a Subject a mail client writes for one) says when
# someone is away, not when anyone meets; the dates of the message it answers are in that message.
_AUTO_REPLIED = "auto-replied"
# Read in every language at once: an answer's Subject is in its writer's client's language, not the list's.
_AUTO_REPLY_WORDS = tuple(word for lexicon in LEXICONS.values() for word in lexicon.auto_replies)
_AUTO_REPLY_SUBJECT = re.compile(rf"(?i)^\s*(?:{alternation(_AUTO_REPLY_WORDS)})\s*:")
_OFFSET = re.compile(r"(?P<sign>[+-])\s?(?P<h>\d{1,2}):?(?P<m>\d\d)?")
_STARTED_GRACE = timedelta(minutes=15)
# Detection's times are aware: the zone they are read in only settles a day's midnight.
_UTC = ZoneInfo("UTC")
# Real announcements are a few KB; the longest own text in 6,000 OpenBMC messages (patches) is 110 KB.
MAX_TEXT_CHARS = 200_000
MAX_SUBJECT_CHARS = 1_000
# How many of the weightiest features a mention names in its ``why``.
_WHY_FEATURES = 4
# How a mention's ``why`` names the learned status and time decisions made on it.
LEARNED_DECISIONS = ("status:learned", "time:learned")
_STATUS_RANK = {MeetingStatus.CANCELLED: 3, MeetingStatus.TENTATIVE: 2, MeetingStatus.CONFIRMED: 1}


def detect_mail(
    mail: Mail,
    options: DetectOptions,
    received_at: datetime | None = None,
    trace: list[Candidate] | None = None,
    known_days: frozenset[date] = frozenset(),
) -> list[Mention]:
    """``trace``: when given, every candidate decided on is appended to it, kept or not.
    ``known_days``: the days of the meetings the message's thread already holds; an own date the rules
    tie to a gathering on one of them is kept, as the thread step then reads what it says of it."""
    reference = _reference(mail.date or received_at, options.time_zone)
    if reference is None or is_auto_reply(mail):
        return []
    text = mail.text[:MAX_TEXT_CHARS]
    topic = (mail.topic or mail.subject)[:MAX_SUBJECT_CHARS]
    # Each run of the text is read in its language; the Subject in the text's main one.
    found = runs(text, options.language, options.languages)
    grammar = _main_grammar(text, topic, found)
    subject_has_gathering = cues.has_gathering(grammar.cues, topic)
    zone_hint = next((t.zone for t in find_times(topic, rules=grammar.times) if t.zone is not None), None)
    report = grammar.report_subject.search(mail.subject) is not None
    is_reply = _REPLY.match(mail.subject) is not None
    own = _merged(
        [
            read_text(
                text if len(found) == 1 else text[run.start : run.end],
                reference,
                options.date_order,
                topic=topic,
                subject_has_gathering=subject_has_gathering,
                list_zone=options.time_zone,
                zone_hint=zone_hint,
                report=report,
                # A reply's own text without a gathering word is an answer, not an announcement.
                uncued=not is_reply,
                grammar=run.grammar,
            )
            for run in found
        ]
    )
    subject = read_text(
        topic,
        reference,
        options.date_order,
        topic=topic,
        in_subject=True,
        list_zone=options.time_zone,
        uncued=True,
        grammar=grammar,
    )
    decide = _Decider(options, trace, is_reply=is_reply, known_days=known_days)
    own.candidates = decide(own.candidates, "own")
    subject.candidates = decide(subject.candidates, "subject")
    own_candidates = _settle_own(mail, own, subject, report)
    decide.message = MessageSignals(
        hedges_all=own.hedges_all,
        cancels=own.cancels_meeting,
        proposes_cancel=own.proposes_cancel,
        moved=any(c.moved_to for c in own.candidates),
        reply=is_reply,
    )
    own_candidates = [decide.time_of(c) for c in own_candidates]
    if report:
        # Minutes sent the day of the meeting: a date of that day without a time still to come is it.
        own_candidates = [c for c in own_candidates if c.at is not None or c.day != reference.date()]
    mentions = _finalise(
        own_candidates, reference, options, quoted=False, confirm_by=own.confirm_by, decide=decide
    )
    budget = MAX_TEXT_CHARS - len(mail.text)
    mentions += _quoted_mentions(mail, options, reference, topic, budget, mentions, decide, grammar)
    return _with_calendar(mail, mentions, options, topic, grammar.code)


def is_auto_reply(mail: Mail) -> bool:
    """An out-of-office or other automatic answer (auto-generated mail, such as a list's calendar
    reminders, still announces)."""
    marked = (mail.auto_submitted or "").strip().lower().startswith(_AUTO_REPLIED)
    return marked or _AUTO_REPLY_SUBJECT.match(mail.subject) is not None


def _merged(readings: list[TextReading]) -> TextReading:
    """The readings of a text's runs as one: its dates, and what any run says without a date."""
    if len(readings) == 1:
        return readings[0]
    merged = TextReading()
    for reading in readings:
        merged.candidates += reading.candidates
        merged.hedges_all = merged.hedges_all or reading.hedges_all
        merged.cancels_meeting = merged.cancels_meeting or reading.cancels_meeting
        merged.proposes_cancel = merged.proposes_cancel or reading.proposes_cancel
        merged.confirm_by = merged.confirm_by or reading.confirm_by
        merged.mentions_gathering = merged.mentions_gathering or reading.mentions_gathering
    return merged


def message_grammar(mail: Mail, options: DetectOptions) -> Grammar:
    """The grammar of most of the message's own text (its Subject's when it has none)."""
    text = mail.text[:MAX_TEXT_CHARS]
    return _main_grammar(text, mail.topic or mail.subject, runs(text, options.language, options.languages))


def _main_grammar(text: str, topic: str, found: tuple[Run, ...]) -> Grammar:
    main = main_grammar(found)
    return main if text.strip() else grammar_for(topic, main)


def _quoted_mentions(
    mail: Mail,
    options: DetectOptions,
    reference: datetime,
    topic: str,
    budget: int,
    own: list[Mention],
    decide: _Decider,
    grammar: Grammar,
) -> list[Mention]:
    """What the quoted blocks add: days the own text did not give, read within the budget."""
    seen = {_day(m) for m in own}
    out: list[Mention] = []
    for block in mail.quoted:
        if budget <= 0:
            break
        block_ref = _reference(block.written, options.time_zone) or reference
        # A quoted block is someone else's words: read in its own language, the message's when it
        # does not say.
        quoted = read_text(
            block.text[:budget],
            block_ref,
            options.date_order,
            topic=topic,
            list_zone=options.time_zone,
            dateless=False,
            grammar=quoted_grammar(block.text, grammar),
        )
        budget -= len(block.text)
        cands = _apply_dateless(decide(quoted.candidates, "quoted"), quoted)
        for m in _finalise(cands, reference, options, quoted=True, confirm_by=quoted.confirm_by, decide=None):
            if _day(m) not in seen:
                seen.add(_day(m))
                out.append(m)
    return out


class _Decider:
    """Stage 3 for one message: keep the candidates the model (or the hand rules) says are meeting
    days; then, for the author's own dates, their start time and status, by the learned decisions
    when the model has them, else by the rules."""

    def __init__(
        self,
        options: DetectOptions,
        trace: list[Candidate] | None,
        *,
        is_reply: bool,
        known_days: frozenset[date] = frozenset(),
    ) -> None:
        self.model = None if options.rules_only else (options.model or shipped())
        self.trace = trace
        self.known_days = known_days
        self.context = ("msg:reply",) if is_reply else ()
        self.message = MessageSignals(reply=is_reply)

    def time_of(self, c: Candidate) -> Candidate:
        """The learned choice among the times near the date, when there is a choice to make."""
        time_model = self.model.time if self.model is not None else None
        if time_model is None or c.time_context is None:
            return c
        found = time_options(c.time_context)
        if not found or (c.at is not None and len(found) < 2) or (c.at is None and not time_model.untimed):
            return c
        best = max(found, key=lambda o: (time_model.choice.margin(o.features), -o.at.start))
        if c.at is None and time_model.choice.margin(best.features) < 0.0:
            return c
        rules = "none" if c.at is None else c.at.at.strftime("%H:%M")
        if c.at is None or best.at.start != c.at.start:
            c.why += (f"time:learned {best.at.at.strftime('%H:%M')} (rules: {rules})",)
        c.at = best.at
        return c

    def status_of(self, c: Candidate) -> None:
        """The learned status of a kept own date; its features are kept for training and --explain."""
        status_model = self.model.status if self.model is not None else None
        if status_model is None and self.trace is None:
            return
        settled = (c.status or MeetingStatus.CONFIRMED).value
        c.status_features = status_features(c.status_context, settled, c.features, self.message, c.origin)
        if status_model is None:
            return
        learned, p = status_model.decide(c.status_features)
        c.status = MeetingStatus(learned)
        c.why += (f"status:learned {learned} p={p:.2f} (rules: {settled})",)

    def __call__(self, cands: list[Candidate], origin: str) -> list[Candidate]:
        kept: list[Candidate] = []
        for c in cands:
            c.origin = origin
            c.features += [f"from:{origin}", *self.context, *_joined(c.features, origin)]
            if self._keeps(c):
                c.why = self._why(c)
                kept.append(c)
            if self.trace is not None:
                self.trace.append(c)
        return kept

    def _why(self, c: Candidate) -> tuple[str, ...]:
        rules = tuple(f for f in c.features if f.startswith(RULE_PREFIXES))
        if self.model is None or c.probability is None:
            return rules
        weighed = self.model.contributions(c.features)[:_WHY_FEATURES]
        return rules + tuple(f"{name} {weight:+.2f}" for name, weight in weighed)

    def _keeps(self, c: Candidate) -> bool:
        # Quoted text is never labelled (the labels read the author's own text), so the model has
        # not learned it: the rules decide there; and so they do in other languages than English,
        # which the model has not been trained to read yet.
        if self.model is None or c.origin == "quoted" or c.language != "en":
            return c.rule_confidence is not None
        c.probability = self.model.probability(c.features)
        c.confidence = round(c.probability, 2)
        if c.origin == "own" and c.day in self.known_days and c.rule_confidence is not None:
            # "Can someone confirm the review call on 5 March?": a reply naming its thread meeting's
            # day speaks of that meeting, whatever a reply's own dates usually are.
            return True
        return c.probability >= self.model.threshold


def _joined(features: list[str], origin: str) -> list[str]:
    """How far ahead a date is, per origin: a Subject naming today is often minutes or a reply to a
    reminder; the own text naming today is often the reminder itself."""
    return [f"{f}/{origin}" for f in features if f.startswith("ahead:")]


def _reference(value: datetime | None, zone: str) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(zone))


def _settle_own(mail: Mail, own: TextReading, subject: TextReading, report: bool) -> list[Candidate]:
    is_reply = _REPLY.match(mail.subject) is not None
    subject_cands = subject.candidates
    if (is_reply and not own.mentions_gathering) or report:
        subject_cands = []
    if is_reply:
        # "today" in a reply's Subject was written for the day of the message replied to.
        subject_cands = [c for c in subject_cands if not c.relative]
    # "I've moved the meeting to Thursday": the day the Subject still names is the one moved away from.
    own_days = {c.day for c in own.candidates}
    moved = any(c.moved_to for c in own.candidates)
    if own.cancels_meeting or moved or own.proposes_cancel:
        called_off = MeetingStatus.CANCELLED if own.cancels_meeting or moved else MeetingStatus.TENTATIVE
        for c in subject_cands:
            if c.status is None and c.day not in own_days:
                c.status = called_off
    return _apply_dateless(own.candidates + subject_cands, own)


def _apply_dateless(cands: list[Candidate], reading: TextReading) -> list[Candidate]:
    if reading.hedges_all:
        for c in cands:
            if c.status is None:
                c.status = MeetingStatus.TENTATIVE
    return cands


def _finalise(
    cands: list[Candidate],
    reference: datetime,
    options: DetectOptions,
    *,
    quoted: bool,
    confirm_by: date | None,
    decide: _Decider | None,
) -> list[Mention]:
    """``decide``: the decider of the author's own dates (None for quoted ones: the rules decide)."""
    by_day: dict[date, Candidate] = {}
    for c in cands:
        kept = by_day.get(c.day)
        by_day[c.day] = c if kept is None else _merge(kept, c)
    out: list[Mention] = []
    for c in sorted(by_day.values(), key=lambda c: c.day):
        if decide is not None:
            decide.status_of(c)
        mention = _mention(c, options, quoted, confirm_by)
        if _upcoming(mention, reference):
            out.append(mention)
    return _drop_days_inside_ranges(out)


def _merge(a: Candidate, b: Candidate) -> Candidate:
    """Two statements of one day: keep the surer, filling in what it lacks from the other."""
    best, other = (a, b) if a.confidence >= b.confidence else (b, a)
    if best.at is None or (best.at.zone is None and other.at is not None and other.at.zone is not None):
        best.at = other.at or best.at
    best.end_day = best.end_day or other.end_day
    best.location = best.location or other.location
    ranks = [_STATUS_RANK[s] for s in (a.status, b.status) if s is not None]
    if ranks:
        best.status = max((s for s in (a.status, b.status) if s is not None), key=lambda s: _STATUS_RANK[s])
    return best


def _zone(c: Candidate, options: DetectOptions) -> tuple[timezone | ZoneInfo, str]:
    at = c.at
    if at is not None and at.zone is not None:
        if at.offset and at.zone in ("utc", "gmt"):
            m = _OFFSET.match(at.offset.replace(" ", ""))
            if m is not None:
                delta = timedelta(hours=int(m["h"]), minutes=int(m["m"] or 0))
                fixed = timezone(delta if m["sign"] == "+" else -delta)
                return fixed, f"UTC{m['sign']}{int(m['h']):02d}:{m['m'] or '00'}"
        name = resolve_zone(at.zone, options.time_zone)
        return ZoneInfo(name), name
    return ZoneInfo(options.time_zone), options.time_zone


def _mention(c: Candidate, options: DetectOptions, quoted: bool, confirm_by: date | None) -> Mention:
    status = c.status or MeetingStatus.CONFIRMED
    start: date | datetime = c.day
    end: date | datetime | None = c.end_day
    zone_name: str | None = None
    if c.at is not None:
        tz, zone_name = _zone(c, options)
        start = datetime.combine(c.day, c.at.at, tzinfo=tz)
        if c.at.until is not None:
            end = datetime.combine(c.end_day or c.day, c.at.until, tzinfo=tz)
    details = MeetingDetails(
        title=c.title,
        when=When(start, end, zone_name),
        location=c.location,
        status=status,
        confirm_by=confirm_by if status is MeetingStatus.TENTATIVE else None,
    )
    return Mention(
        details, quoted=quoted, confidence=c.confidence, evidence=c.evidence, why=c.why, language=c.language
    )


def _upcoming(m: Mention, reference: datetime) -> bool:
    if m.when.last_day < reference.date():
        return False
    if not m.when.all_day and m.when.end is None and m.status is not MeetingStatus.CANCELLED:
        # A meeting that had started before the message was sent is being reported on.
        return m.when.start_instant(_UTC) >= reference - _STARTED_GRACE
    return True


def _drop_days_inside_ranges(mentions: list[Mention]) -> list[Mention]:
    """A programme's single days inside a conference's range are parts of it, not meetings of their own."""
    ranges = [(_day(m), _end_day(m)) for m in mentions if m.when.end is not None and _end_day(m) > _day(m)]
    return [
        m for m in mentions if not (_end_day(m) == _day(m) and any(lo < _day(m) <= hi for lo, hi in ranges))
    ]


def _day(m: Mention) -> date:
    return m.when.first_day


def _end_day(m: Mention) -> date:
    return m.when.last_day


def _with_calendar(
    mail: Mail, mentions: list[Mention], options: DetectOptions, topic: str, language: str
) -> list[Mention]:
    events = [
        replace(m, language=language)
        for e in mail.calendar
        if (m := to_mention(e, options.time_zone, topic)) is not None
    ]
    if not events:
        return mentions
    event_days = {_day(e) for e in events}
    kept = [m for m in mentions if _day(m) not in event_days]
    # A calendar part with prose about the same meeting on a day the prose got wrong: trust the part.
    return sorted([*events, *kept], key=lambda m: (m.quoted, _sort_key(m)))


def _sort_key(m: Mention) -> datetime:
    # A day sorts from its midnight in UTC: the order detection has always given.
    return m.when.start_instant(_UTC).astimezone(UTC).replace(tzinfo=None)
