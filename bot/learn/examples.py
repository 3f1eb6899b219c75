"""Training examples: every own and Subject date candidate of a labelled message, labelled by whether
the message's labels name its day (quoted text is not labelled, so it is not learned from)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.detect import DetectOptions
from bot.detect.explain import explain
from bot.learn.corpus import Labelled
from bot.learn.fit import Example
from bot.mail import parse

# The options the corpora's scorer runs detection with (`listminder detect` without a config), reading
# every text as English: the learned decision is English's (other languages are decided by the rules).
OPTIONS = DetectOptions(rules_only=True, languages=("en",))


def examples(messages: Iterable[Labelled]) -> list[Example]:
    out: list[Example] = []
    for message in messages:
        mail = parse(message.raw)
        _, considered = explain(mail, OPTIONS)
        # A day before the message is dropped whatever the decision (only upcoming meetings are
        # news), so it teaches the decision nothing.
        first_day = mail.date.date() if mail.date is not None else None
        out += [
            Example(c.features, int(c.day in message.days))
            for c in considered
            if c.origin != "quoted" and (first_day is None or c.day >= first_day)
        ]
    return out
