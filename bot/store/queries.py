"""Reads and writes of meetings on an open connection; the transaction belongs to the caller."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import clock
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store.merge import FieldValue, MeetingChange, MeetingState
from bot.store.records import HistoryEntry, Meeting, MessageState, uids_named
from bot.store.tables import meeting_history, meeting_threads, meetings, messages
from bot.text import printable

UID_DOMAIN = "listminder"

_EARLIER = meetings.alias("earlier")
# Whether no other list had the meeting's UID before it (a list holds a UID once): what a meeting's UID
# in calendars is made of (records.calendar_uid). The unique index on (uid, list_name) answers it.
FIRST_WITH_UID = sa.not_(
    sa.exists().where(_EARLIER.c.uid == meetings.c.uid, _EARLIER.c.id < meetings.c.id)
).label("first_with_uid")
# What a query of meetings selects for ``meeting_of``.
MEETING_COLUMNS = (meetings, FIRST_WITH_UID)


def as_text(value: FieldValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


async def candidates(
    conn: AsyncConnection,
    list_name: str,
    thread_keys: Collection[str],
    days: Collection[date],
    uids: Collection[str],
) -> list[MeetingState]:
    """The list's meetings a message could name: in its thread, on one of its days, or by UID."""
    in_thread = sa.select(meeting_threads.c.meeting_id).where(meeting_threads.c.thread_key.in_(thread_keys))
    query = (
        sa.select(meetings, meeting_threads.c.thread_key)
        .outerjoin(meeting_threads, meeting_threads.c.meeting_id == meetings.c.id)
        .where(
            meetings.c.list_name == list_name,
            sa.or_(meetings.c.id.in_(in_thread), meetings.c.start_day.in_(days), meetings.c.uid.in_(uids)),
        )
    )
    # One row per meeting and thread key, in a single round trip.
    rows: dict[int, RowMapping] = {}
    keys: dict[int, set[str]] = {}
    for row in (await conn.execute(query)).mappings():
        rows.setdefault(row["id"], row)
        keys.setdefault(row["id"], set()).add(row["thread_key"])
    return [_state(row, frozenset(keys[meeting_id] - {None})) for meeting_id, row in rows.items()]


async def thread_meetings(
    conn: AsyncConnection, list_name: str, keys: Collection[str], made_by: str | None = None
) -> list[Meeting]:
    """The list's meetings tied to any of the messages ``keys`` name, in order of their day, but for
    those the message ``made_by`` created (a message read again must not find its own meetings)."""
    if not keys:
        return []
    tied = sa.select(meeting_threads.c.meeting_id).where(meeting_threads.c.thread_key.in_(keys))
    where = [meetings.c.list_name == list_name, meetings.c.id.in_(tied)]
    if made_by is not None:
        made = (
            sa.select(meeting_history.c.meeting_id)
            .join(messages, messages.c.id == meeting_history.c.message_id)
            .where(meeting_history.c.action == "created", messages.c.key == made_by)
        )
        where.append(meetings.c.id.not_in(made))
    query = sa.select(meetings).where(*where).order_by(meetings.c.start_day, meetings.c.id)
    return [meeting_of(row) for row in (await conn.execute(query)).mappings()]


async def meetings_with_uids(conn: AsyncConnection, list_name: str, uids: Collection[str]) -> list[Meeting]:
    """The list's meetings that ``uids`` name, as mail or the list's own calendars write them."""
    if not uids:
        return []
    query = (
        sa.select(*MEETING_COLUMNS)
        .where(meetings.c.list_name == list_name, meetings.c.uid.in_(uids_named(uids, list_name)))
        .order_by(meetings.c.start_day, meetings.c.id)
    )
    return [meeting_of(row) for row in (await conn.execute(query)).mappings()]


async def ignored_raws(
    conn: AsyncConnection, list_name: str, keys: Collection[str]
) -> list[tuple[bytes, str]]:
    """The kept bytes (and codec) of the messages ``keys`` name that were never read for meetings."""
    if not keys:
        return []
    query = sa.select(messages.c.raw, messages.c.raw_codec).where(
        messages.c.list_name == list_name,
        messages.c.key.in_(keys),
        messages.c.state == MessageState.IGNORED.value,
    )
    return [(row.raw, row.raw_codec) for row in await conn.execute(query)]


async def keys_with_subject_ending(
    conn: AsyncConnection, list_name: str, ending: str, since: datetime, until: datetime
) -> list[tuple[str, str]]:
    """(key, subject) of the list's messages dated in [since, until] whose Subject ends with ``ending``:
    the index on the date bounds the scan."""
    query = sa.select(messages.c.key, messages.c.subject).where(
        messages.c.list_name == list_name,
        messages.c.date >= since,
        messages.c.date <= until,
        messages.c.subject.endswith(ending, autoescape=True),
    )
    return [(row.key, row.subject) for row in await conn.execute(query)]


async def known_keys(conn: AsyncConnection, list_name: str, keys: Collection[str]) -> set[str]:
    if not keys:
        return set()
    query = sa.select(messages.c.key).where(messages.c.list_name == list_name, messages.c.key.in_(keys))
    return set((await conn.execute(query)).scalars())


def insert_new(conn: AsyncConnection, table: sa.Table) -> sqlite.Insert | postgresql.Insert:
    """An INSERT that can be told to skip rows already there (the dialects spell it alike)."""
    return postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)


async def any_message(conn: AsyncConnection, list_name: str, keys: Collection[str]) -> bool:
    if not keys:
        return False
    query = (
        sa.select(messages.c.id).where(messages.c.list_name == list_name, messages.c.key.in_(keys)).limit(1)
    )
    return (await conn.execute(query)).first() is not None


async def state_of(conn: AsyncConnection, meeting_id: int) -> MeetingState | None:
    row = (await conn.execute(sa.select(meetings).where(meetings.c.id == meeting_id))).mappings().first()
    if row is None:
        return None
    threads = await _thread_keys(conn, [meeting_id])
    return _state(row, threads.get(meeting_id, frozenset()))


async def save(
    conn: AsyncConnection, change: MeetingChange, *, list_name: str, message_id: int | None, actor: str
) -> int:
    """Write one merge result with its history; return the meeting's id."""
    if change.before is None:
        return await _insert(conn, change.after, list_name=list_name, message_id=message_id, actor=actor)
    await _update(conn, change, message_id=message_id, actor=actor)
    assert change.before.id is not None
    return change.before.id


async def _insert(
    conn: AsyncConnection, state: MeetingState, *, list_name: str, message_id: int | None, actor: str
) -> int:
    stamp = clock.now()
    uid = state.uid or f"{uuid.uuid4()}@{UID_DOMAIN}"
    values = {**_columns(state), "list_name": list_name, "uid": uid, "sequence": 0}
    result = await conn.execute(
        sa.insert(meetings).values({**values, "created_at": stamp, "updated_at": stamp})
    )
    key = result.inserted_primary_key
    assert key is not None
    meeting_id = int(key[0])
    await _add_thread_keys(conn, meeting_id, state.thread_keys)
    summary = json.dumps({name: as_text(state.value(name)) for name in _SUMMARY})
    await conn.execute(
        sa.insert(meeting_history).values(
            meeting_id=meeting_id, message_id=message_id, actor=actor, action="created",
            field=None, old=None, new=summary, sequence=0, at=stamp,
        )
    )  # fmt: skip
    return meeting_id


async def _update(
    conn: AsyncConnection, change: MeetingChange, *, message_id: int | None, actor: str
) -> None:
    before, after = change.before, change.after
    assert before is not None and before.id is not None
    stamp = clock.now()
    values: dict[str, Any] = _columns(after)
    if change.changes:
        values["sequence"] = meetings.c.sequence + 1
        values["updated_at"] = stamp
    await _add_thread_keys(conn, before.id, after.thread_keys - before.thread_keys)
    if values == _columns(before):
        return  # only the thread grew
    update = sa.update(meetings).where(meetings.c.id == before.id).values(values)
    sequence: int = (await conn.execute(update.returning(meetings.c.sequence))).scalar_one()
    if not change.changes:
        return
    action = "corrected" if message_id is None else "changed"
    await conn.execute(
        sa.insert(meeting_history),
        [
            {"meeting_id": before.id, "message_id": message_id, "actor": actor, "action": action,
             "field": item.field, "old": as_text(item.old), "new": as_text(item.new),
             "sequence": sequence, "at": stamp}
            for item in change.changes
        ],
    )  # fmt: skip


async def _add_thread_keys(conn: AsyncConnection, meeting_id: int, keys: Iterable[str]) -> None:
    rows = [{"meeting_id": meeting_id, "thread_key": key} for key in sorted(keys)]
    if rows:
        await conn.execute(sa.insert(meeting_threads), rows)


async def _thread_keys(conn: AsyncConnection, ids: Sequence[int]) -> dict[int, frozenset[str]]:
    if not ids:
        return {}
    query = sa.select(meeting_threads.c.meeting_id, meeting_threads.c.thread_key).where(
        meeting_threads.c.meeting_id.in_(ids)
    )
    found: dict[int, set[str]] = {}
    for row in (await conn.execute(query)).mappings():
        found.setdefault(row["meeting_id"], set()).add(row["thread_key"])
    return {meeting_id: frozenset(keys) for meeting_id, keys in found.items()}


_SUMMARY = ("title", "start", "end", "location", "status", "confirm_by")


def _columns(state: MeetingState) -> dict[str, Any]:
    when = state.when
    return {
        "title": state.title,
        "start_iso": when.start_iso,
        "end_iso": when.end_iso,
        "start_day": when.first_day,
        "all_day": when.all_day,
        "time_zone": when.time_zone,
        "location": state.location,
        "status": state.status.value,
        "confirm_by": state.confirm_by,
        "quoted_only": state.quoted_only,
        "field_dates": {name: when.isoformat() for name, when in sorted(state.field_dates.items())},
        "corrected": sorted(state.corrected),
        # One line without controls: PostgreSQL refuses NUL, and calendars fold the DESCRIPTION anyway.
        "evidence": printable(state.evidence) if state.evidence else None,
    }


def _state(row: RowMapping, thread_keys: frozenset[str]) -> MeetingState:
    dates: Mapping[str, str] = row["field_dates"]
    return MeetingState(
        id=row["id"],
        uid=row["uid"],
        details=_details(row),
        thread_keys=thread_keys,
        field_dates={name: datetime.fromisoformat(text) for name, text in dates.items()},
        corrected=frozenset(row["corrected"]),
        quoted_only=row["quoted_only"],
        evidence=row["evidence"],
    )


def _details(row: RowMapping) -> MeetingDetails:
    # The all_day column is kept for readers of the table; the start's kind is what says it.
    end = When.parse_point(row["end_iso"]) if row["end_iso"] else None
    return MeetingDetails(
        title=row["title"],
        when=When(When.parse_point(row["start_iso"]), end, row["time_zone"]),
        location=row["location"],
        status=MeetingStatus(row["status"]),
        confirm_by=row["confirm_by"],
    )


def meeting_of(row: RowMapping) -> Meeting:
    return Meeting(
        id=row["id"],
        list_name=row["list_name"],
        uid=row["uid"],
        sequence=row["sequence"],
        details=_details(row),
        quoted_only=row["quoted_only"],
        corrected=frozenset(row["corrected"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        evidence=row["evidence"],
        first_with_uid=bool(row.get("first_with_uid", True)),
    )


def history_of(row: RowMapping) -> HistoryEntry:
    return HistoryEntry(
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        field=row["field"],
        old=row["old"],
        new=row["new"],
        sequence=row["sequence"],
        message_key=row["key"],
    )
