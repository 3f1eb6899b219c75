"""(source, Mail, [Mention]) -> the `detect --json` object of DESIGN.md, and the readable table rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.detect.decision import DecisionModel
from bot.detect.explain import Considered
from bot.detect.model import Mention
from bot.mail.model import Mail


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def mention_dict(m: Mention) -> dict[str, Any]:
    return {
        "title": m.title,
        "start": m.when.start_iso,
        "end": m.when.end_iso,
        "all_day": m.when.all_day,
        "time_zone": m.when.time_zone,
        "location": m.location,
        "status": str(m.status),
        "confirm_by": _iso(m.confirm_by),
        "quoted": m.quoted,
        "confidence": m.confidence,
        "evidence": m.evidence,
        "why": list(m.why),
        "language": m.language,
    }


def considered_dict(c: Considered, model: DecisionModel, top: int = 8) -> dict[str, Any]:
    """One date candidate for `detect --explain --json`: what decided it and why."""
    return {
        "date": c.day.isoformat(),
        "origin": c.origin,
        "probability": None if c.probability is None else round(c.probability, 4),
        "rule_confidence": c.rule_confidence,
        "kept": c.kept,
        "reported": c.reported,
        "rules": list(c.rules),
        "weighed": [[name, weight] for name, weight in model.contributions(c.features)[:top]],
        "decisions": list(c.decisions),
        "evidence": c.evidence,
    }


def message_dict(source: str, mail: Mail, mentions: list[Mention]) -> dict[str, Any]:
    return {
        "source": source,
        "message_id": mail.message_id,
        "date": _iso(mail.date),
        "subject": mail.subject,
        "meetings": [mention_dict(m) for m in mentions],
        "error": None,
    }


def unreadable_dict(source: str, reason: str) -> dict[str, Any]:
    """The `detect --json` line of an input that holds no message: the keys of a message, and why."""
    return {
        "source": source,
        "message_id": None,
        "date": None,
        "subject": None,
        "meetings": [],
        "error": reason,
    }


def table_rows(source: str, mail: Mail, mentions: list[Mention]) -> list[str]:
    """Lines for a human: the message, then one indented line per meeting."""
    head = f"{source}  {_iso(mail.date) or '-'}  {mail.subject}"
    rows = [head]
    for m in mentions:
        when = m.when.span_text
        flags = " (quoted)" if m.quoted else ""
        confirm = f" confirm by {m.confirm_by.isoformat()}" if m.confirm_by else ""
        rows.append(f"    {when:<28} {m.status!s:<9} {m.title}{flags}  @ {m.location or '-'}{confirm}")
    if not mentions:
        rows.append("    (no meetings)")
    return rows
