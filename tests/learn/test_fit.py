"""The decision model's training and its file: reproducible, readable, refusing what is not a model."""

from __future__ import annotations

import pytest

from bot.detect.decision import DecisionModel, ModelError, from_json
from bot.learn.fit import Example, Settings, fit

# A toy task the trainer must learn: "meet" near a date makes it a meeting day, "due" does not;
# "the" is noise on both sides.
EXAMPLES = [Example(("c:meet", "c:the"), 1)] * 30 + [Example(("c:due", "c:the"), 0)] * 30


def test_training_learns_the_signal_and_not_the_noise() -> None:
    model = fit(EXAMPLES, Settings())
    assert model.probability(["c:meet", "c:the"]) > 0.8
    assert model.probability(["c:due", "c:the"]) < 0.2
    weights = dict(model.contributions(["c:meet", "c:due", "c:the"]))
    assert weights["c:meet"] > 0 > weights["c:due"]
    assert abs(weights.get("c:the", 0.0)) < abs(weights["c:meet"])


def test_training_is_reproducible_to_the_byte() -> None:
    shuffled = EXAMPLES[::2] + EXAMPLES[1::2]
    first = fit(shuffled, Settings(), trained_on=("a", "b")).to_json()
    assert fit(shuffled, Settings(), trained_on=("a", "b")).to_json() == first


def test_a_model_file_reads_back_as_the_same_model() -> None:
    model = fit(EXAMPLES, Settings(), trained_on=("toy",))
    again = from_json(model.to_json())
    assert again == model
    assert again.probability(["c:meet"]) == model.probability(["c:meet"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not a decision model"),
        ('{"version": 99, "kind": "logistic"}', "unsupported model: version 99"),
        ('{"version": 1, "kind": "logistic", "buckets": 8}', "not a decision model"),
        ('{"version": 1, "kind": "trees"}', "kind 'trees'"),
    ],
)
def test_a_file_that_is_not_a_model_is_refused_by_name(text: str, problem: str) -> None:
    with pytest.raises(ModelError, match=problem):
        from_json(text)


def test_an_empty_model_is_undecided() -> None:
    model = DecisionModel(buckets=16, bias=0.0, weights={})
    assert model.probability(["c:anything"]) == 0.5
    assert model.contributions(["c:anything"]) == []
