"""Meetings built by hand for the digest tests: the seed thread's two, and variations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import ListSettings
from bot.digest.model import MeetingSnapshot
from bot.meeting import MeetingDetails, MeetingStatus, When
from tests.meeting_values import changed

ZURICH = ZoneInfo("Europe/Zurich")
UTC = ZoneInfo("UTC")
# The seed's announcement (23 Nov 2006) is when the store first learnt of both meetings.
ANNOUNCED = datetime(2006, 11, 23, 11, 5, 12, tzinfo=ZURICH)

MAG = MeetingSnapshot(
    id=1,
    list="mmwg",
    uid="20061123-mag-meeting@listminder.test",
    sequence=0,
    details=MeetingDetails(
        title="MAG meeting",
        when=When(date(2007, 2, 12)),
        location="Geneva",
        status=MeetingStatus.TENTATIVE,
        confirm_by=date(2006, 12, 31),
    ),
    created_at=ANNOUNCED,
    updated_at=ANNOUNCED,
)
CONSULTATIONS = changed(
    MAG,
    id=2,
    uid="20061123-open-consultations@listminder.test",
    title="open consultations",
    start=date(2007, 2, 13),
)
SEED = (MAG, CONSULTATIONS)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, zone: ZoneInfo = ZURICH) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def meeting(**changes: Any) -> MeetingSnapshot:
    return changed(MAG, **changes)


def mmwg(**changes: Any) -> ListSettings:
    values: dict[str, Any] = {
        "name": "mmwg",
        "address": "mmwg@wsis-cs.org",
        "timezone": "Europe/Zurich",
        "admins": ["chair@example.org"],
        "digests": {
            "reminder": {"cron": "0 8 * * MON", "horizon_days": 14},
            "pending": {"cron": "0 9 * * MON", "horizon_days": 90},
        },
        "reminders": {"before": ["7d", "1d"]},
    }
    values.update(changes)
    return ListSettings(**values)
