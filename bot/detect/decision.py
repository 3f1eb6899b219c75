"""Stage 3, decisions: logistic models over a candidate's features.

The shipped file holds up to three decisions, each a bias and one weight per hashed feature bucket,
trained from labelled mail by ``python -m bot.learn`` and shipped as ``decision.json`` beside this
module (never pickle):
- is this candidate a day the message announces a meeting on (always there): its probability,
  calibrated (Platt scaling fitted on predictions for lists the model was not trained on), is the
  mention's ``confidence``, and a candidate is kept when it reaches the model's threshold;
- its status: "cancelled or not", then "tentative or confirmed" (a section present only when the
  learned status measured at least as good as the rules' on lists left out);
- which of the times near a date is its start (likewise).
Inference is a sum of a few dozen weights: no numerical library is needed.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.errors import ListminderError

FORMAT_VERSION = 2
MODEL_FILE = "decision.json"


class ModelError(ListminderError):
    """A decision model file that cannot be read as one."""


def bucket(name: str, buckets: int) -> int:
    """The bucket of a feature name: CRC-32, stable across runs and machines (unlike ``hash``)."""
    return zlib.crc32(name.encode("utf-8")) % buckets


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class Logistic:
    """One yes/no decision. ``weights``: bucket -> weight, only the non-zero ones."""

    buckets: int
    bias: float
    weights: Mapping[int, float]

    def margin(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(b, 0.0) for b in {bucket(f, self.buckets) for f in features})

    def probability(self, features: Iterable[str]) -> float:
        return sigmoid(self.margin(features))

    def contributions(self, features: Iterable[str]) -> list[tuple[str, float]]:
        """Each feature's weight, the largest in size first (for ``detect --explain``)."""
        seen: dict[int, str] = {}
        for f in features:
            seen.setdefault(bucket(f, self.buckets), f)
        pairs = [(name, self.weights.get(b, 0.0)) for b, name in seen.items()]
        return sorted((p for p in pairs if p[1] != 0.0), key=lambda p: (-abs(p[1]), p[0]))

    def body(self) -> dict[str, Any]:
        return {
            "buckets": self.buckets,
            "bias": self.bias,
            "weights": {str(b): w for b, w in sorted(self.weights.items())},
        }


@dataclass(frozen=True, slots=True)
class Calibration:
    """Platt scaling: the calibrated probability of a margin m is sigmoid(scale * m + shift)."""

    scale: float = 1.0
    shift: float = 0.0

    def probability(self, margin: float) -> float:
        return sigmoid(self.scale * margin + self.shift)


@dataclass(frozen=True, slots=True)
class StatusModel:
    """Two decisions over a kept date's status features: cancelled or not, then tentative or not."""

    cancelled: Logistic
    tentative: Logistic

    def decide(self, features: Iterable[str]) -> tuple[str, float]:
        """The status, and the probability behind it."""
        names = tuple(features)
        p_cancelled = self.cancelled.probability(names)
        if p_cancelled >= 0.5:
            return "cancelled", p_cancelled
        p_tentative = self.tentative.probability(names)
        if p_tentative >= 0.5:
            return "tentative", p_tentative
        return "confirmed", 1.0 - p_tentative


@dataclass(frozen=True, slots=True)
class TimeModel:
    """Which of the times near a date is its start: the option scored highest. ``untimed``: also
    for a date the rules gave no time, when that option's probability reaches one half."""

    choice: Logistic
    untimed: bool = False


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """The meeting-day decision (bias, weights, calibration, threshold), and the learned status and
    time decisions when they ship. ``threshold`` is on the calibrated probability."""

    buckets: int
    bias: float
    weights: Mapping[int, float]
    threshold: float = 0.5
    trained_on: tuple[str, ...] = ()
    version: int = FORMAT_VERSION
    calibration: Calibration = Calibration()
    status: StatusModel | None = None
    time: TimeModel | None = None

    @property
    def meeting(self) -> Logistic:
        return Logistic(self.buckets, self.bias, self.weights)

    def margin(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(b, 0.0) for b in {bucket(f, self.buckets) for f in features})

    def probability(self, features: Iterable[str]) -> float:
        """The calibrated probability that the candidate is a meeting day the message announces."""
        return self.calibration.probability(self.margin(features))

    def contributions(self, features: Iterable[str]) -> list[tuple[str, float]]:
        return self.meeting.contributions(features)

    def to_json(self) -> str:
        body: dict[str, Any] = {
            "version": self.version,
            "kind": "logistic",
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "calibration": {"scale": self.calibration.scale, "shift": self.calibration.shift},
            **self.meeting.body(),
        }
        if self.status is not None:
            body["status"] = {
                "cancelled": self.status.cancelled.body(),
                "tentative": self.status.tentative.body(),
            }
        if self.time is not None:
            body["time"] = {**self.time.choice.body(), "untimed": self.time.untimed}
        return json.dumps(body, indent=0, sort_keys=True) + "\n"


def from_json(text: str) -> DecisionModel:
    try:
        body = json.loads(text)
        if body.get("version") != FORMAT_VERSION or body.get("kind") != "logistic":
            raise ModelError(f"unsupported model: version {body.get('version')!r}, kind {body.get('kind')!r}")
        meeting = _logistic(body)
        calibration = body["calibration"]
        status = body.get("status")
        time = body.get("time")
        return DecisionModel(
            buckets=meeting.buckets,
            bias=meeting.bias,
            weights=meeting.weights,
            threshold=float(body["threshold"]),
            trained_on=tuple(str(x) for x in body.get("trained_on", ())),
            calibration=Calibration(float(calibration["scale"]), float(calibration["shift"])),
            status=None
            if status is None
            else StatusModel(_logistic(status["cancelled"]), _logistic(status["tentative"])),
            time=None if time is None else TimeModel(_logistic(time), bool(time["untimed"])),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"not a decision model: {exc}") from exc


def _logistic(body: dict[str, Any]) -> Logistic:
    return Logistic(
        buckets=int(body["buckets"]),
        bias=float(body["bias"]),
        weights={int(k): float(v) for k, v in body["weights"].items()},
    )


@cache
def shipped() -> DecisionModel:
    """The model that comes with the package, read once per process."""
    return from_json(resources.files("bot.detect").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
