"""The decision model's training and its file: reproducible, readable, refusing what is not a model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.detect.decision import (
    Calibration,
    DecisionModel,
    Logistic,
    ModelError,
    StatusModel,
    TimeModel,
    from_json,
)
from bot.learn.calibration import expected_calibration_error, reliability
from bot.learn.corpus import Labelled
from bot.learn.examples import gather
from bot.learn.fit import Example, Settings, fit, platt

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
        # The first format had no calibration nor status and time sections.
        ('{"version": 1, "kind": "logistic", "buckets": 8, "bias": 0, "weights": {}}', "version 1"),
        ('{"version": 2, "kind": "logistic", "buckets": 8}', "not a decision model"),
        ('{"version": 2, "kind": "trees"}', "kind 'trees'"),
    ],
)
def test_a_file_that_is_not_a_model_is_refused_by_name(text: str, problem: str) -> None:
    with pytest.raises(ModelError, match=problem):
        from_json(text)


def test_an_empty_model_is_undecided() -> None:
    model = DecisionModel(buckets=16, bias=0.0, weights={})
    assert model.probability(["c:anything"]) == 0.5
    assert model.contributions(["c:anything"]) == []


def test_a_model_with_its_calibration_status_and_time_reads_back_the_same() -> None:
    model = replace(
        fit(EXAMPLES, Settings(), trained_on=("toy",)),
        calibration=Calibration(0.5, -0.25),
        threshold=0.4,
        status=StatusModel(Logistic(16, -1.0, {3: 2.0}), Logistic(16, 0.5, {})),
        time=TimeModel(Logistic(16, 0.0, {1: -1.5}), untimed=True),
    )
    again = from_json(model.to_json())
    assert again == model
    assert again.probability(["c:meet"]) == Calibration(0.5, -0.25).probability(model.margin(["c:meet"]))


def test_platt_scaling_tempers_an_overconfident_margin() -> None:
    # Margins of +-4 (raw probability 0.98 / 0.02) that are right only three times in four.
    scored = [(4.0, 1)] * 30 + [(4.0, 0)] * 10 + [(-4.0, 0)] * 30 + [(-4.0, 1)] * 10
    calibration = platt(scored)
    assert 0.70 < calibration.probability(4.0) < 0.78
    assert 0.22 < calibration.probability(-4.0) < 0.30
    raw = [(Calibration().probability(m), y) for m, y in scored]
    tempered = [(calibration.probability(m), y) for m, y in scored]
    assert expected_calibration_error(tempered) < 0.03 < 0.2 < expected_calibration_error(raw)


def test_the_reliability_table_counts_each_bin() -> None:
    table = reliability([(0.05, 0.1, 0), (0.07, 0.12, 1), (0.95, 0.8, 1)])
    rows = table.splitlines()
    assert rows[2].split()[:4] == ["0.0-0.1", "2", "0.060", "0.500"]
    assert rows[-1].startswith("expected calibration error over 3 candidates: raw ")


def test_what_mail_in_another_language_teaches_carries_its_own_mark() -> None:
    # Read as English, a French announcement's date is one the rules drop; the mark, never on the
    # English text the decision decides, takes on what it teaches.
    raw = (
        "From: a@example.org\nTo: l@example.org\nDate: Mon, 02 Mar 2020 09:00:00 +0100\n"
        "Subject: Réunion\nMessage-ID: <1@example.org>\nContent-Type: text/plain; charset=utf-8\n\n"
        "La réunion aura lieu le 12/03/2020.\n"
    ).encode()
    day = frozenset({date(2020, 3, 12)})
    french = gather(Labelled("asso", "asso-001.eml", raw, day, "fr"))
    english = gather(Labelled("asso", "asso-001.eml", raw, day, "en"))
    assert french.meeting and all("lang:other" in e.features for e in french.meeting)
    assert english.meeting and not any("lang:other" in e.features for e in english.meeting)
