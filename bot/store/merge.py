"""The merge of one message's mentions into the meetings a list already knows: a pure function.

Rules (the store only carries out what ``merge`` returns):

- Identity. A mention is a known meeting when it carries the meeting's calendar UID; or falls on the
  meeting's day and either shares the message's thread or has a similar title; or, not quoted, shares
  the thread, has a similar title and the meeting is still ahead: then the mention moves it. A mention
  detection marked ``distinct`` (the day a reply moves a meeting to, "same time next week") is a
  meeting of its own and moves none; mentions with a UID are matched first, so that the thread meeting
  a reply names by UID is theirs.
- Quoted mentions are old text: they tie the message to a known meeting (its thread keys) but never
  change a field. They create a meeting only when the message's thread is unknown (nothing read of
  it, no known meeting in it): that is the reply read alone, before or without its original. Such a
  meeting is ``quoted_only`` and records no field dates, so the first direct mention sets every field.
- Per field, the newest message wins: a value stated by a message dated before the one that last set
  the field is ignored, so an archive imported out of order ends as if read in order. A time or an
  end added to a day is taken whatever its date when the meeting had none; a bare date never erases
  a known time; a place that the known place already contains ("Geneva" in "Palais des Nations,
  Geneva") does not replace it.
- Fields an admin corrected are never changed by detection.
- Evidence. A meeting keeps the sentence it was read from, replaced by the sentence of each later
  mention that changes it (moves, confirms, cancels, edits): what its calendar event quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from bot.detect.model import Mention
from bot.meeting import MeetingDetails, WrapsDetails

FieldValue = str | bool | date | datetime | None

# Titles are what detection made of free text: two namings of one meeting share about half their words.
SIMILAR_TITLE = 0.5
# A move changes the day, so only a clearly similar title may carry it.
MOVE_TITLE = 0.6

# The fields of a meeting as the calendar shows it; a change to any of them is recorded and bumps SEQUENCE.
FIELDS = ("title", "start", "end", "all_day", "time_zone", "location", "status", "confirm_by")
_WHEN_FIELDS = ("start", "end", "all_day", "time_zone")

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "meeting",
        "meetings",
        "session",
        "sessions",
    ]
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class MeetingState(WrapsDetails):
    """A meeting as the merge sees it. ``id`` is None for a meeting this merge creates.

    ``field_dates``: per field, the date of the message that last stated it; a field without one is
    provisional (unset, or read only from quoted text). ``corrected``: fields an admin set.
    ``evidence``: the sentence of the mention that created it or last changed it; None when unknown
    (kept before the store recorded it, or detection gave none).
    """

    id: int | None
    uid: str | None
    details: MeetingDetails
    thread_keys: frozenset[str] = frozenset()
    field_dates: Mapping[str, datetime] = field(default_factory=dict)
    corrected: frozenset[str] = frozenset()
    quoted_only: bool = False
    evidence: str | None = None

    def value(self, name: str) -> FieldValue:
        return field_value(self.details, name)


def field_value(details: MeetingDetails, name: str) -> FieldValue:
    """One of FIELDS by its name, as the history records it."""
    value: FieldValue = getattr(details.when if name in _WHEN_FIELDS else details, name)
    return value


def with_fields(details: MeetingDetails, values: Mapping[str, FieldValue]) -> MeetingDetails:
    """``details`` with the named FIELDS set; ``all_day`` follows from the start, so it is not set."""
    # Typed by field name, which the type checker cannot follow: merge and correct give each its type.
    when_values: dict[str, Any] = {
        name: v for name, v in values.items() if name in _WHEN_FIELDS and name != "all_day"
    }
    other: dict[str, Any] = {name: v for name, v in values.items() if name not in _WHEN_FIELDS}
    return replace(details, when=replace(details.when, **when_values), **other)


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """What the merge needs to know of the message: its date (Date header, else when received), its
    thread keys (own Message-ID and those it refers to) and whether any message it refers to has
    already been read."""

    date: datetime
    thread_keys: tuple[str, ...]
    thread_read: bool = False


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True, slots=True)
class MeetingChange:
    """The new state of one meeting the message touched, with the calendar changes it made.

    ``changes`` is empty when only bookkeeping moved (thread keys, field dates, quoted_only): the
    store saves the state but records no history and keeps the SEQUENCE.
    """

    before: MeetingState | None
    after: MeetingState
    changes: tuple[FieldChange, ...]

    @property
    def created(self) -> bool:
        return self.before is None


def merge(
    mentions: Sequence[Mention], known: Sequence[MeetingState], facts: MessageFacts
) -> list[MeetingChange]:
    """The meetings ``mentions`` create or change, given the list's ``known`` meetings that could match."""
    work = [_Work(before=meeting, state=meeting) for meeting in known]
    thread_known = facts.thread_read or any(_in_thread(m, facts) for m in known)
    # Direct mentions first, so that a quote in the same message finds the meeting they made.
    for mention in sorted(mentions, key=lambda m: (m.quoted, m.uid is None, -m.confidence)):
        target = _best_match(mention, work, facts)
        if target is not None:
            target.apply(mention, facts)
        elif not (mention.quoted and thread_known):
            work.append(_Work(before=None, state=_created(mention, facts), touched=True, claimed=True))
    return [item.result() for item in work if item.touched]


def title_similarity(a: str, b: str) -> float:
    """Shared words over the shorter title's words, ignoring case, plurals and filler words."""
    words_a, words_b = _title_words(a), _title_words(b)
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


def _title_words(title: str) -> frozenset[str]:
    words = [w.lower() for w in _WORD.findall(title)]
    kept = [w for w in words if w not in _STOPWORDS] or words
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in kept)


def _in_thread(meeting: MeetingState, facts: MessageFacts) -> bool:
    return not meeting.thread_keys.isdisjoint(facts.thread_keys)


@dataclass(slots=True)
class _Work:
    before: MeetingState | None
    state: MeetingState
    changes: list[FieldChange] = field(default_factory=list)
    touched: bool = False
    # Matched by a mention of this message: a second mention may add to it but not move it again.
    claimed: bool = False

    def result(self) -> MeetingChange:
        return MeetingChange(self.before, self.state, tuple(self.changes))

    def apply(self, mention: Mention, facts: MessageFacts) -> None:
        self.claimed = True
        self._update(thread_keys=self.state.thread_keys | frozenset(facts.thread_keys))
        if mention.quoted:
            return
        if self.state.quoted_only:
            self._update(quoted_only=False)
        changes_before = len(self.changes)
        self._apply_when(mention, facts.date)
        self._apply_field("title", mention.title, facts.date)
        self._apply_location(mention.location, facts.date)
        self._apply_field("status", mention.status, facts.date)
        self._apply_field("confirm_by", mention.confirm_by, facts.date)
        if len(self.changes) > changes_before and mention.evidence:
            # Only a mention that changed the meeting: a restatement leaves the sentence that said it.
            self._update(evidence=mention.evidence)

    def _update(self, **values: Any) -> None:
        new = replace(self.state, **values)
        if new != self.state:
            self.state = new
            self.touched = True

    def _newer(self, name: str, when: datetime) -> bool:
        last = self.state.field_dates.get(name)
        return last is None or when >= last

    def _stamp(self, names: Iterable[str], when: datetime) -> None:
        dates = dict(self.state.field_dates)
        for name in names:
            last = dates.get(name)
            dates[name] = when if last is None else max(last, when)
        self._update(field_dates=dates)

    def _set(self, values: Mapping[str, FieldValue]) -> None:
        """Set the named fields together, recording each change in the order given (a start with its
        all-day flag and zone is one change of the calendar, recorded field by field)."""
        before = self.state.details
        after = with_fields(before, values)
        for name in values:
            old, new = field_value(before, name), field_value(after, name)
            if old != new:
                self.changes.append(FieldChange(name, old, new))
        self._update(details=after)

    def _apply_field(self, name: str, value: FieldValue, when: datetime) -> None:
        if value is None or name in self.state.corrected or not self._newer(name, when):
            return
        self._stamp([name], when)
        self._set({name: value})

    def _apply_location(self, value: str | None, when: datetime) -> None:
        current = self.state.location
        if value and current and value.casefold() in current.casefold():
            # Less precise than what is known: confirms the place without replacing it.
            if "location" not in self.state.corrected and self._newer("location", when):
                self._stamp(["location"], when)
            return
        self._apply_field("location", value, when)

    def _apply_when(self, mention: Mention, when: datetime) -> None:
        state = self.state
        if "start" in state.corrected:
            return
        newer = self._newer("start", when)
        said, known = mention.when, state.when
        if said.first_day != known.first_day:
            if newer:
                self._move(mention, when)
            return
        if not said.all_day and (known.all_day or newer):
            self._stamp(["start"], when)
            self._set({"start": said.start, "all_day": False, "time_zone": said.time_zone})
        if said.end is not None and "end" not in state.corrected and (known.end is None or newer):
            self._stamp(["end"], when)
            self._set({"end": said.end})

    def _move(self, mention: Mention, when: datetime) -> None:
        said = mention.when
        self._stamp(_WHEN_FIELDS, when)
        ends = {} if "end" in self.state.corrected else {"end": said.end}
        self._set({"start": said.start, **ends, "all_day": said.all_day, "time_zone": said.time_zone})


def _best_match(mention: Mention, work: Sequence[_Work], facts: MessageFacts) -> _Work | None:
    scored = [(score, item) for item in work if (score := _score(mention, item, facts)) is not None]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]


def _score(mention: Mention, item: _Work, facts: MessageFacts) -> float | None:
    """How well ``mention`` names ``item``'s meeting; None when it cannot be that meeting."""
    meeting = item.state
    if mention.uid is not None and mention.uid == meeting.uid:
        return 100.0
    same_day = mention.when.first_day == meeting.when.first_day
    thread = _in_thread(meeting, facts)
    similarity = title_similarity(mention.title, meeting.title)
    if same_day and (thread or similarity >= SIMILAR_TITLE):
        return 2.0 + thread + 3 * similarity
    if _may_move(mention, item, facts, thread=thread, similarity=similarity):
        return thread + 3 * similarity
    return None


def _may_move(mention: Mention, item: _Work, facts: MessageFacts, *, thread: bool, similarity: float) -> bool:
    # A meeting already past when the message was written is not moved: a later one of the same name
    # is a new meeting (the next monthly call, the next conference).
    ahead = item.state.when.first_day >= facts.date.date()
    if mention.quoted or mention.distinct or item.claimed:
        return False
    return thread and ahead and similarity >= MOVE_TITLE


def _created(mention: Mention, facts: MessageFacts) -> MeetingState:
    # A meeting read only from a quote has no dated fields: its first direct mention sets them all.
    stated = [] if mention.quoted else [name for name in FIELDS if _stated(mention, name)]
    return MeetingState(
        id=None,
        uid=mention.uid,
        details=mention.details,
        thread_keys=frozenset(facts.thread_keys),
        field_dates=dict.fromkeys(stated, facts.date),
        quoted_only=mention.quoted,
        evidence=mention.evidence or None,
    )


def _stated(mention: Mention, name: str) -> bool:
    if name in ("all_day", "time_zone"):
        return True
    return field_value(mention.details, name) is not None


def correct(meeting: MeetingState, values: Mapping[str, FieldValue]) -> MeetingChange:
    """An admin's correction: the given fields set and marked, so detection leaves them alone from now."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"not fields of a meeting: {', '.join(sorted(unknown))}")
    item = _Work(before=meeting, state=meeting)
    item._set({name: values[name] for name in FIELDS if name in values})
    item._update(corrected=meeting.corrected | frozenset(values))
    return item.result()
