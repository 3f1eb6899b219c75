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
from bot.detect.lexicon import month_number
from bot.lexicon.patterns import alternation
from bot.meeting import MeetingStatus

# Words that hedge a date: the author is not sure it holds.
HEDGE_WORDS: tuple[str, ...] = (
    r"tentative(?:ly)?",
    r"provisional(?:ly)?",
    r"(?<!the\s)proposed",
    r"propose",
    r"tbc",
    r"tbd",
    r"to\s+be\s+(?:confirmed|determined|decided|announced)",
    r"subject\s+to\s+change",
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:confirmed|fixed|finali[sz]ed|final)",
    r"not\s+set\s+in\s+stone",
    r"won'?t\s+be\s+confirmed",
    r"will\s+not\s+be\s+confirmed",
    r"supposed\s+to",
    r"(?:may|might|could)\s+(?:still\s+)?(?:change|move|shift|be\s+moved)",
    r"if\s+(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:ok|okay|fine)",
    r"(?:would|does|do|will)\s+[^.?!\n]{0,40}\b(?:work|suit)\s+(?:for\s+)?(?:you|everyone|people|all)",
    r"how\s+about",
    r"what\s+about",
    r"poll",
    r"doodle",
    r"whenisgood",
    r"pencil(?:l?ed)?\s+in",
    r"(?:we|i)\s+(?:can|could|might)\s+(?:do\s+it|meet|have\s+it|hold\s+it|move\s+it)",
    r"maybe",
    r"perhaps",
    r"suggestion",
    r"your\s+opinions?",
    r"what\s+do\s+you\s+think",
)
# "tentatively proposed agenda", "proposed workshop topics": a hedge word before one of these, or
# before a word and one of these, is about the thing named.
HEDGE_ADJECTIVES: tuple[str, ...] = (r"tentative(?:ly)?", r"provisional(?:ly)?", r"proposed")
# What a hedge may be about instead of the date: "the agenda is tentative", "format to be decided".
OTHER_SUBJECTS: tuple[str, ...] = (
    r"agenda",
    r"programme",
    r"program",
    r"schedule\s+of",
    r"format",
    r"venue",
    r"room",
    r"location",
    r"speakers?",
    r"presenters?",
    r"attendees",
    r"participants",
    r"topics?",
    r"titles?",
    r"details",
    r"dial-?in",
    r"link",
    r"catering",
    r"list",
    r"patch(?:es)?",
    r"changes?",
    r"fix",
    r"api",
    r"applied",
    r"budget",
    r"online",
    r"in[\s-]person",
    r"hybrid",
)
# Who comes is not when: "maybe Alice will join us".
ATTENDANCE_VERBS: tuple[str, ...] = (
    r"attend",
    r"join",
    r"present",
    r"make\s+it",
    r"be\s+there",
    r"dial\s+in",
    r"speak",
    r"chair",
)
# Between a subject and its hedge, these put the date back in question: "the room on 9 May, tentatively".
_DATE_SUBJECTS: tuple[str, ...] = (r"dates?", r"days?", r"time", r"when", r"on")
CANCEL_WORDS: tuple[str, ...] = (
    r"cancel(?:l?ed|l?ing|lation)?",
    r"called\s+off",
    r"call\s+off",
    r"skip(?:ped|ping)?",
    r"postpone(?:d|ment)?",
    r"not\s+(?:be\s+)?held",
    r"no\s+(?:meeting|call|session|telco|telecon|teleconference|interim)s?\b",
    r"(?:will\s+not|won'?t|not\s+going\s+to)\s+(?:be\s+)?meet(?:ing)?\b",
    r"won'?t\s+(?:happen|take\s+place|be\s+held)",
    r"will\s+not\s+(?:happen|take\s+place|be\s+held)",
    r"deferred",
    r"moved",
    r"rescheduled",
    r"pushed\s+(?:back|out)",
    r"shifted",
    r"drop(?:ped|ping)?\s+(?:it\b|(?:the|this|that|our|next|[a-z]+'s)\s+(?:[a-z-]+\s+)?"
    r"(?:meeting|call|session|telco|telecon)s?\b)",
    r"instead\s+of",
)
# Verbs that move a meeting; their object or a preposition after them leads to the new date.
MOVE_VERBS: tuple[str, ...] = (
    r"moved",
    r"rescheduled",
    r"postponed",
    r"pushed(?:\s+(?:back|out))?",
    r"shifted",
    r"deferred",
    r"delayed",
    r"changed",
    r"move",
    r"reschedule",
    r"postpone",
    r"shift",
    r"defer",
)
# "rescheduled for 8 May", "moved it on to Friday": a preposition right after the verb leads to the
# new date; further off only "to", "until" or "till" do ("moved the call on 8 May to 15 May").
_OBJECT_WORDS: tuple[str, ...] = (r"back", r"out", r"again", r"it", r"them", r"this")
NEAR_TARGETS: tuple[str, ...] = (r"to", r"until", r"till", r"for", r"on")
FAR_TARGETS: tuple[str, ...] = (r"to", r"until", r"till")
# Before a preposition, these make it lead to the date a meeting had: "scheduled to take place on",
# "originally for", "that was on".
SOURCE_LEADS: tuple[str, ...] = (
    r"scheduled",
    r"planned",
    r"originally",
    r"set",
    r"due",
    r"supposed",
    r"expected",
    r"from",
    r"was",
    r"were",
)
# After a move's preposition, a new date that is not given: "postponed to a later date".
NO_NEW_DATE: tuple[str, ...] = (
    r"(?:a\s+|an\s+)?(?:later|future|new|another|other|different)\s+(?:date|day|time|week|month)",
    r"further\s+notice",
    r"(?:be\s+)?(?:announced|determined|decided|confirmed)\b",
    r"tb[acd]\b",
)
# In a sentence that calls a date off, these lead to the dates meetings go on from, or keep a date
# of their own clause: "no call this week; the next one is on the 20th", "skip it and resume on".
RESUME_WORDS: tuple[str, ...] = (
    r"(?:the\s+)?next\s+(?:one|meeting|call|session|telco|telecon)(?:\s+(?:is|will\s+be|would\s+be)|:)",
    r"resum(?:e|es|ing|ed)",
    r"meet(?:ing)?\s+again",
    r"reconven(?:e|es|ing)",
    r"back\s+on",
    r"see\s+you\s+(?:all\s+)?(?:again\s+)?on",
    r"instead(?!\s+of)",
    r"as\s+usual",
    r"as\s+planned",
    r"go(?:es)?\s+ahead",
    r"still\s+on",
)
# A cancellation put as a question or a proposal is not one yet: "should we skip the call on 8 May?"
QUESTION_OPENERS: tuple[str, ...] = (
    r"should\s+we",
    r"shall\s+we",
    r"can\s+we",
    r"could\s+we",
    r"do\s+we\s+(?:want|need)",
    r"does\s+anyone\s+(?:mind|object)",
    r"any\s+objections?",
    r"would\s+(?:it|anyone|you)",
    r"is\s+it\s+(?:ok|okay|fine|alright)",
    r"why\s+don'?t\s+we",
    r"what\s+if",
    r"wonder(?:ing)?\s+if",
)
# A question starting with one of these (or with the cancel word: "Skip next week's call?") asks
# about the whole sentence; otherwise only about the clause the question mark ends.
INTERROGATIVES: tuple[str, ...] = (
    r"should",
    r"shall",
    r"can",
    r"could",
    r"would",
    r"will",
    r"do",
    r"does",
    r"is",
    r"are",
    r"any",
    r"how",
    r"what",
    r"why",
    r"may",
    r"might",
)
# Conditions before a cancel word govern it ("if nobody signs up, we'll skip it"; "otherwise the
# call is cancelled"), and so does "unless" after it; "if" after it only in the same clause.
CONDITIONS: tuple[str, ...] = (
    r"unless",
    r"if",
    r"in\s+case",
    r"provided",
    r"as\s+long\s+as",
    r"depending\s+on",
    r"otherwise",
    r"should\s+(?:nobody|no\s?one|there\s+be)",
    r"in\s+the\s+event",
)
# The words by which the sentence after a date's own refers back to it: "This may still change."
BACK_REFERENCES: tuple[str, ...] = (
    r"this",
    r"that",
    r"it",
    r"these",
    r"those",
    r"both",
    r"the\s+dates?",
    r"the\s+day",
    r"the\s+time",
    r"the\s+timing",
    r"dates?",
    r"but",
    r"however",
    r"please\s+note",
    r"note",
)
# An undated question about one more meeting: "are we also meeting in March?"
OTHER_MEETING_WORDS: tuple[str, ...] = (
    r"another",
    r"also",
    r"other",
    r"additional",
    r"extra",
    r"separate",
    r"follow-?up",
    r"too",
    r"as\s+well",
)

HEDGE = re.compile(rf"\b{alternation(HEDGE_WORDS)}\b")
_OTHER_AFTER_HEDGE = re.compile(
    rf"(?:\s+{alternation(HEDGE_ADJECTIVES)}|\s+[\w-]+)?\s+{alternation(OTHER_SUBJECTS)}\b"
)
_OTHER_BEFORE_HEDGE = re.compile(
    rf"\b{alternation(OTHER_SUBJECTS)}\b(?:(?!\b{alternation(_DATE_SUBJECTS)}\b)[^.;!?\d]){{0,30}}$"
)
_ATTENDANCE_AFTER = re.compile(rf"[^.;!?,]{{0,30}}?\b{alternation(ATTENDANCE_VERBS)}\b")
_HEDGE_OF_PERSON = frozenset({"maybe", "perhaps"})
# How far before a hedge the thing it is about may be named: "the room is still to be confirmed".
_OTHER_REACH = 45
CANCEL = re.compile(rf"\b{alternation(CANCEL_WORDS)}")
_MOVE_VERB = re.compile(rf"\b{alternation(MOVE_VERBS)}\b")
_NEAR_TARGET = re.compile(rf"(?:\s+{alternation(_OBJECT_WORDS)})?\s+{alternation(NEAR_TARGETS)}\b")
_FAR_TARGET = re.compile(rf"\b{alternation(FAR_TARGETS)}\b")
_SOURCE_LEAD = re.compile(rf"\b{alternation(SOURCE_LEADS)}\s+$")
_NO_NEW_DATE = re.compile(rf"\s*{alternation(NO_NEW_DATE)}")
_RESUME = re.compile(rf"\b{alternation(RESUME_WORDS)}(?!\w)")
_INSTEAD_OF_BEFORE = re.compile(r"\binstead\s+of\b[^.;,!?]{0,30}$")
_QUESTION_OPENER = re.compile(rf"\b{alternation(QUESTION_OPENERS)}\b")
# After a list item's number or bullet: "3. Cancel the meeting on 7 July?"
_ASKS_FROM_START = re.compile(rf"[\s\d.)*>-]*(?:{alternation(INTERROGATIVES)}\b|{alternation(CANCEL_WORDS)})")
_CONDITION = re.compile(rf"\b{alternation(CONDITIONS)}\b")
_REFERS_BACK = re.compile(rf"[\s(\[*>-]*{alternation(BACK_REFERENCES)}\b")
_OTHER_MEETING = re.compile(rf"\b{alternation(OTHER_MEETING_WORDS)}\b")
_CLAUSE_BREAK = re.compile(r"[;,()]|\s[-–]\s")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")
_QUESTION_END = re.compile(r"\?[\s\"')\]]*$")
# How far from its verb a move's "to" may stand.
_MOVE_REACH = 50
# A line that is only a hedge: "(to be confirmed)", "TBC."
_BARE_HEDGE = re.compile(rf"[\s(\[*-]*{alternation(HEDGE_WORDS)}[\s.!)\]]*")
# After a cancellation put as a question, its answer: "Discussion: the attendees agreed to cancel."
DECISION_WORDS: tuple[str, ...] = (
    r"agreed",
    r"decided",
    r"decision",
    r"consensus",
    r"resolved",
    r"concluded",
)
_DECIDED_CANCEL = re.compile(
    rf"\b{alternation(DECISION_WORDS)}\b[^.?!]{{0,30}}?\b{alternation(CANCEL_WORDS)}"
)
CONFIRMED = re.compile(r"\b(?:(?:now|are|is|been|has\s+been|have\s+been)\s+confirmed|confirmed:)")
# "the dates", "the meeting": what a dateless cancellation must be about to apply widely; a dateless
# hedge only when it is about the dates ("a tentative plan for another workshop" hedges nothing here).
_ABOUT_MEETING = re.compile(
    r"\b(?:dates?|days|meet|meetings?|schedule|call|session|consultations?|conference|workshop|telecons?|"
    r"teleconferences?|telcos?|interims?)\b"
)
_ABOUT_DATES = re.compile(r"\b(?:dates?|schedule|timing|days?)\b")
# "won't be confirmed until ...", and a poll's closing: "fill in the Doodle by Friday 14 March".
_CONFIRM_BY = re.compile(
    r"(?i)\b(?:confirm(?:ed|ation)?|finali[sz]ed|fixed|decided|announced|poll|doodle|vote|fill\s+(?:in|out))"
    r"\s+(?:\w+\s+){0,2}?(?:until|till|before|by)\s+(?P<when>[^.;!?\n]{1,40})"
)
_END_OF = re.compile(
    r"(?i)^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<what>year|month|week|(?P<month>[a-z]{3,9}))"
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
    return first.group() == "unless" or not _CLAUSE_PUNCTUATION.search(sentence, last.end(), first.start())


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
    return all(m.group().startswith("instead") for m in CANCEL.finditer(sentence))


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
