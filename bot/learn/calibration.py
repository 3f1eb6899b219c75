"""How well a probability is calibrated: a reliability table (bins of predicted probability, with
how many candidates fell in each, their mean prediction and how often they were meeting days) and
the expected calibration error (the bins' gaps, weighted by their share of candidates)."""

from __future__ import annotations

from collections.abc import Sequence

BINS = 10


def expected_calibration_error(scored: Sequence[tuple[float, int]]) -> float:
    total = len(scored)
    if not total:
        return 0.0
    return sum(len(b) / total * abs(_mean(b) - _rate(b)) for b in _binned(scored) if b)


def reliability(scored: Sequence[tuple[float, float, int]]) -> str:
    """The table for raw and calibrated probabilities side by side: (raw, calibrated, truth)."""
    raw = [(r, y) for r, _, y in scored]
    calibrated = [(c, y) for _, c, y in scored]
    out = "== meeting-day probability on the lists left out: reliability ==\n"
    out += "p bin       raw: n   mean p  observed   calibrated: n   mean p  observed\n"
    for i, (a, b) in enumerate(zip(_binned(raw), _binned(calibrated), strict=True)):
        out += f"{i / BINS:.1f}-{(i + 1) / BINS:.1f}   {_row(a)}   {_row(b)}\n"
    out += (
        f"expected calibration error over {len(scored)} candidates: raw "
        f"{expected_calibration_error(raw):.3f}, calibrated {expected_calibration_error(calibrated):.3f}\n"
    )
    return out


def _row(b: list[tuple[float, int]]) -> str:
    if not b:
        return f"{0:>5}        -         -"
    return f"{len(b):>5}   {_mean(b):6.3f}    {_rate(b):6.3f}"


def _binned(scored: Sequence[tuple[float, int]]) -> list[list[tuple[float, int]]]:
    bins: list[list[tuple[float, int]]] = [[] for _ in range(BINS)]
    for p, y in scored:
        bins[min(int(p * BINS), BINS - 1)].append((p, y))
    return bins


def _mean(b: list[tuple[float, int]]) -> float:
    return sum(p for p, _ in b) / len(b)


def _rate(b: list[tuple[float, int]]) -> float:
    return sum(y for _, y in b) / len(b)
