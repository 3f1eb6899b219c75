"""Why each date of a message was kept or dropped: every candidate the decision weighed, with its
rules, its weightiest features and the model's probability (``listminder detect --explain``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.detect.decision import DecisionModel, shipped
from bot.detect.features import RULE_PREFIXES
from bot.detect.message import LEARNED_DECISIONS, detect_mail
from bot.detect.model import DetectOptions, Mention
from bot.detect.pipeline import Candidate
from bot.mail.model import Mail


@dataclass(frozen=True, slots=True)
class Considered:
    """One date candidate as the decision saw it.

    ``origin``: own, subject or quoted. ``probability``: the model's (None when deciding by the rules).
    ``kept``: the decision kept it; ``reported``: a mention of that day is in the result (a kept date
    may still go: before the message, merged into a range, or replaced by a calendar part).
    """

    day: date
    origin: str
    evidence: str
    features: tuple[str, ...]
    rule_confidence: float | None
    probability: float | None
    kept: bool
    reported: bool
    # The learned status and time decisions made on it, when the model has them ("status:learned
    # tentative p=0.81 (rules: confirmed)").
    decisions: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(f for f in self.features if f.startswith(RULE_PREFIXES))


def explain(
    mail: Mail,
    options: DetectOptions,
    received_at: datetime | None = None,
    trace: list[Candidate] | None = None,
) -> tuple[list[Mention], list[Considered]]:
    """What ``detect`` returns, and every candidate it weighed on the way (``trace``: when given,
    the candidates themselves are appended to it, for training)."""
    trace = [] if trace is None else trace
    mentions = detect_mail(mail, options, received_at, trace)
    reported = {(m.when.first_day, m.quoted) for m in mentions}
    threshold = None if options.rules_only else (options.model or shipped()).threshold
    return mentions, [_considered(c, threshold, reported) for c in trace]


def _considered(c: Candidate, threshold: float | None, reported: set[tuple[date, bool]]) -> Considered:
    if threshold is None or c.probability is None:
        kept = c.rule_confidence is not None
    else:
        kept = c.probability >= threshold
    return Considered(
        day=c.day,
        origin=c.origin,
        evidence=c.evidence,
        features=tuple(c.features),
        rule_confidence=c.rule_confidence,
        probability=c.probability,
        kept=kept,
        reported=(c.day, c.origin == "quoted") in reported,
        decisions=tuple(w for w in c.why if w.startswith(LEARNED_DECISIONS)),
    )


def explanation_rows(considered: list[Considered], model: DecisionModel, top: int = 6) -> list[str]:
    """Lines for a person: one block per candidate, the weightiest features with their weights."""
    rows: list[str] = []
    for c in considered:
        verdict = "kept" if c.kept else "dropped"
        if c.kept and not c.reported:
            verdict = "kept, not reported"
        score = "rules" if c.probability is None else f"p={c.probability:.2f}"
        rows.append(f"    {c.day.isoformat()}  {c.origin:<7} {score:<7} {verdict}: {c.evidence}")
        rule = "none" if c.rule_confidence is None else f"{c.rule_confidence:.2f}"
        rows.append(f"        rules ({rule}): {' '.join(c.rules) or '-'}")
        weights = model.contributions(c.features)[:top]
        rows.append("        weighed: " + ", ".join(f"{name} {w:+.2f}" for name, w in weights))
        if c.decisions:
            rows.append("        decided: " + "; ".join(c.decisions))
    return rows
