"""Logistic regression by AdaGrad over hashed binary features, in plain Python, and Platt scaling.

Deterministic: the examples come sorted, each epoch's order is drawn from a seeded generator, and
the arithmetic is IEEE double precision in a fixed order, so the same inputs give the same weights
on every machine (a test retrains and compares with the shipped model).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.detect.decision import Calibration, DecisionModel, Logistic, bucket, sigmoid
from bot.detect.features import WORD_PREFIXES

BUCKETS = 1 << 18
SEED = 20261130
_PLATT_ROUNDS = 50


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
    # What the shipped model holds beyond the meeting decision, each as leave-one-list-out measured
    # it (`python -m bot.learn lolo`, figures in the README): no Platt scaling (the raw probability
    # is as well calibrated on lists left out as the scaled one); the rules' status (the learned one
    # ties or wins by a few dates, but calls a cancellation put as a question confirmed); the learned
    # start time (at least as good as the rules' on every subset).
    calibrate: bool = False
    learned_status: bool = False
    learned_time: bool = True
    # The learned time also for dates the rules give no time: measured, not shipped (it finds more
    # labelled times on the lists the rules were not written against, but gives a time to more dates
    # labelled without one, and one fewer right time on the English shared corpora).
    learned_untimed: bool = False


def fit_logistic(examples: Sequence[Example], settings: Settings) -> Logistic:
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
    return Logistic(buckets=BUCKETS, bias=round(bias, 5), weights=kept)


def fit(examples: Sequence[Example], settings: Settings, trained_on: tuple[str, ...] = ()) -> DecisionModel:
    """The meeting decision alone, uncalibrated."""
    found = fit_logistic(examples, settings)
    return DecisionModel(
        buckets=found.buckets,
        bias=found.bias,
        weights=found.weights,
        threshold=settings.threshold,
        trained_on=trained_on,
    )


def platt(scored: Sequence[tuple[float, int]]) -> Calibration:
    """Platt scaling of margins: Newton's method on the log loss, each step halved until the loss
    falls, with Platt's smoothed targets (so that a separable set does not send the scale to infinity)."""
    positives = sum(y for _, y in scored)
    negatives = len(scored) - positives
    if not positives or not negatives:
        return Calibration()
    high, low = (positives + 1) / (positives + 2), 1 / (negatives + 2)
    targets = [(m, high if y else low) for m, y in scored]
    a, b = 1.0, 0.0
    loss = _log_loss(targets, a, b)
    for _ in range(_PLATT_ROUNDS):
        ga = gb = haa = hab = hbb = 0.0
        for m, t in targets:
            p = sigmoid(a * m + b)
            d, w = p - t, max(p * (1 - p), 1e-12)
            ga, gb = ga + d * m, gb + d
            haa, hab, hbb = haa + w * m * m, hab + w * m, hbb + w
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        step_a, step_b = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        size = 1.0
        while size > 1e-6 and (tried := _log_loss(targets, a - size * step_a, b - size * step_b)) > loss:
            size /= 2
        if size <= 1e-6:
            break
        a, b, loss = a - size * step_a, b - size * step_b, tried
        if abs(size * step_a) + abs(size * step_b) < 1e-9:
            break
    return Calibration(round(a, 6), round(b, 6))


def _log_loss(targets: Sequence[tuple[float, float]], a: float, b: float) -> float:
    total = 0.0
    for m, t in targets:
        z = a * m + b
        # log(1 + e^z) - t*z, computed without overflow.
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - t * z
    return total


def is_word(feature: str) -> bool:
    return feature.startswith(WORD_PREFIXES)
