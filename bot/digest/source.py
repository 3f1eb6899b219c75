"""Where digests get their meetings from: the store, read through an adapter that makes snapshots."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

from bot.clock import Clock, now
from bot.config import Settings, StoreSettings
from bot.digest.model import Change, ChangeKind, MeetingSnapshot
from bot.errors import StoreMissing
from bot.store import HistoryEntry, Meeting, Store, open_store
from bot.store.engine import sqlite_path

# Meetings that began longer ago than this are left out: none of them can still be running, so no
# digest shows them, and a list's years of past meetings are not read again every minute.
LOOKBACK = timedelta(days=366)
_MOVES = frozenset({"start", "end"})
_STATUS_CHANGES = {"confirmed": ChangeKind.CONFIRMED, "cancelled": ChangeKind.CANCELLED}


class SnapshotSource(Protocol):
    """The meetings of one list as snapshots, with their changes (the daemon's view of the store)."""

    async def __call__(self, list_name: str) -> Sequence[MeetingSnapshot]: ...


def change_kind(entry: HistoryEntry) -> ChangeKind:
    if entry.action == "created":
        return ChangeKind.NEW
    if entry.field == "status" and entry.new in _STATUS_CHANGES:
        return _STATUS_CHANGES[entry.new]
    return ChangeKind.MOVED if entry.field in _MOVES else ChangeKind.EDITED


def changes_of(history: Iterable[HistoryEntry]) -> tuple[Change, ...]:
    """The history as digests read it, oldest first; a move of both start and end is one move."""
    changes: list[Change] = []
    for entry in history:
        kind = change_kind(entry)
        old = entry.old if kind is ChangeKind.MOVED and entry.field == "start" else None
        same = next((c for c in changes if (c.kind, c.at) == (kind, entry.at)), None)
        if same is None:
            changes.append(Change(kind, entry.at, old))
        elif old is not None and same.old is None:
            changes[changes.index(same)] = Change(kind, entry.at, old)
    return tuple(changes)


def snapshot_of(meeting: Meeting, history: Iterable[HistoryEntry]) -> MeetingSnapshot:
    return MeetingSnapshot(
        id=meeting.id,
        list=meeting.list_name,
        # The list's own UID for calendars: a meeting cross-posted to two lists is two events.
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        details=meeting.details,
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
        changes=changes_of(history),
        evidence=meeting.evidence,
    )


@runtime_checkable
class UpcomingSource(Protocol):
    """Snapshots of several lists' meetings that start within some days, read at once."""

    async def upcoming(
        self, list_names: Collection[str], first_day: date, last_day: date
    ) -> dict[str, list[MeetingSnapshot]]: ...


class StoreSnapshots:
    """The SnapshotSource over an open store, as seen at ``clock()`` (the daemon's now, or the time a
    preview is composed for)."""

    def __init__(self, store: Store, clock: Clock = now) -> None:
        self.store = store
        self.clock = clock

    async def __call__(self, list_name: str) -> list[MeetingSnapshot]:
        since = (self.clock() - LOOKBACK).date()
        found = await self.store.meetings_with_history(list_name=list_name, start_from=since)
        return [snapshot_of(meeting, history) for meeting, history in found]

    async def upcoming(
        self, list_names: Collection[str], first_day: date, last_day: date
    ) -> dict[str, list[MeetingSnapshot]]:
        """The meetings of these lists that start from ``first_day`` to ``last_day``, by list."""
        found = await self.store.lists_meetings_with_history(
            list_names, start_from=first_day, start_until=last_day
        )
        return {name: [snapshot_of(m, history) for m, history in pairs] for name, pairs in found.items()}


def missing_store_file(settings: StoreSettings) -> Path | None:
    """The SQLite file the settings name, when it does not exist (opening it would create it)."""
    path = sqlite_path(settings.url)
    return None if path is None or path.exists() else path


def require_store(settings: StoreSettings) -> None:
    """Refuse to read a store that is not there: opening it would leave an empty one behind, and a
    digest of nothing would hide that the command ran in the wrong folder or with the wrong config."""
    missing = missing_store_file(settings)
    if missing is not None:
        raise StoreMissing(
            f"no store at {missing} (store.url = {settings.url!r}): "
            "ingest mail or run the daemon first, or give the --config that names the store"
        )


async def load_snapshots(settings: Settings, list_name: str, at: datetime) -> list[MeetingSnapshot]:
    """The meetings of a list as at ``at``, from the store named by ``settings.store`` (for the
    command line, which opens the store for one read and closes it); StoreMissing when there is none."""
    require_store(settings.store)
    async with open_store(settings.store) as store:
        return await StoreSnapshots(store, clock=lambda: at)(list_name)
