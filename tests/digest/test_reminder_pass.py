"""The per-minute reminder pass over a real store: a constant number of statements per list however
many meetings are due, and a row that cannot be read is skipped without stopping the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from bot.config import StoreSettings
from bot.digest.render import Renderer
from bot.digest.send import FileTransport, Sender
from bot.digest.source import StoreSnapshots
from bot.logs import FIELDS_ATTR
from bot.schedule import DigestSchedule
from bot.store import MessageState, NewMessage, Store
from bot.store.tables import meetings
from tests.digest.meetings import ANNOUNCED, at, mmwg
from tests.digest.stored import mention

NOW = at(2007, 2, 11, 9)


def schedule_for(store: Store, outbox_dir: Path) -> DigestSchedule:
    sender = Sender(store, FileTransport(outbox_dir), "listminder@bot.test", clock=lambda: NOW)
    return DigestSchedule(
        [mmwg(reminders={"before": ["1d", "3d"]})],
        from_address="listminder@bot.test",
        renderer=Renderer(),
        sender=sender,
        snapshots=StoreSnapshots(store, clock=lambda: NOW),
        clock=lambda: NOW,
    )


async def announce(store: Store, count: int) -> None:
    """``count`` meetings of the list, each announced in a thread of its own and due for a reminder at NOW."""
    for n in range(count):
        key = f"<t{n}@example.org>"
        message = NewMessage(
            "mmwg",
            key,
            "test",
            b"Subject: x\n\nx\n",
            ANNOUNCED,
            ANNOUNCED,
            f"Meeting {n}",
            "chair@example.org",
            MessageState.PROCESSED,
        )
        found = mention(title=f"Meeting {n}", uid=f"m{n}@example.org", start=date(2007, 2, 12))
        assert await store.add_message(message, [found], (key,)) is not None


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = store.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_a_pass_reads_in_the_same_number_of_statements_for_2_or_12_due_meetings(
    another_store_settings: Callable[[], StoreSettings], tmp_path: Path
) -> None:
    counts = []
    for count in (2, 12):
        async with await Store.open(another_store_settings()) as store:
            await announce(store, count)
            outbox_dir = tmp_path / f"outbox-{count}"
            schedule = schedule_for(store, outbox_dir)
            await schedule.check()
            assert len(list(outbox_dir.glob("*.eml"))) == count
            # The next minute: every reminder is in the outbox already, and nothing is written again.
            with statements(store) as seen:
                await schedule.check()
            counts.append(len(seen))
    assert counts[0] == counts[1], counts


async def test_a_meeting_row_that_cannot_be_read_is_skipped_and_the_others_are_reminded(
    any_store: Store, tmp_path: Path, caplog: Any
) -> None:
    store = any_store
    await announce(store, 3)
    async with store.engine.begin() as conn:
        bad_id: int = (
            await conn.execute(sa.select(meetings.c.id).where(meetings.c.uid == "m1@example.org"))
        ).scalar_one()
        await conn.execute(sa.update(meetings).where(meetings.c.id == bad_id).values(start_iso="not a date"))
    outbox_dir = tmp_path / "outbox"
    await schedule_for(store, outbox_dir).check()
    written = sorted(path.read_bytes() for path in outbox_dir.glob("*.eml"))
    assert len(written) == 2
    assert all(b"Meeting 1" not in raw for raw in written)
    logged = [getattr(r, FIELDS_ATTR) for r in caplog.records if r.msg == "store.bad_meeting_row"]
    assert [entry["meeting_id"] for entry in logged] == [bad_id]
