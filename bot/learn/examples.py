"""Training examples, read from one detection of each labelled message with the hand rules deciding:
- the meeting decision: every own and Subject date candidate, labelled by whether the message's labels
  name its day (quoted text is not labelled, so it is not learned from);
- the status decision: each own date the rules keep and the labels name, with its labelled status;
- the time decision: each date the rules give a time, with a labelled start time and more than one
  time near it, as a group of options, the one at the labelled time marked; and each labelled date
  the rules give no time with a time near it ("untimed": the option at the labelled time marked, or
  none when the label has no time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.detect import DetectOptions
from bot.detect.explain import explain
from bot.detect.pipeline import Candidate
from bot.detect.time_features import options
from bot.learn.corpus import Labelled
from bot.learn.fit import Example
from bot.mail import parse

# The options the corpora's scorer runs detection with (`listminder detect` without a config), reading
# every text as English: the learned decision is English's (other languages are decided by the rules).
OPTIONS = DetectOptions(rules_only=True, languages=("en",))
# Marks what a French, German, Spanish or bilingual message teaches, read as English: English rules
# cannot read its meetings, so its dates are meetings though the rules drop them. The mark takes that
# on itself, instead of the rules' signals; English text, the only text the decision decides, never
# carries it.
_FOREIGN = ("lang:other",)


@dataclass(frozen=True, slots=True)
class StatusExample:
    features: tuple[str, ...]
    truth: str
    # The rules' status of the date.
    settled: str


@dataclass(frozen=True, slots=True)
class TimeGroup:
    """The options for one date's start time; ``untimed``: the rules gave the date none."""

    untimed: bool
    options: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class Gathered:
    """What one labelled message teaches each decision."""

    list_name: str
    file: str
    lang: str
    meeting: tuple[Example, ...]
    status: tuple[StatusExample, ...]
    # Each group: the options for one date's start time, label 1 for the labelled time.
    time: tuple[TimeGroup, ...]


def examples(messages: Iterable[Labelled]) -> list[Example]:
    return [e for message in messages for e in gather(message).meeting]


def gather(message: Labelled) -> Gathered:
    mail = parse(message.raw)
    trace: list[Candidate] = []
    _, considered = explain(mail, OPTIONS, trace=trace)
    # A day before the message is dropped whatever the decision (only upcoming meetings are
    # news), so it teaches the decision nothing.
    first_day = mail.date.date() if mail.date is not None else None
    foreign = _FOREIGN if message.lang != "en" else ()
    meeting = tuple(
        Example((*c.features, *foreign), int(c.day in message.days))
        for c in considered
        if c.origin != "quoted" and (first_day is None or c.day >= first_day)
    )
    own = [c for c in trace if c.origin != "quoted"]
    return Gathered(
        message.list_name,
        message.file,
        message.lang,
        meeting,
        _status_examples(own, message),
        _time_groups(own, message),
    )


def _status_examples(own: list[Candidate], message: Labelled) -> tuple[StatusExample, ...]:
    truth = dict(message.statuses)
    out: dict[object, StatusExample] = {}
    for c in own:
        if c.status_features and c.day in truth and c.day not in out:
            settled = c.status_features[0].removeprefix("settled:")
            out[c.day] = StatusExample(tuple(c.status_features), truth[c.day], settled)
    return tuple(out.values())


def _time_groups(own: list[Candidate], message: Labelled) -> tuple[TimeGroup, ...]:
    """One group per labelled date: a choice among times where a candidate of that date has one,
    else an untimed date's options."""
    truth = dict(message.times)
    choices: dict[object, TimeGroup] = {}
    untimed: dict[object, TimeGroup] = {}
    for c in own:
        if c.day not in message.days or c.day in choices or c.time_context is None:
            continue
        found = options(c.time_context)
        labels = [int(o.at.at.strftime("%H:%M") == truth.get(c.day)) for o in found]
        group = tuple(Example(o.features, y) for o, y in zip(found, labels, strict=True))
        # What the rules chose before the day's statements were merged: what the decision sees.
        chosen = c.time_context.chosen
        if chosen is not None and len(found) >= 2 and any(labels):
            choices[c.day] = TimeGroup(False, group)
        elif chosen is None and found:
            untimed.setdefault(c.day, TimeGroup(True, group))
    return (*choices.values(), *(g for day, g in untimed.items() if day not in choices))
