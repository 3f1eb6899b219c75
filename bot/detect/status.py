"""Rule 5, status: confirmed unless the author hedges (tentative) or calls it off (cancelled), and the
date by which a tentative date is to be confirmed.

Status belongs to a date. Hedges and cancellations are read in the date's own sentence, and a
cancellation reaches only its own dates: a move names two (the one left is cancelled, the one it
leads to confirmed), and "no call this week; the next one is on the 20th" leaves the 20th standing. A
cancel word under a question or a condition ("should we skip it?", "cancelled unless someone chairs")
only proposes: tentative. So does a sentence that asks about its date ("Treffen wir uns morgen?"),
even one with a confirmation word ("¿se confirma la reunión del lunes?"). The sentence after a date's
own hedges it when it refers back ("This may still change."). A hedge about the agenda, the format or
who attends is no hedge on the date.

A sentence without a date that hedges "the dates" or "the meeting" hedges every date of the message
("the dates won't be confirmed until the end of the year"), unless it asks about another meeting; one
that cancels "the meeting" cancels the dates the Subject names.

The patterns are written in lower case and matched on the ASCII-lower-cased text (which keeps every
offset): each public function lower-cases what it is given.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from bot.detect.dates import DateRules, ascii_lower, find_dates
from bot.detect.lexicon import literal_alternation, once_per_language
from bot.lexicon import ENGLISH, Lexicon
from bot.lexicon.patterns import alternation
from bot.meeting import MeetingStatus

# How far before a hedge the thing it is about may be named: "the room is still to be confirmed".
_OTHER_REACH = 45
_CLAUSE_BREAK = re.compile(r"[;,()]|\s[-–]\s")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")
_QUESTION_END = re.compile(r"\?[\s\"')\]]*$")
# A question that asks about its date: the question mark after a word or a number ("on the 12th?",
# French "mardi ?"), not a character an archive lost ("2018.?", "21 ? 22").
_ASKED = re.compile(r"(?:[^\W\d_]\s?|[\d)])\?+[\s\"')\]]*$")
# How far from its verb a move's "to" may stand.
_MOVE_REACH = 50


@dataclass(frozen=True, slots=True)
class StatusRules:
    """One language's status patterns, compiled from its lexicon, and the readings made with them."""

    dates: DateRules
    hedge: re.Pattern[str]
    # "tentatively proposed agenda", "the agenda is tentative": a hedge about something else.
    other_after_hedge: re.Pattern[str]
    other_before_hedge: re.Pattern[str]
    # Who comes is not when: "maybe Alice will join us".
    attendance_after: re.Pattern[str]
    hedge_of_person: frozenset[str]
    cancel: re.Pattern[str]
    substitution: re.Pattern[str]
    # A move's verb, and the words after it that lead to the new date ("rescheduled for 8 May",
    # "moved the call on 8 May to 15 May"), or back to the old one ("scheduled to take place on").
    move_verb: re.Pattern[str]
    near_target: re.Pattern[str]
    far_target: re.Pattern[str]
    source_lead: re.Pattern[str]
    target_before_verb: re.Pattern[str] | None
    no_new_date: re.Pattern[str]
    resume: re.Pattern[str]
    instead_of_before: re.Pattern[str]
    question_opener: re.Pattern[str]
    # After a list item's number or bullet: "3. Cancel the meeting on 7 July?"
    asks_from_start: re.Pattern[str]
    condition: re.Pattern[str]
    conditions_after: frozenset[str]
    refers_back: re.Pattern[str]
    other_meeting: re.Pattern[str]
    # A line that is only a hedge: "(to be confirmed)", "TBC."
    bare_hedge: re.Pattern[str]
    # After a cancellation put as a question, its answer: "Discussion: the attendees agreed to cancel."
    decided_cancel: re.Pattern[str]
    confirmed_pattern: re.Pattern[str]
    # "the dates", "the meeting": what a dateless cancellation must be about to apply widely; a
    # dateless hedge only when it is about the dates ("a tentative plan for another workshop" hedges
    # nothing here).
    about_meeting_pattern: re.Pattern[str]
    about_dates_pattern: re.Pattern[str]
    # "won't be confirmed until ...", and a poll's closing: "fill in the Doodle by Friday 14 March".
    confirm_by_pattern: re.Pattern[str]
    # The deadline before the confirmation word, in a language that puts the verb last.
    confirm_by_before: re.Pattern[str] | None
    periods: dict[str, str]
    end_of_pattern: re.Pattern[str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> StatusRules:
        return _status_rules(lexicon)

    def hedged(self, sentence: str) -> bool:
        """Whether a hedge in the sentence is about its date, not its agenda, format or who attends."""
        sentence = ascii_lower(sentence)
        return any(not self._hedges_other(sentence, m) for m in self.hedge.finditer(sentence))

    def _hedges_other(self, sentence: str, m: re.Match[str]) -> bool:
        if self.other_after_hedge.match(sentence, m.end()) or self.other_before_hedge.search(
            sentence, max(0, m.start() - _OTHER_REACH), m.start()
        ):
            return True
        return (
            m.group() in self.hedge_of_person and self.attendance_after.match(sentence, m.end()) is not None
        )

    def only_asks(self, sentence: str) -> bool:
        """A question about the date that neither hedges nor calls it off: "is the call on Tuesday?"."""
        sentence = ascii_lower(sentence)
        return (
            _ASKED.search(sentence) is not None and not self.hedged(sentence) and not self.cancelled(sentence)
        )

    def cancelled(self, sentence: str) -> bool:
        sentence = ascii_lower(sentence)
        return self.cancel.search(sentence) is not None

    def confirmed(self, sentence: str) -> bool:
        sentence = ascii_lower(sentence)
        return self.confirmed_pattern.search(sentence) is not None

    def about_meeting(self, sentence: str) -> bool:
        sentence = ascii_lower(sentence)
        return self.about_meeting_pattern.search(sentence) is not None

    def about_dates(self, sentence: str) -> bool:
        sentence = ascii_lower(sentence)
        return self.about_dates_pattern.search(sentence) is not None

    def about_another_meeting(self, sentence: str) -> bool:
        """An undated question about one more meeting ("are we also meeting in March?"): it hedges that
        meeting, not the dates the message gives."""
        sentence = ascii_lower(sentence)
        return is_question(sentence) and self.other_meeting.search(sentence) is not None

    def governed(self, sentence: str) -> bool:
        """Whether the sentence's cancellation is put as a question or under a condition, so only proposed:
        "should we skip the call on 8 May?", "cancelled unless someone chairs"."""
        sentence = ascii_lower(sentence)
        if self._asks(sentence) or self.question_opener.search(sentence):
            return True
        return self._conditional(sentence)

    def _asks(self, sentence: str) -> bool:
        """A question about the cancellation, not one asked after it ("The call is cancelled, could you
        tell the others?") nor about an aside ("postponed (perhaps to the autumn?)")."""
        end = _QUESTION_END.search(sentence)
        if end is None:
            return False
        if self.asks_from_start.match(sentence):
            return True
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, end.start())]
        return self.cancel.search(sentence, breaks[-1] if breaks else 0, end.start()) is not None

    def _conditional(self, sentence: str) -> bool:
        """A condition before a cancel word, or after it: "unless" anywhere, "if" in the same clause.

        Read from the first condition and the last cancel word only, so that a long sentence costs one
        pass: the last cancel word is the nearest to any condition after all of them."""
        first = self.condition.search(sentence)
        cancels = list(self.cancel.finditer(sentence))
        if first is None or not cancels:
            return False
        last = cancels[-1]
        if first.start() < last.start():
            return True
        if first.group() in self.conditions_after:
            return True
        return not _CLAUSE_PUNCTUATION.search(sentence, last.end(), first.start())

    def _move_lead(self, sentence: str) -> tuple[int, int] | None:
        """Where a move's words start and where the new date may follow: "rescheduled for", "moved the
        call on 8 May to". A preposition after "scheduled", "originally", "was" leads to the old date."""
        for verb in self.move_verb.finditer(sentence):
            near = self.near_target.match(sentence, verb.end())
            if near is not None:
                return verb.start(), near.end()
            reach = min(len(sentence), verb.end() + _MOVE_REACH)
            for prep in self.far_target.finditer(sentence, verb.end(), reach):
                if _ends_sentence(sentence, verb.end(), prep.start()):
                    break
                if self.source_lead.search(sentence, max(0, prep.start() - 14), prep.start()) is None:
                    return verb.start(), prep.end()
        before = self.target_before_verb.search(sentence) if self.target_before_verb else None
        return None if before is None else before.span()

    def _new_date_lead(self, sentence: str) -> tuple[int, int] | None:
        """The earliest words after which a date is the one meetings go on from: a move's target, or a
        resumption ("the next one is on")."""
        leads = [
            lead for lead in (self._move_lead(sentence), self._resume_lead(sentence)) if lead is not None
        ]
        return min(leads) if leads else None

    def _resume_lead(self, sentence: str) -> tuple[int, int] | None:
        m = self.resume.search(sentence)
        return None if m is None else m.span()

    def _is_new_date(self, sentence: str, lead: tuple[int, int], offset: int) -> bool:
        # A date may start on the lead's last letters: "moved to" + "on Friday".
        return offset >= lead[1] - 4 and self.no_new_date.match(sentence, lead[1]) is None

    def moved_to(self, sentence: str, offset: int) -> bool:
        """Whether the date at ``offset`` is the one a move sentence moves to ("moved the call to 8 May")."""
        sentence = ascii_lower(sentence)
        if not self.cancelled(sentence):
            return False
        lead = self._new_date_lead(sentence)
        return lead is not None and self._is_new_date(sentence, lead, offset) and not self.governed(sentence)

    def status_in_sentence(self, sentence: str, offset: int) -> MeetingStatus | None:
        """The status a sentence gives the date at ``offset`` in it, or None when it says nothing."""
        sentence = ascii_lower(sentence)
        if self.cancelled(sentence):
            return (
                MeetingStatus.TENTATIVE
                if self.governed(sentence)
                else self._status_in_cancellation(sentence, offset)
            )
        return self._status_without_cancellation(sentence)

    def _status_without_cancellation(self, sentence: str) -> MeetingStatus | None:
        # "Is the meeting on Monday confirmed?", "we should definitely meet on Tuesday 2" only propose.
        if self.confirmed(sentence) and not self._proposes(sentence):
            return MeetingStatus.CONFIRMED
        if self.hedged(sentence) or _ASKED.search(sentence):
            # "Could we move the call to 16 March?", "Shall we meet on Tuesday?" propose the day.
            return MeetingStatus.TENTATIVE
        return None

    def _proposes(self, sentence: str) -> bool:
        return _ASKED.search(sentence) is not None or self.question_opener.search(sentence) is not None

    def _status_in_cancellation(self, sentence: str, offset: int) -> MeetingStatus:
        """A sentence with a cancel word not put as a question or a condition: the date it calls off,
        moves to, or leaves standing."""
        own = clause_of(sentence, offset)
        if not self.cancelled(own) and self.resume.search(own):
            # "the call on 8 May is cancelled, the one on 15 May goes ahead as planned"
            return MeetingStatus.TENTATIVE if self.hedged(own) else MeetingStatus.CONFIRMED
        lead = self._new_date_lead(sentence)
        if lead is not None and self._is_new_date(sentence, lead, offset):
            return MeetingStatus.TENTATIVE if self.hedged(sentence[lead[1] :]) else MeetingStatus.CONFIRMED
        if self._only_substitutes(sentence) and not self.instead_of_before.search(
            sentence, max(0, offset - 45), offset
        ):
            # "on 15 May instead of 8 May": only the date after "instead of" is given up.
            return MeetingStatus.CONFIRMED
        return MeetingStatus.CANCELLED

    def _only_substitutes(self, sentence: str) -> bool:
        return all(self.substitution.fullmatch(m.group()) for m in self.cancel.finditer(sentence))

    def hedged_after(self, following: str) -> bool:
        """Whether the sentence after a date's own hedges it: it refers back ("This may still change.",
        "The date is not final.") or is a bare hedge ("(to be confirmed)")."""
        following = ascii_lower(following)
        if self.bare_hedge.fullmatch(following):
            return True
        return (
            self.refers_back.match(following) is not None
            and self.hedged(following)
            and not self.about_another_meeting(following)
        )

    def status_of_date(
        self, sentence: str, offset: int, following: str, later: str, alternative: bool
    ) -> MeetingStatus | None:
        """A date's status from its own sentence, else from being one of alternatives ("Tue 7 or Wed 8")
        or from a hedge in the next sentence (``following``) that refers back to it. A cancellation put
        as a question stands when the text after it (``later``) records the decision."""
        sentence, later = ascii_lower(sentence), ascii_lower(later)
        if self.cancelled(sentence):
            if self.governed(sentence):
                return self._decided(later)
            return self._status_in_cancellation(sentence, offset)
        own = self._status_without_cancellation(sentence)
        if own is not None:
            return own
        if alternative or self.hedged_after(following):
            return MeetingStatus.TENTATIVE
        return None

    def _decided(self, later: str) -> MeetingStatus:
        """A cancellation proposed as a question or under a condition: tentative, unless the text after
        it records the decision to call it off."""
        decided = self.decided_cancel.search(later)
        if decided is None:
            return MeetingStatus.TENTATIVE
        # The decision itself may be one more proposal: "if we decide to skip it, ...".
        start = max(later.rfind(stop, 0, decided.start()) for stop in ".?!\n") + 1
        return (
            MeetingStatus.TENTATIVE
            if self.governed(later[start : decided.end()])
            else MeetingStatus.CANCELLED
        )

    def confirm_by(self, text: str, reference: date) -> date | None:
        """The date a text promises confirmation by: "won't be confirmed until the end of the year"."""
        m = self.confirm_by_pattern.search(text)
        if m is None and self.confirm_by_before is not None:
            m = self.confirm_by_before.search(text)
        if m is None:
            return None
        when = m.group("when").strip()
        end = self.end_of_pattern.match(when)
        if end is not None:
            return self._end_of(
                self.periods.get(end.group("what").lower(), ""), end.group("month"), reference
            )
        hits = find_dates(when, reference, rules=self.dates)
        return hits[0].day if hits else None

    def _end_of(self, what: str, month_word: str | None, reference: date) -> date | None:
        if what == "year":
            return date(reference.year, 12, 31)
        if what == "month":
            return date(reference.year, reference.month, monthrange(reference.year, reference.month)[1])
        if what == "week":
            return reference + timedelta(days=(4 - reference.weekday()) % 7)
        month = self.dates.names.month_number(month_word) if month_word else None
        if month is None:
            return None
        year = reference.year + (month < reference.month)
        return date(year, month, monthrange(year, month)[1])


@once_per_language
def _status_rules(lexicon: Lexicon) -> StatusRules:
    # Every cancel word: those that call a date off, the moves said done, then those that give one up
    # for another.
    cancel_words = alternation(lexicon.cancellations + lexicon.moves_done + lexicon.substitutions)
    not_the_date = alternation(lexicon.not_the_date)
    hedges = alternation(lexicon.hedges)
    periods = dict(lexicon.periods)
    return StatusRules(
        dates=DateRules.of(lexicon),
        hedge=re.compile(rf"\b{hedges}\b"),
        other_after_hedge=re.compile(
            rf"(?:\s+{alternation(lexicon.hedge_adjectives)}|\s+[\w-]+)?\s+{not_the_date}\b"
        ),
        other_before_hedge=re.compile(
            rf"\b{not_the_date}\b(?:(?!\b{alternation(lexicon.date_subjects)}\b)[^.;!?\d]){{0,30}}$"
        ),
        attendance_after=re.compile(rf"[^.;!?,]{{0,30}}?\b{alternation(lexicon.attendance)}\b"),
        hedge_of_person=frozenset(lexicon.person_hedges),
        cancel=re.compile(rf"\b{cancel_words}"),
        substitution=re.compile(alternation(lexicon.substitutions)),
        move_verb=re.compile(rf"\b{alternation(lexicon.move_verbs)}\b"),
        near_target=re.compile(
            rf"(?:\s+{alternation(lexicon.move_objects)})?\s+{alternation(lexicon.move_targets)}\b"
        ),
        far_target=re.compile(rf"\b{alternation(lexicon.far_move_targets)}\b"),
        source_lead=re.compile(rf"\b{alternation(lexicon.move_sources)}\s+$"),
        # The verb may stand on the next line of a wrapped sentence, not across a blank line.
        target_before_verb=re.compile(
            rf"\b{alternation(lexicon.targets_before_verb)}"
            rf"(?=(?:[^;!?\n]|\n(?![ \t]*\n)){{0,60}}?\b{alternation(lexicon.move_verbs)}\b)"
        )
        if lexicon.targets_before_verb
        else None,
        no_new_date=re.compile(rf"\s*{alternation(lexicon.no_new_date)}"),
        resume=re.compile(rf"\b{alternation(lexicon.resumptions)}(?!\w)"),
        instead_of_before=re.compile(rf"\b{alternation(lexicon.substitutions)}\b[^.;,!?]{{0,30}}$"),
        question_opener=re.compile(rf"\b{alternation(lexicon.questions)}\b"),
        asks_from_start=re.compile(
            rf"[\s\d.)*>-]*(?:{alternation(lexicon.interrogatives)}\b|{cancel_words})"
        ),
        condition=re.compile(rf"\b{alternation(lexicon.conditions)}\b"),
        conditions_after=frozenset(lexicon.conditions_after),
        refers_back=re.compile(rf"[\s(\[*>-]*{alternation(lexicon.back_references)}\b"),
        other_meeting=re.compile(rf"\b{alternation(lexicon.other_meeting)}\b"),
        bare_hedge=re.compile(rf"[\s(\[*-]*{hedges}[\s.!)\]]*"),
        decided_cancel=re.compile(rf"\b{alternation(lexicon.decisions)}\b[^.?!]{{0,30}}?\b{cancel_words}"),
        confirmed_pattern=re.compile(rf"\b{alternation(lexicon.confirmations)}"),
        about_meeting_pattern=re.compile(rf"\b{alternation(lexicon.meeting_topics)}\b"),
        about_dates_pattern=re.compile(rf"\b{alternation(lexicon.date_topics)}\b"),
        confirm_by_pattern=re.compile(
            rf"(?i)\b{alternation(lexicon.confirm_words)}"
            rf"\s+(?:\w+\s+){{0,2}}?{alternation(lexicon.confirm_limits)}\s+(?P<when>[^.;!?\n]{{1,40}})"
        ),
        confirm_by_before=(
            re.compile(
                rf"(?i)\b{alternation(lexicon.confirm_limits_before)}\s+(?P<when>[^.;!?\n]{{1,40}}?)"
                rf"\s+{alternation(lexicon.confirm_words)}"
            )
            if lexicon.confirm_limits_before
            else None
        ),
        periods=periods,
        end_of_pattern=re.compile(
            rf"(?i)^{alternation(lexicon.end_of)}"
            rf"(?P<what>{literal_alternation(tuple(periods))}|(?P<month>[a-z]{{3,9}}))"
        ),
    )


def is_question(sentence: str) -> bool:
    return _QUESTION_END.search(sentence) is not None


def _ends_sentence(sentence: str, start: int, end: int) -> bool:
    return any(c in ".;!?" for c in sentence[start:end])


def clause_of(sentence: str, offset: int) -> str:
    """The clause of ``sentence`` around ``offset``: from the clause break before it to the one after
    (each looked for within 200 characters), or the sentence's own start or end where there is none."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, max(0, offset - 200), offset)]
    after = _CLAUSE_BREAK.search(sentence, offset + 1, offset + 200)
    return sentence[starts[-1] if starts else 0 : after.start() if after else len(sentence)]


ENGLISH_STATUS = StatusRules.of(ENGLISH)
# English's readings, for callers and tests that read English only.
hedged = ENGLISH_STATUS.hedged
moved_to = ENGLISH_STATUS.moved_to
status_in_sentence = ENGLISH_STATUS.status_in_sentence
hedged_after = ENGLISH_STATUS.hedged_after
status_of_date = ENGLISH_STATUS.status_of_date
confirm_by = ENGLISH_STATUS.confirm_by
