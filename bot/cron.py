"""Cron expressions as the scheduler reads them: the one place a trigger is built from the config."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


def cron_trigger(expression: str, time_zone: str) -> CronTrigger:
    """The trigger of a five-field cron expression, its fields read in ``time_zone`` (an IANA name).

    Raises ``ValueError`` (or ``KeyError`` for an unknown field name) when the expression is malformed.
    """
    return CronTrigger.from_crontab(expression, timezone=ZoneInfo(time_zone))


def next_fire(trigger: CronTrigger, after: datetime) -> datetime | None:
    """The trigger's first fire time at or after ``after``; None when no date ever matches."""
    fire: datetime | None = trigger.get_next_fire_time(None, after)
    return fire
