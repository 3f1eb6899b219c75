"""The periods of a digest: the cron's fire times, and the period a moment falls in.

A digest belongs to a period, named by the cron's last fire time at or before the moment it is made;
its outbox key is (list, kind, period), which is what makes a run idempotent. APScheduler 3 only looks
forward (``get_next_fire_time``), so the fire time before a moment is found by looking forward from a
little earlier.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from bot.cron import cron_trigger

# Widening look-backs for the previous fire time: a few steps for any cron, from every minute to
# once a year (29 February included).
_LOOKBACKS = tuple(timedelta(days=days) for days in (1 / 24, 1, 8, 32, 367, 4 * 366 + 1))


def previous_fire(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The trigger's last fire time at or before ``now``."""
    for lookback in _LOOKBACKS:
        fire: datetime | None = trigger.get_next_fire_time(None, now - lookback)
        if fire is None or fire > now:
            continue
        while True:
            following: datetime | None = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
            if following is None or following > now:
                return fire
            fire = following
    return None


def fire_before(trigger: CronTrigger, fire: datetime) -> datetime | None:
    """The fire time before ``fire``: when the digest before this one was made (what is new since)."""
    return previous_fire(trigger, fire - timedelta(seconds=1))


def period_text(fire: datetime) -> str:
    """A digest's period is named by the scheduled time it belongs to, in UTC to the minute."""
    return fire.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def period_of(cron: str, time_zone: str, at: datetime) -> tuple[str, datetime | None]:
    """The period ``at`` falls in, and the time of the digest before it (what changes are new since).

    Before the cron's first fire time, ``at`` names its own period and nothing came before it.
    """
    trigger = cron_trigger(cron, time_zone)
    fire = previous_fire(trigger, at)
    if fire is None:
        return period_text(at), None
    return period_text(fire), fire_before(trigger, fire)
