"""Stage 2 for status: what a learned status decision may weigh about one kept date.

The rules' verdict (``settled:``) is one feature among the signals behind it, so that the model can
learn when to overrule it: hedge, cancel, move, question and condition words in the date's clause
and sentence and on which side of the date they stand, a hedge in the next sentence that refers
back, a cancellation of the meeting the whole message speaks of, whether the message is a reply.
Beside them, the words around the date (the meeting decision's word features).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.detect.dates import ascii_lower
from bot.detect.features import WORD_PREFIXES
from bot.detect.status import StatusRules, clause_of, is_question


@dataclass(frozen=True, slots=True)
class StatusContext:
    """The text the rules read a date's status from: its sentence (and its offset there), the
    sentence after, and the text after that up to a sentence's reach; and the status rules of the
    language it is written in."""

    rules: StatusRules
    sentence: str
    offset: int
    following: str
    later: str
    alternative: bool


@dataclass(frozen=True, slots=True)
class MessageSignals:
    """What the whole message says about the meeting without a date."""

    hedges_all: bool = False
    cancels: bool = False
    proposes_cancel: bool = False
    moved: bool = False
    reply: bool = False


def status_features(
    context: StatusContext | None,
    settled: str,
    candidate_features: Iterable[str],
    message: MessageSignals,
    origin: str,
) -> list[str]:
    """The features of a kept date's status; ``settled``: the status the rules gave it."""
    signals = [f"st:origin:{origin}", *_message_signals(message)]
    if context is not None:
        signals += _sentence_signals(context)
    # The rules' verdict crossed with each signal: the model can learn "the rules say cancelled, but
    # the sentence asks" without a hand-written rule.
    out = [f"settled:{settled}", *signals, *(f"settled:{settled}&{s}" for s in signals)]
    return out + [f for f in candidate_features if f.startswith(WORD_PREFIXES) or f.startswith("status:")]


def _message_signals(message: MessageSignals) -> list[str]:
    found = {
        "st:msg:hedges_all": message.hedges_all,
        "st:msg:cancels": message.cancels,
        "st:msg:proposes_cancel": message.proposes_cancel,
        "st:msg:moved": message.moved,
        "st:msg:reply": message.reply,
    }
    return [name for name, on in found.items() if on]


def _sentence_signals(context: StatusContext) -> list[str]:
    rules = context.rules
    sentence = ascii_lower(context.sentence)
    offset = context.offset
    clause = clause_of(sentence, offset)
    found = {
        "st:hedge": rules.hedged(sentence),
        "st:cancel": rules.cancelled(sentence),
        "st:governed": rules.cancelled(sentence) and rules.governed(sentence),
        "st:confirmed": rules.confirmed(sentence),
        "st:question": is_question(sentence),
        "st:condition": rules.condition.search(sentence) is not None,
        "st:moved_to": rules.moved_to(sentence, offset),
        "st:clause_hedge": rules.hedged(clause),
        "st:clause_cancel": rules.cancelled(clause),
        "st:clause_question": "?" in clause,
        "st:hedge_next": rules.hedged_after(context.following),
        "st:cancel_next": rules.cancelled(context.following),
        "st:question_next": is_question(context.following),
        "st:alternative": context.alternative,
        "st:other_meeting": rules.about_another_meeting(sentence),
    }
    out = [name for name, on in found.items() if on]
    out += _sides("hedge", rules.hedge, sentence, offset)
    out += _sides("cancel", rules.cancel, sentence, offset)
    return out


def _sides(name: str, pattern: re.Pattern[str], sentence: str, offset: int) -> list[str]:
    """On which side of the date a word stands: "cancelled: the call on 8 May" against "the call on 8
    May is cancelled, the next one ..."."""
    sides = {"before" if m.start() < offset else "after" for m in pattern.finditer(sentence)}
    return [f"st:{name}_{side}" for side in sorted(sides)]
