"""The values `bot.detect.detect` returns: meetings as one message mentions them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.detect.decision import DecisionModel
from bot.meeting import MeetingDetails, WrapsDetails


@dataclass(frozen=True, slots=True)
class DetectOptions:
    """What detection needs to know about the list a message came from.

    ``time_zone``: the list's IANA zone, for times written without one and to settle ambiguous
    abbreviations. ``date_order``: "DMY" or "MDY", the list's habit for numeric dates when validity
    and the rest of the message do not settle it.
    """

    time_zone: str = "UTC"
    date_order: str = "DMY"
    # The decision model; None: the one shipped with the package. ``rules_only``: decide by the hand
    # rules' verdict instead (for comparison, and to gather training candidates).
    model: DecisionModel | None = None
    rules_only: bool = False
    # The list's language (a lexicon's code): the one a text is read in when its words do not say;
    # and the languages a text may be read in (None: every language of the lexicons).
    language: str = "en"
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Mention(WrapsDetails):
    """One meeting as one message states it: its details, and how the message states them.

    ``quoted``: found only in text quoted from an earlier message. ``uid``/``sequence``: from a
    calendar part, when the mention came from one, or the thread meeting a reply speaks of.
    ``distinct``: a meeting of its own that a reply adds beside the thread's (the day a meeting moves
    to, "same time next week"): it never moves a known meeting. ``confidence``: the decision model's
    probability that the date is a meeting day the message announces. ``why``: what decided it, the
    rules' signals then the weightiest features with their weights ("tie:clause", "c:call +0.41").
    """

    details: MeetingDetails
    quoted: bool
    confidence: float
    evidence: str
    uid: str | None = None
    sequence: int | None = None
    why: tuple[str, ...] = ()
    distinct: bool = False
    # The language of the text the meeting was read from (a lexicon's code).
    language: str = "en"
