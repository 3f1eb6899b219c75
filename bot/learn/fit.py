"""Logistic regression by AdaGrad over hashed binary features, in plain Python.

Deterministic: the examples come sorted, each epoch's order is drawn from a seeded generator, and
the arithmetic is IEEE double precision in a fixed order, so the same inputs give the same weights
on every machine (a test retrains and compares with the shipped model).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.detect.decision import DecisionModel, bucket, sigmoid
from bot.detect.features import WORD_PREFIXES

BUCKETS = 1 << 18
SEED = 20261130


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate: its features, and whether a label names its day (1) or not (0)."""

    features: tuple[str, ...]
    label: int


@dataclass(frozen=True, slots=True)
class Settings:
    epochs: int = 12
    learning_rate: float = 0.2
    # Rule signals are few and seen often; words are many and each seen rarely, so they are held
    # closer to zero: a word must show up across messages before it can outweigh the rules.
    l2: float = 1e-3
    l2_words: float = 5e-2
    threshold: float = 0.5
    # Weights smaller than this are left out of the model file: they cannot move a decision.
    prune_below: float = 1e-4


def fit(examples: Sequence[Example], settings: Settings, trained_on: tuple[str, ...] = ()) -> DecisionModel:
    rows = [(sorted({bucket(f, BUCKETS) for f in e.features}), e.label) for e in examples]
    word_buckets = {bucket(f, BUCKETS) for e in examples for f in e.features if is_word(f)}
    weights: dict[int, float] = {}
    squares: dict[int, float] = {}
    bias, bias_square = 0.0, 0.0
    rng = random.Random(SEED)
    order = list(range(len(rows)))
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for i in order:
            x, y = rows[i]
            margin = bias + sum(weights.get(j, 0.0) for j in x)
            error = sigmoid(margin) - y
            for j in x:
                w = weights.get(j, 0.0)
                grad = error + (settings.l2_words if j in word_buckets else settings.l2) * w
                squares[j] = squares.get(j, 0.0) + grad * grad
                weights[j] = w - settings.learning_rate * grad / math.sqrt(squares[j] + 1e-9)
            bias_square += error * error
            bias -= settings.learning_rate * error / math.sqrt(bias_square + 1e-9)
    kept = {j: round(w, 5) for j, w in weights.items() if abs(w) >= settings.prune_below}
    return DecisionModel(
        buckets=BUCKETS,
        bias=round(bias, 5),
        weights=kept,
        threshold=settings.threshold,
        trained_on=trained_on,
    )


def is_word(feature: str) -> bool:
    return feature.startswith(WORD_PREFIXES)
