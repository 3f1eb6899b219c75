"""Stage 3, decisions: a logistic model over a candidate's features says whether it is a meeting day.

The model is numbers only: a bias and one weight per hashed feature bucket, trained from labelled mail
by ``python -m bot.learn`` and shipped as ``decision.json`` beside this module (never pickle). Its
output is the probability that the candidate is a day the message announces a meeting on; detection
keeps a candidate when that probability reaches the model's threshold, and reports it as the mention's
``confidence``. Inference is a sum of a few dozen weights: no numerical library is needed.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.errors import ListminderError

FORMAT_VERSION = 1
MODEL_FILE = "decision.json"


class ModelError(ListminderError):
    """A decision model file that cannot be read as one."""


def bucket(name: str, buckets: int) -> int:
    """The bucket of a feature name: CRC-32, stable across runs and machines (unlike ``hash``)."""
    return zlib.crc32(name.encode("utf-8")) % buckets


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """A trained logistic model. ``weights``: bucket -> weight, only the non-zero ones."""

    buckets: int
    bias: float
    weights: Mapping[int, float]
    threshold: float = 0.5
    trained_on: tuple[str, ...] = ()
    version: int = FORMAT_VERSION

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

    def to_json(self) -> str:
        body = {
            "version": self.version,
            "kind": "logistic",
            "buckets": self.buckets,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "bias": self.bias,
            "weights": {str(b): w for b, w in sorted(self.weights.items())},
        }
        return json.dumps(body, indent=0, sort_keys=True) + "\n"


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def from_json(text: str) -> DecisionModel:
    try:
        body = json.loads(text)
        if body.get("version") != FORMAT_VERSION or body.get("kind") != "logistic":
            raise ModelError(f"unsupported model: version {body.get('version')!r}, kind {body.get('kind')!r}")
        return DecisionModel(
            buckets=int(body["buckets"]),
            bias=float(body["bias"]),
            weights={int(k): float(v) for k, v in body["weights"].items()},
            threshold=float(body["threshold"]),
            trained_on=tuple(str(x) for x in body.get("trained_on", ())),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"not a decision model: {exc}") from exc


@cache
def shipped() -> DecisionModel:
    """The model that comes with the package, read once per process."""
    return from_json(resources.files("bot.detect").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
