"""Snapshots read from a real SQLite store: the meetings of a list with their history as changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bot.config import Settings
from bot.detect.model import Mention
from bot.digest.model import ChangeKind
from bot.digest.source import LOOKBACK, StoreSnapshots, changes_of, load_snapshots
from bot.meeting import MeetingStatus
from bot.store import Incoming, MessageState, NewMessage, Store
from tests.digest import stored
from tests.digest.stored import MAG
from tests.meeting_values import changed
from tests.stores import store_settings

ANNOUNCED = datetime(2006, 11, 23, 10, 5, tzinfo=UTC)


async def post(store: Store, number: int, *mentions: Mention, list_name: str = "mmwg") -> None:
    await stored.post(store, number, ANNOUNCED + timedelta(days=number), *mentions, list_name=list_name)


def at_announcement() -> datetime:
    return ANNOUNCED


async def kinds(store: Store, list_name: str = "mmwg") -> list[tuple[str, list[ChangeKind]]]:
    snapshots = await StoreSnapshots(store, clock=at_announcement)(list_name)
    return [(s.title, [change.kind for change in s.changes]) for s in snapshots]


async def test_a_new_meeting_is_a_snapshot_with_its_fields(store: Store) -> None:
    await post(store, 1, MAG)
    [snapshot] = await StoreSnapshots(store, clock=at_announcement)("mmwg")
    [meeting] = await store.meetings()
    assert (snapshot.id, snapshot.uid, snapshot.sequence) == (meeting.id, meeting.uid, 0)
    assert (snapshot.list, snapshot.title, snapshot.when.start, snapshot.when.end) == (
        "mmwg",
        "MAG meeting",
        date(2007, 2, 12),
        None,
    )
    assert (snapshot.status, snapshot.confirm_by, snapshot.location) == (
        MeetingStatus.TENTATIVE,
        date(2006, 12, 31),
        "Geneva",
    )
    assert [change.kind for change in snapshot.changes] == [ChangeKind.NEW]
    assert snapshot.changes[0].at == meeting.created_at


async def test_history_becomes_confirmed_moved_edited_and_cancelled(store: Store) -> None:
    await post(store, 1, MAG)
    await post(store, 2, changed(MAG, status=MeetingStatus.CONFIRMED, confirm_by=None))
    await post(
        store, 3, changed(MAG, status=MeetingStatus.CONFIRMED, confirm_by=None, start=date(2007, 2, 14))
    )
    await post(
        store,
        4,
        changed(
            MAG,
            status=MeetingStatus.CONFIRMED,
            confirm_by=None,
            start=date(2007, 2, 14),
            location="Palais des Nations, Geneva",
        ),
    )
    [meeting] = await store.meetings()
    await store.correct(meeting.id, {"status": MeetingStatus.CANCELLED}, actor="admin")
    [(_, found)] = await kinds(store)
    assert found == [
        ChangeKind.NEW,
        ChangeKind.CONFIRMED,
        ChangeKind.MOVED,
        ChangeKind.EDITED,
        ChangeKind.CANCELLED,
    ]


async def test_a_move_of_start_and_end_together_is_one_move(store: Store) -> None:
    await post(store, 1, changed(MAG, end=date(2007, 2, 13)))
    await post(store, 2, changed(MAG, start=date(2007, 2, 19), end=date(2007, 2, 20)))
    [(_, found)] = await kinds(store)
    assert found == [ChangeKind.NEW, ChangeKind.MOVED]


async def test_only_the_lists_own_and_recent_meetings(store: Store) -> None:
    await post(store, 1, MAG)
    await post(store, 50, changed(MAG, title="other list's call"), list_name="other")
    long_ago = (ANNOUNCED - LOOKBACK - timedelta(days=2)).date()
    await post(store, 60, changed(MAG, title="meeting of two years before", start=long_ago))
    assert [title for title, _ in await kinds(store)] == ["MAG meeting"]
    assert [title for title, _ in await kinds(store, "other")] == ["other list's call"]


async def test_the_command_line_loader_opens_and_closes_the_store(store: Store, tmp_path: Path) -> None:
    await post(store, 1, MAG)
    settings = Settings(store=store_settings(tmp_path / "store.db"))
    [snapshot] = await load_snapshots(settings, "mmwg", ANNOUNCED)
    assert snapshot.title == "MAG meeting"
    assert await load_snapshots(settings, "mmwg", ANNOUNCED + LOOKBACK + timedelta(days=200)) == []


class QueryCount:
    """Counts the queries (SELECTs: not the BEGIN of each transaction) the engine sends to the
    database while it is listening."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.count = 0

    def _seen(self, connection: object, cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.count += 1

    def __enter__(self) -> QueryCount:
        sa.event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._seen)


def announcement(number: int) -> Incoming:
    """A message in a thread of its own announcing meeting ``number`` on a day of its own."""
    key = f"<poll-{number}@example.org>"
    message = NewMessage(
        "mmwg", key, "test", b"Subject: x\n\nx\n", ANNOUNCED, ANNOUNCED, "x", "chair@example.org",
        MessageState.PROCESSED,
    )  # fmt: skip
    meeting = changed(MAG, title=f"Meeting {number}", start=date(2007, 1, 1) + timedelta(days=number))
    return Incoming(message, (meeting,), (key,))


async def test_the_snapshots_of_50_meetings_take_two_queries_whatever_their_number(store: Store) -> None:
    await store.add_messages([announcement(number) for number in range(50)])
    for meeting in (await store.meetings())[::5]:
        await store.correct(meeting.id, {"status": MeetingStatus.CONFIRMED}, actor="admin")
    read = StoreSnapshots(store, clock=at_announcement)
    await read("mmwg")  # the pool's first connection is opened outside the count
    with QueryCount(store.engine.sync_engine) as queries:
        snapshots = await read("mmwg")
    assert queries.count == 2
    assert len(snapshots) == 50
    # The same history as read meeting by meeting.
    for snapshot in snapshots:
        assert snapshot.changes == changes_of(await store.history(snapshot.id))
    assert sum(ChangeKind.CONFIRMED in {c.kind for c in s.changes} for s in snapshots) == 10
