"""Rule 5, status: confirmed unless the author hedges (tentative) or calls it off (cancelled), and the
date by which a tentative date is to be confirmed.

Status belongs to a date. Hedges and cancellations are read in the date's own sentence, and a
cancellation reaches only its own dates: a move names two (the one left is cancelled, the one it
leads to confirmed), and "no call this week; the next one is on the 20th" leaves the 20th standing. A
cancel word under a question or a condition ("should we skip it?", "cancelled unless someone chairs")
only proposes: tentative. The sentence after a date's own hedges it when it refers back ("This may
still change."). A hedge about the agenda, the format or who attends is no hedge on the date.

A sentence without a date that hedges "the dates" or "the meeting" hedges every date of the message
("the dates won't be confirmed until the end of the year"), unless it asks about another meeting; one
that cancels "the meeting" cancels the dates the Subject names.

The patterns are written in lower case and matched on the ASCII-lower-cased text (which keeps every
offset): each public function lower-cases what it is given.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from bot.detect.dates import ascii_lower, find_dates
from bot.detect.lexicon import LEXICON, literal_alternation, month_number
from bot.lexicon.patterns import alternation
from bot.meeting import MeetingStatus

# Every cancel word: those that call a date off, the moves said done, then those that give one up for
# another.
_CANCEL_WORDS = LEXICON.cancellations + LEXICON.moves_done + LEXICON.substitutions
HEDGE = re.compile(rf"\b{alternation(LEXICON.hedges)}\b")
_OTHER_AFTER_HEDGE = re.compile(
    rf"(?:\s+{alternation(LEXICON.hedge_adjectives)}|\s+[\w-]+)?\s+{alternation(LEXICON.not_the_date)}\b"
)
_OTHER_BEFORE_HEDGE = re.compile(
    rf"\b{alternation(LEXICON.not_the_date)}\b(?:(?!\b{alternation(LEXICON.date_subjects)}\b)[^.;!?\d]){{0,30}}$"
)
_ATTENDANCE_AFTER = re.compile(rf"[^.;!?,]{{0,30}}?\b{alternation(LEXICON.attendance)}\b")
_HEDGE_OF_PERSON = frozenset(LEXICON.person_hedges)
# How far before a hedge the thing it is about may be named: "the room is still to be confirmed".
_OTHER_REACH = 45
CANCEL = re.compile(rf"\b{alternation(_CANCEL_WORDS)}")
_SUBSTITUTION = re.compile(alternation(LEXICON.substitutions))
_MOVE_VERB = re.compile(rf"\b{alternation(LEXICON.move_verbs)}\b")
_NEAR_TARGET = re.compile(
    rf"(?:\s+{alternation(LEXICON.move_objects)})?\s+{alternation(LEXICON.move_targets)}\b"
)
_FAR_TARGET = re.compile(rf"\b{alternation(LEXICON.far_move_targets)}\b")
_SOURCE_LEAD = re.compile(rf"\b{alternation(LEXICON.move_sources)}\s+$")
_NO_NEW_DATE = re.compile(rf"\s*{alternation(LEXICON.no_new_date)}")
_RESUME = re.compile(rf"\b{alternation(LEXICON.resumptions)}(?!\w)")
_INSTEAD_OF_BEFORE = re.compile(rf"\b{alternation(LEXICON.substitutions)}\b[^.;,!?]{{0,30}}$")
_QUESTION_OPENER = re.compile(rf"\b{alternation(LEXICON.questions)}\b")
# After a list item's number or bullet: "3. Cancel the meeting on 7 July?"
_ASKS_FROM_START = re.compile(
    rf"[\s\d.)*>-]*(?:{alternation(LEXICON.interrogatives)}\b|{alternation(_CANCEL_WORDS)})"
)
_CONDITION = re.compile(rf"\b{alternation(LEXICON.conditions)}\b")
_CONDITIONS_AFTER = frozenset(LEXICON.conditions_after)
_REFERS_BACK = re.compile(rf"[\s(\[*>-]*{alternation(LEXICON.back_references)}\b")
_OTHER_MEETING = re.compile(rf"\b{alternation(LEXICON.other_meeting)}\b")
_CLAUSE_BREAK = re.compile(r"[;,()]|\s[-–]\s")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")
_QUESTION_END = re.compile(r"\?[\s\"')\]]*$")
# How far from its verb a move's "to" may stand.
_MOVE_REACH = 50
# A line that is only a hedge: "(to be confirmed)", "TBC."
_BARE_HEDGE = re.compile(rf"[\s(\[*-]*{alternation(LEXICON.hedges)}[\s.!)\]]*")
_DECIDED_CANCEL = re.compile(
    rf"\b{alternation(LEXICON.decisions)}\b[^.?!]{{0,30}}?\b{alternation(_CANCEL_WORDS)}"
)
CONFIRMED = re.compile(rf"\b{alternation(LEXICON.confirmations)}")
# "the dates", "the meeting": what a dateless cancellation must be about to apply widely; a dateless
# hedge only when it is about the dates ("a tentative plan for another workshop" hedges nothing here).
_ABOUT_MEETING = re.compile(rf"\b{alternation(LEXICON.meeting_topics)}\b")
_ABOUT_DATES = re.compile(rf"\b{alternation(LEXICON.date_topics)}\b")
# "won't be confirmed until ...", and a poll's closing: "fill in the Doodle by Friday 14 March".
_CONFIRM_BY = re.compile(
    rf"(?i)\b{alternation(LEXICON.confirm_words)}"
    rf"\s+(?:\w+\s+){{0,2}}?{alternation(LEXICON.confirm_limits)}\s+(?P<when>[^.;!?\n]{{1,40}})"
)
_PERIODS = dict(LEXICON.periods)
_END_OF = re.compile(
    rf"(?i)^{alternation(LEXICON.end_of)}(?P<what>{literal_alternation(tuple(_PERIODS))}|(?P<month>[a-z]{{3,9}}))"
)


def hedged(sentence: str) -> bool:
    """Whether a hedge in the sentence is about its date, not its agenda, format or who attends."""
    sentence = ascii_lower(sentence)
    return any(not _hedges_other(sentence, m) for m in HEDGE.finditer(sentence))


def _hedges_other(sentence: str, m: re.Match[str]) -> bool:
    if _OTHER_AFTER_HEDGE.match(sentence, m.end()) or _OTHER_BEFORE_HEDGE.search(
        sentence, max(0, m.start() - _OTHER_REACH), m.start()
    ):
        return True
    return m.group() in _HEDGE_OF_PERSON and _ATTENDANCE_AFTER.match(sentence, m.end()) is not None


def cancelled(sentence: str) -> bool:
    sentence = ascii_lower(sentence)
    return CANCEL.search(sentence) is not None


def confirmed(sentence: str) -> bool:
    sentence = ascii_lower(sentence)
    return CONFIRMED.search(sentence) is not None


def about_meeting(sentence: str) -> bool:
    sentence = ascii_lower(sentence)
    return _ABOUT_MEETING.search(sentence) is not None


def about_dates(sentence: str) -> bool:
    sentence = ascii_lower(sentence)
    return _ABOUT_DATES.search(sentence) is not None


def is_question(sentence: str) -> bool:
    return _QUESTION_END.search(sentence) is not None


def about_another_meeting(sentence: str) -> bool:
    """An undated question about one more meeting ("are we also meeting in March?"): it hedges that
    meeting, not the dates the message gives."""
    sentence = ascii_lower(sentence)
    return is_question(sentence) and _OTHER_MEETING.search(sentence) is not None


def governed(sentence: str) -> bool:
    """Whether the sentence's cancellation is put as a question or under a condition, so only proposed:
    "should we skip the call on 8 May?", "cancelled unless someone chairs"."""
    sentence = ascii_lower(sentence)
    if _asks(sentence) or _QUESTION_OPENER.search(sentence):
        return True
    return _conditional(sentence)


def _asks(sentence: str) -> bool:
    """A question about the cancellation, not one asked after it ("The call is cancelled, could you
    tell the others?") nor about an aside ("postponed (perhaps to the autumn?)")."""
    end = _QUESTION_END.search(sentence)
    if end is None:
        return False
    if _ASKS_FROM_START.match(sentence):
        return True
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, end.start())]
    return CANCEL.search(sentence, breaks[-1] if breaks else 0, end.start()) is not None


def _conditional(sentence: str) -> bool:
    """A condition before a cancel word, or after it: "unless" anywhere, "if" in the same clause.

    Read from the first condition and the last cancel word only, so that a long sentence costs one
    pass: the last cancel word is the nearest to any condition after all of them."""
    first = _CONDITION.search(sentence)
    cancels = list(CANCEL.finditer(sentence))
    if first is None or not cancels:
        return False
    last = cancels[-1]
    if first.start() < last.start():
        return True
    if first.group() in _CONDITIONS_AFTER:
        return True
    return not _CLAUSE_PUNCTUATION.search(sentence, last.end(), first.start())


def _move_lead(sentence: str) -> tuple[int, int] | None:
    """Where a move's words start and where the new date may follow: "rescheduled for", "moved the
    call on 8 May to". A preposition after "scheduled", "originally", "was" leads to the old date."""
    for verb in _MOVE_VERB.finditer(sentence):
        near = _NEAR_TARGET.match(sentence, verb.end())
        if near is not None:
            return verb.start(), near.end()
        reach = min(len(sentence), verb.end() + _MOVE_REACH)
        for prep in _FAR_TARGET.finditer(sentence, verb.end(), reach):
            if _ends_sentence(sentence, verb.end(), prep.start()):
                break
            if _SOURCE_LEAD.search(sentence, max(0, prep.start() - 14), prep.start()) is None:
                return verb.start(), prep.end()
    return None


def _ends_sentence(sentence: str, start: int, end: int) -> bool:
    return any(c in ".;!?" for c in sentence[start:end])


def _new_date_lead(sentence: str) -> tuple[int, int] | None:
    """The earliest words after which a date is the one meetings go on from: a move's target, or a
    resumption ("the next one is on")."""
    leads = [lead for lead in (_move_lead(sentence), _resume_lead(sentence)) if lead is not None]
    return min(leads) if leads else None


def _resume_lead(sentence: str) -> tuple[int, int] | None:
    m = _RESUME.search(sentence)
    return None if m is None else m.span()


def _is_new_date(sentence: str, lead: tuple[int, int], offset: int) -> bool:
    # A date may start on the lead's last letters: "moved to" + "on Friday".
    return offset >= lead[1] - 4 and _NO_NEW_DATE.match(sentence, lead[1]) is None


def moved_to(sentence: str, offset: int) -> bool:
    """Whether the date at ``offset`` is the one a move sentence moves to ("moved the call to 8 May")."""
    sentence = ascii_lower(sentence)
    if not cancelled(sentence):
        return False
    lead = _new_date_lead(sentence)
    return lead is not None and _is_new_date(sentence, lead, offset) and not governed(sentence)


def _clause_of(sentence: str, offset: int) -> str:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, max(0, offset - 200), offset)]
    after = _CLAUSE_BREAK.search(sentence, offset + 1, offset + 200)
    return sentence[starts[-1] if starts else 0 : after.start() if after else len(sentence)]


def status_in_sentence(sentence: str, offset: int) -> MeetingStatus | None:
    """The status a sentence gives the date at ``offset`` in it, or None when it says nothing."""
    sentence = ascii_lower(sentence)
    if cancelled(sentence):
        return MeetingStatus.TENTATIVE if governed(sentence) else _status_in_cancellation(sentence, offset)
    return _status_without_cancellation(sentence)


def _status_without_cancellation(sentence: str) -> MeetingStatus | None:
    if confirmed(sentence):
        return MeetingStatus.CONFIRMED
    if hedged(sentence) or (is_question(sentence) and _MOVE_VERB.search(sentence)):
        # "Could we move the call to 16 March?" proposes the day.
        return MeetingStatus.TENTATIVE
    return None


def _status_in_cancellation(sentence: str, offset: int) -> MeetingStatus:
    """A sentence with a cancel word not put as a question or a condition: the date it calls off,
    moves to, or leaves standing."""
    own = _clause_of(sentence, offset)
    if not cancelled(own) and _RESUME.search(own):
        # "the call on 8 May is cancelled, the one on 15 May goes ahead as planned"
        return MeetingStatus.TENTATIVE if hedged(own) else MeetingStatus.CONFIRMED
    lead = _new_date_lead(sentence)
    if lead is not None and _is_new_date(sentence, lead, offset):
        return MeetingStatus.TENTATIVE if hedged(sentence[lead[1] :]) else MeetingStatus.CONFIRMED
    if _only_substitutes(sentence) and not _INSTEAD_OF_BEFORE.search(sentence, max(0, offset - 45), offset):
        # "on 15 May instead of 8 May": only the date after "instead of" is given up.
        return MeetingStatus.CONFIRMED
    return MeetingStatus.CANCELLED


def _only_substitutes(sentence: str) -> bool:
    return all(_SUBSTITUTION.fullmatch(m.group()) for m in CANCEL.finditer(sentence))


def hedged_after(following: str) -> bool:
    """Whether the sentence after a date's own hedges it: it refers back ("This may still change.",
    "The date is not final.") or is a bare hedge ("(to be confirmed)")."""
    following = ascii_lower(following)
    if _BARE_HEDGE.fullmatch(following):
        return True
    return (
        _REFERS_BACK.match(following) is not None
        and hedged(following)
        and not about_another_meeting(following)
    )


def status_of_date(
    sentence: str, offset: int, following: str, later: str, alternative: bool
) -> MeetingStatus | None:
    """A date's status from its own sentence, else from being one of alternatives ("Tue 7 or Wed 8")
    or from a hedge in the next sentence (``following``) that refers back to it. A cancellation put
    as a question stands when the text after it (``later``) records the decision."""
    sentence, later = ascii_lower(sentence), ascii_lower(later)
    if cancelled(sentence):
        if governed(sentence):
            return _decided(later)
        return _status_in_cancellation(sentence, offset)
    own = _status_without_cancellation(sentence)
    if own is not None:
        return own
    if alternative or hedged_after(following):
        return MeetingStatus.TENTATIVE
    return None


def _decided(later: str) -> MeetingStatus:
    """A cancellation proposed as a question or under a condition: tentative, unless the text after
    it records the decision to call it off."""
    decided = _DECIDED_CANCEL.search(later)
    if decided is None:
        return MeetingStatus.TENTATIVE
    # The decision itself may be one more proposal: "if we decide to skip it, ...".
    start = max(later.rfind(stop, 0, decided.start()) for stop in ".?!\n") + 1
    return MeetingStatus.TENTATIVE if governed(later[start : decided.end()]) else MeetingStatus.CANCELLED


def confirm_by(text: str, reference: date) -> date | None:
    """The date a text promises confirmation by: "won't be confirmed until the end of the year"."""
    m = _CONFIRM_BY.search(text)
    if m is None:
        return None
    when = m.group("when").strip()
    end = _END_OF.match(when)
    if end is not None:
        return _end_of(_PERIODS.get(end.group("what").lower(), ""), end.group("month"), reference)
    hits = find_dates(when, reference)
    return hits[0].day if hits else None


def _end_of(what: str, month_word: str | None, reference: date) -> date | None:
    if what == "year":
        return date(reference.year, 12, 31)
    if what == "month":
        return date(reference.year, reference.month, monthrange(reference.year, reference.month)[1])
    if what == "week":
        return reference + timedelta(days=(4 - reference.weekday()) % 7)
    month = month_number(month_word) if month_word else None
    if month is None:
        return None
    year = reference.year + (month < reference.month)
    return date(year, month, monthrange(year, month)[1])
