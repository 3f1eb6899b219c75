"""Training examples: every own and Subject date candidate of a labelled message, labelled by whether
the message's labels name its day (quoted text is not labelled, so it is not learned from)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.detect import DetectOptions
from bot.detect.explain import explain
from bot.learn.corpus import Labelled
from bot.learn.fit import Example
from bot.mail import parse

# The options the corpora's scorer runs detection with (`listminder detect` without a config).
OPTIONS = DetectOptions(rules_only=True)


def examples(messages: Iterable[Labelled]) -> list[Example]:
    out: list[Example] = []
    for message in messages:
        _, considered = explain(parse(message.raw), OPTIONS)
        out += [Example(c.features, int(c.day in message.days)) for c in considered if c.origin != "quoted"]
    return out
