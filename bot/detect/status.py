"""Rule 5, status: confirmed unless the author hedges (tentative) or calls it off (cancelled), and the
date by which a tentative date is to be confirmed.

Hedges and cancellations are read in the date's own sentence. A sentence without a date that hedges
"the dates" or "the meeting" hedges every date of the message ("the dates won't be confirmed until the
end of the year"); one that cancels "the meeting" cancels the dates the Subject names. A move names two
dates: the one it moves away from is cancelled, the one it moves to is its own meeting.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from bot.detect.dates import find_dates
from bot.detect.lexicon import month_number
from bot.meeting import MeetingStatus

HEDGE = re.compile(
    r"(?i)\b(?:tentative(?:ly)?|provisional(?:ly)?|(?<!the\s)proposed|propose|tbc|tbd|to\s+be\s+"
    r"(?:confirmed|determined|decided|announced)|subject\s+to\s+change|not\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:confirmed|fixed|finali[sz]ed)|won'?t\s+be\s+confirmed|will\s+not\s+be\s+confirmed|"
    r"supposed\s+to|if\s+(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:ok|okay|fine)|"
    r"(?:would|does|do|will)\s+[^.?!\n]{0,40}\b(?:work|suit)\s+(?:for\s+)?(?:you|everyone|people|all)|"
    r"how\s+about|what\s+about|poll|doodle|whenisgood|pencil(?:l?ed)?\s+in|"
    r"(?:we|i)\s+(?:can|could|might)\s+(?:do\s+it|meet|have\s+it|hold\s+it|move\s+it)|"
    r"maybe|perhaps|suggestion|your\s+opinions?|what\s+do\s+you\s+think)\b"
)
# Hedge words about something other than the date: "provisional programme", "proposed patch".
_HEDGE_OTHER = re.compile(
    r"(?i)\b(?:tentative(?:ly)?|provisional|proposed)\s+(?:programme|program|agenda|schedule\s+of|list|"
    r"titles?|topics?|patch(?:es)?|changes?|fix|api|applied|budget|speakers?)\b"
)
CANCEL = re.compile(
    r"(?i)\b(?:cancel(?:l?ed|l?ing|lation)?|called\s+off|call\s+off|skip(?:ped|ping)?|postpone(?:d|ment)?|"
    r"not\s+(?:be\s+)?held|no\s+(?:meeting|call|session|telco|telecon|teleconference|interim)s?\b|"
    r"(?:will\s+not|won'?t|not\s+going\s+to)\s+(?:be\s+)?meet(?:ing)?\b|won'?t\s+(?:happen|take\s+place|be\s+held)|"
    r"will\s+not\s+(?:happen|take\s+place|be\s+held)|deferred|moved|rescheduled|pushed\s+(?:back|out)|"
    r"shifted|called\s+off|instead\s+of)"
)
# After one of these in a move sentence, a date is the new one: "rescheduled to May 8th". The words
# between may wrap onto the next line ("moved the meeting\nto Thursday").
_MOVE_TARGET = re.compile(
    r"(?i)\b(?:moved|rescheduled|postponed|pushed(?:\s+(?:back|out))?|shifted|deferred|changed|"
    r"move|reschedule|postpone|shift)\b[^.;!?]{0,40}?\b(?:to|until|till|for|on)\b"
)
_MOVE_SOURCE = re.compile(r"(?i)\b(?:from|instead\s+of|originally|scheduled\s+for|of)\s*(?:the\s+)?$")
CONFIRMED = re.compile(r"(?i)\b(?:(?:now|are|is|been|has\s+been|have\s+been)\s+confirmed|confirmed:)")
# "the dates", "the meeting": what a dateless cancellation must be about to apply widely; a dateless
# hedge only when it is about the dates ("a tentative plan for another workshop" hedges nothing here).
_ABOUT_MEETING = re.compile(
    r"(?i)\b(?:dates?|days|meet|meetings?|schedule|call|session|consultations?|conference|workshop|telecons?|"
    r"teleconferences?|telcos?|interims?)\b"
)
_ABOUT_DATES = re.compile(r"(?i)\b(?:dates?|schedule|timing|days?)\b")
# "won't be confirmed until ...", and a poll's closing: "fill in the Doodle by Friday 14 March".
_CONFIRM_BY = re.compile(
    r"(?i)\b(?:confirm(?:ed|ation)?|finali[sz]ed|fixed|decided|announced|poll|doodle|vote|fill\s+(?:in|out))"
    r"\s+(?:\w+\s+){0,2}?(?:until|till|before|by)\s+(?P<when>[^.;!?\n]{1,40})"
)
_END_OF = re.compile(
    r"(?i)^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<what>year|month|week|(?P<month>[a-z]{3,9}))"
)


def hedged(sentence: str) -> bool:
    return HEDGE.search(sentence) is not None and _HEDGE_OTHER.search(sentence) is None


def cancelled(sentence: str) -> bool:
    return CANCEL.search(sentence) is not None


def confirmed(sentence: str) -> bool:
    return CONFIRMED.search(sentence) is not None


def about_meeting(sentence: str) -> bool:
    return _ABOUT_MEETING.search(sentence) is not None


def about_dates(sentence: str) -> bool:
    return _ABOUT_DATES.search(sentence) is not None


def _move_target(sentence: str) -> re.Match[str] | None:
    """In a move sentence, the words that lead to the new date ("rescheduled to")."""
    return _MOVE_TARGET.search(sentence) if cancelled(sentence) else None


def _is_new_date(target: re.Match[str] | None, offset: int) -> bool:
    return target is not None and offset >= target.end() - 4


def moved_to(sentence: str, offset: int) -> bool:
    """Whether the date at ``offset`` is the one a move sentence moves to ("moved the call to 8 May")."""
    return _is_new_date(_move_target(sentence), offset)


def status_in_sentence(sentence: str, offset: int) -> MeetingStatus | None:
    """The status a sentence gives the date at ``offset`` in it, or None when it says nothing."""
    if cancelled(sentence):
        target = _move_target(sentence)
        if target is not None and _is_new_date(target, offset):
            return MeetingStatus.TENTATIVE if hedged(sentence[target.end() :]) else MeetingStatus.CONFIRMED
        if target is not None and not _MOVE_SOURCE.search(sentence, max(0, offset - 25), offset):
            # A date before the move word is the one moved away from; others are left alone.
            return MeetingStatus.CANCELLED if offset < target.start() else None
        return MeetingStatus.CANCELLED
    if confirmed(sentence):
        return MeetingStatus.CONFIRMED
    if hedged(sentence):
        return MeetingStatus.TENTATIVE
    return None


def confirm_by(text: str, reference: date) -> date | None:
    """The date a text promises confirmation by: "won't be confirmed until the end of the year"."""
    m = _CONFIRM_BY.search(text)
    if m is None:
        return None
    when = m.group("when").strip()
    end = _END_OF.match(when)
    if end is not None:
        return _end_of(end.group("what").lower(), end.group("month"), reference)
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
