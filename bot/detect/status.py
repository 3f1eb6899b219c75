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
from bot.lexicon import ENGLISH
from bot.lexicon.patterns import alternation, optional
from bot.meeting import MeetingStatus

_LEXICON = ENGLISH
HEDGE = re.compile(rf"(?i)\b{alternation(_LEXICON.hedges)}\b")
# Hedge words about something other than the date: "provisional programme", "proposed patch".
_HEDGE_OTHER = re.compile(
    rf"(?i)\b{alternation(_LEXICON.hedge_adjectives)}\s+{alternation(_LEXICON.not_the_date)}\b"
)
CANCEL = re.compile(rf"(?i)\b{alternation(_LEXICON.cancellations)}")
# After one of these in a move sentence, a date is the new one: "rescheduled to May 8th". The words
# between may wrap onto the next line ("moved the meeting\nto Thursday").
_MOVE_TARGET = re.compile(
    rf"(?i)\b{alternation(_LEXICON.move_verbs)}\b[^.;!?]{{0,40}}?\b{alternation(_LEXICON.move_targets)}\b"
)
_MOVE_SOURCE = re.compile(rf"(?i)\b{alternation(_LEXICON.move_sources)}\s*{optional(_LEXICON.articles)}$")
CONFIRMED = re.compile(rf"(?i)\b{alternation(_LEXICON.confirmations)}")
# "the dates", "the meeting": what a dateless cancellation must be about to apply widely; a dateless
# hedge only when it is about the dates ("a tentative plan for another workshop" hedges nothing here).
_ABOUT_MEETING = re.compile(rf"(?i)\b{alternation(_LEXICON.meeting_topics)}\b")
_ABOUT_DATES = re.compile(rf"(?i)\b{alternation(_LEXICON.date_topics)}\b")
# "won't be confirmed until ...", and a poll's closing: "fill in the Doodle by Friday 14 March".
_CONFIRM_BY = re.compile(
    rf"(?i)\b{alternation(_LEXICON.confirm_words)}\s+(?:\w+\s+){{0,2}}?{alternation(_LEXICON.confirm_limits)}"
    r"\s+(?P<when>[^.;!?\n]{1,40})"
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
