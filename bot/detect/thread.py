"""The thread a message belongs to, as an input of detection: a reply changes the meeting it answers.

The intake knows the meetings of the message's thread (by In-Reply-To / References, else by the
Subject) and whether the message answers one of our own digests or reminders; detection stays a pure
function of the message and this value.

- A reply's date on the day of a thread meeting is that meeting: it carries its UID, title, time and
  place unless the reply gives its own (a time, a place, a cancellation, a hedge).
- "moved to the 9th", "postponed to Thursday": when the thread has one upcoming meeting, its day is
  called off and the new day is a meeting of its own with the thread meeting's title, time and place.
- "correction: it starts at 8, not 9", "at 15:00 UTC, not 14:00": the thread meeting's time changes.
- "same time next week": a new meeting a week after the thread's latest meeting, at its time.
- "cancelled", "we'll skip it" with no date: the thread meeting is called off (tentatively when put as
  a question or a condition). What ``message`` already settled from the Subject's dates is not doubled.
- Our own digests are never read as announcements: the quotes of a reply to a digest are dropped, and
  so is its Subject when it only repeats the digest's. (Their footer line is no marker to look for in
  the quotes: mail parsing strips it as a signature.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.detect.dates import DateRules, find_dates
from bot.detect.lexicon import once_per_language, resolve_zone, zone_key
from bot.detect.model import DetectOptions, Mention
from bot.detect.status import StatusRules
from bot.lexicon import ENGLISH, Lexicon
from bot.lexicon.patterns import alternation
from bot.mail.model import Mail
from bot.meeting import MeetingDetails, MeetingStatus, When, WrapsDetails

# Stands for a Subject detection must not read, while still saying the message is a reply.
_REPLY_ONLY = "Re:"
# The detector's budget of own text (bot.detect.message reads no more either).
_MAX_TEXT = 200_000
# Sentences are read up to this length around a cue, and at most this many cues of a kind: a reply's
# own words are short, and text packed with cue words must not cost a sentence's reading per word.
_REACH = 300
_MAX_CUES = 20
_WEEK = timedelta(days=7)

_HOUR = r"(?P<{0}h>[01]?\d|2[0-3])(?:[:.](?P<{0}m>[0-5]\d))?(?:\s?(?P<{0}ap>[ap])\.?m\b\.?)?"


@dataclass(frozen=True, slots=True)
class ThreadRules:
    """One language's patterns of what a reply says of its thread's meeting, compiled from its
    lexicon: the status rules' cancellations and moves, and a reply's own words."""

    # The language the rules read, which the meetings they add are in.
    language: str
    dates: DateRules
    # "moved to Thursday": a move, led to the new day by a target that is no preposition of its own
    # ("moved the call on Friday to Monday" moves it to Monday); "let's do it on the 12th instead".
    move_to: re.Pattern[str]
    instead: re.Pattern[str]
    cancel: re.Pattern[str]
    # "I have to skip it", "I'll cancel my trip": the author's own plans, not the meeting's.
    personal: re.Pattern[str]
    doubt: re.Pattern[str]
    confirms: re.Pattern[str]
    next_week: re.Pattern[str]
    # "at 8, not 9", "at 15:00 UTC, not 14:00", "at 10 instead of 11"; "Correction: the call starts
    # at 8": a time said again to put it right; a bare "at 8" is a meeting's time only in a sentence
    # about the time or the meeting.
    not_that_time: re.Pattern[str]
    correction: re.Pattern[str]
    at_hour: re.Pattern[str]
    about_time: re.Pattern[str]
    status: StatusRules

    @classmethod
    def of(cls, lexicon: Lexicon) -> ThreadRules:
        return _thread_rules(lexicon)


@once_per_language
def _thread_rules(lexicon: Lexicon) -> ThreadRules:
    targets = tuple(t for t in lexicon.move_targets if t not in lexicon.prepositions)
    hour_leads = alternation(lexicon.hour_leads)
    return ThreadRules(
        language=lexicon.code,
        dates=DateRules.of(lexicon),
        move_to=re.compile(
            rf"(?i)\b{alternation(lexicon.move_verbs + lexicon.moves_under_way)}\b"
            rf"[^.;!?\n]{{0,40}}?\b{alternation(targets)}\s+(?:{alternation(lexicon.before_weekday)}\s+){{0,2}}"
            r"(?P<rest>[^.;!?\n]{0,40})"
        ),
        instead=re.compile(rf"(?i)\b{alternation(lexicon.instead)}\b"),
        cancel=re.compile(rf"(?i)\b{alternation(lexicon.cancellations + lexicon.reply_cancellations)}"),
        personal=re.compile(rf"(?i)\b{alternation(lexicon.own_plans)}"),
        doubt=re.compile(rf"(?i)\?|\b{alternation(lexicon.doubts)}\b"),
        confirms=re.compile(rf"(?i)\b{alternation(lexicon.reply_confirmations)}\b"),
        next_week=re.compile(rf"(?i)\b{alternation(lexicon.next_week_again)}\b"),
        # Spaces are bounded: two runs of them side by side ("\s*,?\s*") would try every split of a
        # long blank run.
        not_that_time=re.compile(
            rf"(?i)\b{hour_leads}\s{{1,3}}"
            + _HOUR.format("new")
            + r"(?:\s?(?P<zone>[a-z]{1,5}))?\s{0,3}(?:,\s{0,3})?"
            + rf"(?:{alternation(lexicon.list_joiners)}\s{{1,3}})?"
            + rf"{alternation(lexicon.not_that)}\s{{1,3}}(?:{alternation(lexicon.at)}\s{{1,3}})?"
            + _HOUR.format("old")
            + r"(?![\d:])"
        ),
        correction=re.compile(rf"(?i)\b{alternation(lexicon.corrections)}\b"),
        at_hour=re.compile(
            rf"(?i)\b{hour_leads}\s+" + _HOUR.format("new") + r"(?:\s?(?P<zone>[a-z]{1,5}))?(?![\d:])"
        ),
        about_time=re.compile(rf"(?i)\b{alternation(lexicon.time_topics)}\b"),
        status=StatusRules.of(lexicon),
    )


ENGLISH_THREAD = ThreadRules.of(ENGLISH)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class ThreadMeeting(WrapsDetails):
    """A meeting the store already knows in the message's thread: its identity and its details."""

    uid: str
    id: int | None
    details: MeetingDetails


@dataclass(frozen=True, slots=True)
class ThreadContext:
    """What the intake knows of the message's thread.

    ``answers_digest``: the message replies to one of our own digests or reminders, whose Subjects
    (without Re: and list tags) are ``digest_topics`` when the store kept them.
    """

    meetings: tuple[ThreadMeeting, ...] = ()
    answers_digest: bool = False
    digest_topics: tuple[str, ...] = ()


NO_THREAD = ThreadContext()


def readable(mail: Mail, thread: ThreadContext) -> Mail:
    """``mail`` without the text of our own digests it quotes or repeats."""
    if not thread.answers_digest:
        return mail
    # A reply to a digest quotes the digest: its dates are the digest's, not the author's.
    if not thread.digest_topics or mail.topic.casefold() in {t.casefold() for t in thread.digest_topics}:
        # Blank, yet still a reply; a topic of one space keeps message.py from falling back to it.
        return replace(mail, subject=_REPLY_ONLY, topic=" ", quoted=())
    return replace(mail, quoted=())


def in_thread(
    mail: Mail,
    mentions: list[Mention],
    thread: ThreadContext,
    options: DetectOptions,
    received_at: datetime | None,
    rules: ThreadRules = ENGLISH_THREAD,
) -> list[Mention]:
    """``mentions`` of a reply read against the meetings of its thread, in ``rules``' language."""
    if not thread.meetings:
        return mentions
    written = mail.date or received_at
    if written is None:
        return mentions
    zone = _zone_info(options.time_zone) or ZoneInfo("UTC")
    today = (written if written.tzinfo is not None else written.replace(tzinfo=zone)).astimezone(zone).date()
    reply = _Reply(mail.text[:_MAX_TEXT], thread.meetings, today, options, rules)
    settled = reply.settle(mentions)
    if thread.answers_digest:
        # "I will attend the review on Thursday": our digest announced that meeting; a reply naming it
        # as it stands only answers the digest, and changes nothing.
        settled = [m for m in settled if not _restates(m, thread.meetings)]
    return sorted(settled, key=lambda m: (m.quoted, m.when.first_day))


def _restates(mention: Mention, meetings: Sequence[ThreadMeeting]) -> bool:
    """The thread meeting as it is known: same status and start, and no other place."""
    said = mention.details
    for known in meetings:
        if mention.quoted or known.uid != mention.uid:
            continue
        place = said.location is None or said.location.casefold() in (known.location or "").casefold()
        return place and said.status is known.status and said.when.start == known.when.start
    return False


@dataclass(slots=True)
class _Reply:
    text: str
    meetings: Sequence[ThreadMeeting]
    today: date
    options: DetectOptions
    rules: ThreadRules

    def settle(self, mentions: list[Mention]) -> list[Mention]:
        out = [self._tie(m) if not m.quoted else m for m in mentions]
        own = [m for m in out if not m.quoted]
        untied = [m for m in own if m.uid is None]
        target = self._upcoming()
        if untied:
            return self._moves(out, untied, target)
        added = self._dateless(own, target)
        return [*self._with_time(out, target), *added]

    # --- a reply's dates -----------------------------------------------------------------------

    def _tie(self, mention: Mention) -> Mention:
        """A date of a thread meeting's day is that meeting, with what the reply says of it."""
        meeting = next((t for t in self.meetings if t.when.first_day == mention.when.first_day), None)
        if meeting is None:
            return mention
        said = mention.details
        status = said.status
        if status is MeetingStatus.CONFIRMED and not _confirms(self.rules, mention.evidence):
            # A reply that only names the day ("see you on Thursday") leaves the status as it was.
            status = meeting.status
        elif status is MeetingStatus.TENTATIVE and self.rules.status.only_asks(mention.evidence):
            # Nor does one that only asks about it ("can someone confirm the call on 5 March?").
            status = meeting.status
        when = meeting.when if said.when.all_day and said.when.end is None else said.when
        details = MeetingDetails(
            title=meeting.title,
            when=when,
            location=said.location or meeting.location,
            status=status,
            confirm_by=said.confirm_by or (meeting.confirm_by if status is MeetingStatus.TENTATIVE else None),
        )
        return replace(mention, details=details, uid=meeting.uid)

    def _moves(
        self, out: list[Mention], untied: list[Mention], target: ThreadMeeting | None
    ) -> list[Mention]:
        """A date the reply moves the meeting to: the thread meeting's day is called off. Another date is
        a meeting of its own beside the thread's, which the store must not take for a move."""
        moved = [
            m for m in untied if m.status is not MeetingStatus.CANCELLED and _moves_to(self.rules, m.evidence)
        ]
        if target is None or not moved:
            return [_aside(m) for m in out]
        zone = self._zone_of(target)
        # By identity: mentions are values, and comparing each with each costs a square of their number.
        moved_ids = {id(m) for m in moved}
        new = [_carry(m, target, zone) if id(m) in moved_ids else _aside(m) for m in out]
        if any(m.uid == target.uid for m in out):
            return new  # the Subject's date already said which day is left
        return [*new, _called_off(target, moved[0].evidence, MeetingStatus.CANCELLED, self.rules.language)]

    # --- what a reply says without a date ------------------------------------------------------

    def _dateless(self, own: list[Mention], target: ThreadMeeting | None) -> list[Mention]:
        added = self._next_week(own)
        if target is None or any(m.uid == target.uid for m in own):
            return added
        moved = self._moved_to_weekday(target)
        if moved is not None:
            return [
                *added,
                moved,
                _called_off(target, moved.evidence, MeetingStatus.CANCELLED, self.rules.language),
            ]
        cancel = self._cancellation()
        if cancel is not None:
            sentence, status = cancel
            return [*added, _called_off(target, sentence, status, self.rules.language)]
        return added

    def _with_time(self, out: list[Mention], target: ThreadMeeting | None) -> list[Mention]:
        """A corrected time moves the thread meeting within its day."""
        if target is None:
            return out
        corrected = self._corrected_start(target)
        if corrected is None:
            return out
        start, sentence = corrected
        when = _retimed(target.when, start, self._zone_name(target, start))
        kept = [m for m in out if m.uid != target.uid]
        mention = Mention(
            replace(target.details, when=when),
            False,
            0.8,
            sentence,
            uid=target.uid,
            language=self.rules.language,
        )
        return [*kept, mention]

    def _next_week(self, own: list[Mention]) -> list[Mention]:
        found = self.rules.next_week.search(self.text)
        held = [t for t in self.meetings if t.status is not MeetingStatus.CANCELLED]
        if found is None or not held:
            return []
        base = max(held, key=lambda t: t.when.first_day)
        day = base.when.first_day + _WEEK
        if day < self.today or any(m.when.first_day == day for m in own):
            return []
        sentence = _sentence(self.text, found.start(), found.end())
        status = MeetingStatus.TENTATIVE if self.rules.doubt.search(sentence) else MeetingStatus.CONFIRMED
        when = _shifted(base.when, _WEEK, self._zone_of(base))
        details = MeetingDetails(base.title, when, base.location, status)
        return [Mention(details, False, 0.7, sentence, distinct=True, language=self.rules.language)]

    def _moved_to_weekday(self, target: ThreadMeeting) -> Mention | None:
        """ "postponed to Thursday": a bare weekday after a move word, the next one after today."""
        for found in islice(self.rules.move_to.finditer(self.text), _MAX_CUES):
            word = _WORD.match(found["rest"])
            number = self.rules.dates.names.weekday_number(word.group(0)) if word is not None else None
            if number is None:
                continue
            day = self.today + timedelta(days=(number - self.today.weekday() - 1) % 7 + 1)
            if day == target.when.first_day:
                continue
            sentence = _sentence(self.text, found.start(), found.end())
            shift = day - target.when.first_day
            when = _shifted(target.when, shift, self._zone_of(target))
            details = MeetingDetails(target.title, when, target.location, MeetingStatus.CONFIRMED)
            return Mention(details, False, 0.7, sentence, distinct=True, language=self.rules.language)
        return None

    def _cancellation(self) -> tuple[str, MeetingStatus] | None:
        for found in islice(self.rules.cancel.finditer(self.text), _MAX_CUES):
            sentence = _sentence(self.text, found.start(), found.end())
            if self.rules.personal.search(sentence) or self._dated(sentence):
                continue
            doubted = self.rules.doubt.search(sentence) is not None
            return sentence, MeetingStatus.TENTATIVE if doubted else MeetingStatus.CANCELLED
        return None

    def _dated(self, sentence: str) -> bool:
        return bool(find_dates(sentence, self.today, self.options.date_order, rules=self.rules.dates))

    def _corrected_start(self, target: ThreadMeeting) -> tuple[datetime, str] | None:
        for found in self._corrections():
            hour = _hour(found, target)
            sentence = _sentence(self.text, found.start(), found.end())
            if hour is None or (_bare(found) and not self.rules.about_time.search(sentence)):
                continue
            zone = self._zone_word(found["zone"]) or self._zone_of(target)
            start = datetime.combine(target.when.first_day, hour, tzinfo=zone)
            return start, sentence
        return None

    def _corrections(self) -> Iterator[re.Match[str]]:
        yield from islice(self.rules.not_that_time.finditer(self.text), _MAX_CUES)
        for cue in islice(self.rules.correction.finditer(self.text), _MAX_CUES):
            lo, hi = _bounds(self.text, cue.start(), cue.end())
            yield from islice(self.rules.at_hour.finditer(self.text, lo, hi), _MAX_CUES)

    # --- which meeting, which zone -------------------------------------------------------------

    def _upcoming(self) -> ThreadMeeting | None:
        """The thread's one meeting still to come, which a dateless reply speaks of."""
        ahead = [
            t
            for t in self.meetings
            if t.status is not MeetingStatus.CANCELLED and t.when.last_day >= self.today
        ]
        return ahead[0] if len(ahead) == 1 else None

    def _zone_of(self, meeting: ThreadMeeting) -> tzinfo:
        named = _zone_info(meeting.when.time_zone) if meeting.when.time_zone else None
        if named is not None:
            return named
        start = meeting.when.start
        if isinstance(start, datetime) and start.tzinfo is not None:
            return start.tzinfo
        return _zone_info(self.options.time_zone) or ZoneInfo("UTC")

    def _zone_word(self, word: str | None) -> ZoneInfo | None:
        key = zone_key(word) if word else None
        return _zone_info(resolve_zone(key, self.options.time_zone)) if key is not None else None

    def _zone_name(self, meeting: ThreadMeeting, start: datetime) -> str | None:
        if isinstance(start.tzinfo, ZoneInfo):
            return start.tzinfo.key
        return meeting.when.time_zone or self.options.time_zone


def _confirms(rules: ThreadRules, sentence: str) -> bool:
    """ "It is confirmed", not "can you confirm it?"."""
    return rules.confirms.search(sentence) is not None and rules.doubt.search(sentence) is None


def _untied(mention: Mention) -> bool:
    return not mention.quoted and mention.uid is None


def _aside(mention: Mention) -> Mention:
    """A reply's own date that is no thread meeting's: a meeting of its own, never a move."""
    return replace(mention, distinct=True) if _untied(mention) else mention


def _moves_to(rules: ThreadRules, evidence: str) -> bool:
    return rules.move_to.search(evidence) is not None or rules.instead.search(evidence) is not None


def _carry(mention: Mention, target: ThreadMeeting, zone: tzinfo) -> Mention:
    """The day a meeting moves to, with the moved meeting's title, time and place unless it gives its own."""
    said = mention.when
    when = said
    if said.all_day and said.end is None:
        when = _shifted(target.when, said.first_day - target.when.first_day, zone)
    details = replace(
        mention.details, title=target.title, when=when, location=mention.location or target.location
    )
    return replace(mention, details=details, distinct=True)


def _called_off(target: ThreadMeeting, evidence: str, status: MeetingStatus, language: str) -> Mention:
    details = replace(target.details, status=status)
    return Mention(details, False, 0.7, evidence, uid=target.uid, language=language)


def _shifted(when: When, shift: timedelta, zone: tzinfo) -> When:
    """``when`` moved by whole days, at the same time of day in its own zone."""
    start, end = when.start, when.end
    if not isinstance(start, datetime):
        return When(start + shift, end + shift if end is not None else None, when.time_zone)
    new_start = datetime.combine(start.date() + shift, start.time(), tzinfo=zone)
    if isinstance(end, datetime):
        return When(new_start, new_start + (end - start), when.time_zone)
    return When(new_start, end + shift if end is not None else None, when.time_zone)


def _retimed(when: When, start: datetime, zone_name: str | None) -> When:
    end = when.end
    if isinstance(end, datetime) and isinstance(when.start, datetime):
        end = start + (end - when.start)
    return When(start, end, zone_name)


def _hour(found: re.Match[str], target: ThreadMeeting) -> time | None:
    """The time a correction gives; a bare hour is read on the side of the day the meeting was on."""
    hour, minute, half = int(found["newh"]), int(found["newm"] or 0), (found["newap"] or "").lower()
    if half:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour < 12 and found["newm"] is None:
        start = target.when.start
        known = start.hour if isinstance(start, datetime) else 12
        hour = min((hour, hour + 12), key=lambda h: abs(h - known))
    return time(hour, minute)


def _bare(found: re.Match[str]) -> bool:
    return not (found["newm"] or found["newap"] or (found["zone"] and zone_key(found["zone"])))


def _zone_info(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start``..``end``, read at most ``_REACH`` characters either side."""
    lo = max(text.rfind(stop, max(0, start - _REACH), start) for stop in ".!?\n")
    lo = max(lo + 1, start - _REACH, 0)
    ends = [i for stop in ".!?\n" if (i := text.find(stop, end, end + _REACH)) >= 0]
    hi = min(ends) + 1 if ends else min(len(text), end + _REACH)
    return lo, hi


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = _bounds(text, start, end)
    return " ".join(text[lo:hi].split())
