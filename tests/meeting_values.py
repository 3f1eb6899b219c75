"""Meetings changed by hand in tests, field by field, whichever record wraps them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from bot.detect.model import Mention
from bot.digest.model import MeetingSnapshot
from bot.store.merge import MeetingState
from bot.store.records import Meeting

Record = TypeVar("Record", Mention, MeetingState, Meeting, MeetingSnapshot)

_WHEN = ("start", "end", "time_zone")
_DETAILS = ("title", "location", "status", "confirm_by")


def changed(record: Record, **changes: Any) -> Record:
    """``record`` with ``changes``: its own fields, its details' (title, location, status, confirm_by) or
    its time's (start, end, time_zone). ``all_day`` follows from the start; when given, it is checked."""
    all_day = changes.pop("all_day", None)
    when = replace(record.details.when, **{k: changes.pop(k) for k in _WHEN if k in changes})
    details = replace(record.details, when=when, **{k: changes.pop(k) for k in _DETAILS if k in changes})
    assert all_day is None or details.when.all_day == all_day, "all_day disagrees with the start"
    return replace(record, details=details, **changes)
