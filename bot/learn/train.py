"""Training the shipped decisions from what the labelled messages teach (``bot.learn.examples``).

The meeting decision always; its calibration (Platt scaling fitted on cross-fitted margins: each
group of lists scored by a model trained on the other lists, as detection meets lists it has never
seen); the status and time decisions when the settings ship them (they ship only where leave-one-list-
out measured them at least as good as the rules).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from bot.detect.decision import Calibration, DecisionModel, Logistic, StatusModel, TimeModel
from bot.learn.examples import Gathered, StatusExample, TimeGroup
from bot.learn.fit import Example, Settings, fit, fit_logistic, platt

# How many groups of lists the calibration's cross-fitting scores in turn.
CALIBRATION_FOLDS = 5


def train(
    gathered: Sequence[Gathered], settings: Settings, trained_on: tuple[str, ...] = ()
) -> DecisionModel:
    model = fit([e for g in gathered for e in g.meeting], settings, trained_on=trained_on)
    if settings.calibrate:
        calibration = cross_fitted_calibration(gathered, settings)
        # The calibrated threshold keeps the decisions the raw one made: calibration changes the
        # confidence a list admin reads, not which dates are kept.
        threshold = calibration.probability(_logit(settings.threshold))
        model = replace(model, calibration=calibration, threshold=threshold)
    status = [e for g in gathered for e in g.status]
    groups = [group for g in gathered for group in g.time if settings.learned_untimed or not group.untimed]
    return replace(
        model,
        status=fit_status(status, settings) if settings.learned_status and status else None,
        time=TimeModel(fit_time(groups, settings), settings.learned_untimed)
        if settings.learned_time and groups
        else None,
    )


def fit_status(examples: Sequence[StatusExample], settings: Settings) -> StatusModel:
    """Cancelled or not over every date; tentative or not over the dates not cancelled."""
    cancelled = fit_logistic([Example(e.features, int(e.truth == "cancelled")) for e in examples], settings)
    tentative = fit_logistic(
        [Example(e.features, int(e.truth == "tentative")) for e in examples if e.truth != "cancelled"],
        settings,
    )
    return StatusModel(cancelled, tentative)


def fit_time(groups: Sequence[TimeGroup], settings: Settings) -> Logistic:
    """Each option of each group on its own: is this the labelled start time? Detection then takes
    the option scored highest."""
    return fit_logistic([e for group in groups for e in group.options], settings)


def cross_fitted_calibration(gathered: Sequence[Gathered], settings: Settings) -> Calibration:
    lists = sorted({g.list_name for g in gathered})
    fold_of = {name: i % CALIBRATION_FOLDS for i, name in enumerate(lists)}
    scored: list[tuple[float, int]] = []
    for fold in range(CALIBRATION_FOLDS):
        held = [g for g in gathered if fold_of[g.list_name] == fold]
        if not held:
            continue
        model = fit([e for g in gathered if fold_of[g.list_name] != fold for e in g.meeting], settings)
        scored += [(model.margin(e.features), e.label) for g in held for e in g.meeting]
    return platt(scored)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))
