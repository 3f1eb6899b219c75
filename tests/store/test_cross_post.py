"""An invitation cross-posted to two lists (a working group's call announced on its own list and on its
parent list) is a meeting of each list, on both engines. The UID alone was unique across all lists: the
first list got the meeting and the second list's copy was quarantined."""

from __future__ import annotations

import asyncio
import importlib
import smtplib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import icalendar
import pytest
import sqlalchemy as sa

from bot.config import ListenerSettings, ListSettings, StoreSettings
from bot.digest.ics import CalendarOptions, calendar
from bot.digest.source import StoreSnapshots
from bot.errors import AmbiguousMeeting
from bot.ingest import Ingestor, reprocess_all
from bot.sources.smtp import MailListener
from bot.store import MessageState, Store
from bot.store.engine import create_engine
from bot.store.migrate import current_revision, head_revision, upgrade
from bot.store.tables import meetings
from tests.store.conftest import Installation
from tests.store.test_storable import invitation

BOT = "listminder@bot.test"
WG = ListSettings(name="wg", address="wg@lists.test", timezone="UTC")
PARENT = ListSettings(name="parent", address="parent@lists.test", timezone="UTC")
UID = "board-call-2026@calendar.example.org"
RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# The schema before a meeting was (list, UID): whatever the revision making it so follows.
BEFORE = importlib.import_module("bot.store.migrations.versions.v0009_meeting_uid_per_list").down_revision


@pytest.fixture
def intake(store: Store) -> Ingestor:
    return Ingestor(store, [WG, PARENT], BOT)


@pytest.fixture
async def listener(intake: Ingestor) -> AsyncIterator[MailListener]:
    served = MailListener(
        ListenerSettings(port=0), {WG.address: WG.name, PARENT.address: PARENT.name}, intake
    )
    task = asyncio.create_task(served.run())
    await asyncio.wait_for(served.started(), 5)
    yield served
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def deliver(listener: MailListener, recipients: list[str], raw: bytes) -> None:
    assert listener.port is not None
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=30) as client:
        # sendmail raises on any refusal (a 451 included); {} means every recipient took it.
        assert client.sendmail("chair@example.org", recipients, raw) == {}


async def by_list(store: Store) -> list[tuple[str, str, int]]:
    """(list, day, SEQUENCE) of every meeting."""
    return sorted((m.list_name, m.when.first_day.isoformat(), m.sequence) for m in await store.meetings())


async def test_a_cross_posted_invitation_is_a_meeting_of_each_list_and_its_update_moves_both(
    listener: MailListener, store: Store
) -> None:
    # One transaction to both lists, as an MTA delivers a message addressed to both.
    await asyncio.to_thread(deliver, listener, [WG.address, PARENT.address], invitation(UID))
    assert await by_list(store) == [("parent", "2026-03-12", 0), ("wg", "2026-03-12", 0)]
    assert await store.message_counts() == {MessageState.PROCESSED.value: 2}

    # The update arrives as each list server sends it on: two deliveries of the same message.
    moved = invitation(UID, message_id="<moved@example.org>", start="20260313T150000Z", sequence=1)
    await asyncio.to_thread(deliver, listener, [WG.address], moved)
    await asyncio.to_thread(deliver, listener, [PARENT.address], moved)
    assert await by_list(store) == [("parent", "2026-03-13", 1), ("wg", "2026-03-13", 1)]
    assert await store.message_counts() == {MessageState.PROCESSED.value: 4}
    assert {m.uid for m in await store.meetings()} == {UID}


async def test_each_list_calendar_has_an_event_of_its_own_that_keeps_its_uid(
    intake: Ingestor, store: Store
) -> None:
    await intake(invitation(UID), list_name="wg", received_at=RECEIVED, source="test")
    first = await event_uids(store, "wg")
    await intake(invitation(UID), list_name="parent", received_at=RECEIVED, source="test")
    wg, parent = await event_uids(store, "wg"), await event_uids(store, "parent")
    # The first list keeps the organiser's UID (its subscribers' events stay theirs); the second list's
    # event is another one, or a calendar subscribed to both would merge two histories into one event.
    assert first == wg == [UID]
    assert parent == [f"parent/{UID}"]
    moved = invitation(UID, message_id="<moved@example.org>", start="20260313T150000Z", sequence=1)
    for name in ("parent", "wg"):
        await intake(moved, list_name=name, received_at=RECEIVED, source="test")
    assert (await event_uids(store, "wg"), await event_uids(store, "parent")) == (wg, parent)


async def event_uids(store: Store, list_name: str) -> list[str]:
    snapshots = await StoreSnapshots(store, clock=lambda: RECEIVED)(list_name)
    raw = calendar(snapshots, CalendarOptions("UTC", BOT), at=RECEIVED, name=list_name)
    return [str(event["UID"]) for event in icalendar.Calendar.from_ical(raw).walk("VEVENT")]


async def test_a_uid_of_several_lists_names_a_meeting_only_with_its_list(
    intake: Ingestor, store: Store
) -> None:
    for name in ("wg", "parent"):
        await intake(invitation(UID), list_name=name, received_at=RECEIVED, source="test")
    with pytest.raises(AmbiguousMeeting) as ambiguous:
        await store.meeting(UID)
    assert ambiguous.value.lists == ["parent", "wg"]
    wg, parent = await store.meeting(UID, list_name="wg"), await store.meeting(UID, list_name="parent")
    assert wg is not None and parent is not None and wg.id != parent.id
    # The second list's UID as its calendars show it names its meeting alone.
    found = await store.meeting(parent.calendar_uid)
    assert found is not None and found.id == parent.id
    assert await store.meeting(UID, list_name="other") is None


async def test_copies_quarantined_before_the_upgrade_get_their_meeting_when_read_again(
    any_store_settings: StoreSettings,
) -> None:
    engine = create_engine(any_store_settings.url)
    try:
        await upgrade(engine, BEFORE)
        old = Ingestor(Store(engine), [WG, PARENT], BOT)
        for name in ("wg", "parent"):
            await old(invitation(UID), list_name=name, received_at=RECEIVED, source="test")
        async with engine.connect() as conn:
            states = (await conn.execute(sa.text("select list_name, state from messages"))).all()
        assert sorted(tuple(row) for row in states) == [("parent", "quarantined"), ("wg", "processed")]
    finally:
        await engine.dispose()
    async with await Store.open(any_store_settings) as store:
        assert await current_revision(store.engine) == head_revision()
        # The meeting made before the upgrade is still there, with its thread and history.
        [kept] = await store.meetings()
        assert kept.list_name == "wg" and len(await store.history(kept.id)) == 1
        await reprocess_all(Ingestor(store, [WG, PARENT], BOT))
        assert await by_list(store) == [("parent", "2026-03-12", 0), ("wg", "2026-03-12", 0)]
        assert await store.message_counts() == {MessageState.PROCESSED.value: 2}
        # A list still holds a UID once.
        with pytest.raises(sa.exc.IntegrityError):
            async with store.engine.begin() as conn:
                row = (await conn.execute(sa.select(meetings).where(meetings.c.list_name == "wg"))).mappings()
                values = {k: v for k, v in next(iter(row)).items() if k != "id"}
                await conn.execute(sa.insert(meetings).values(values))


def test_the_command_line_asks_for_the_list_of_a_uid_that_several_lists_hold(site: Installation) -> None:
    folder = site.folder / "mail"
    folder.mkdir()
    (folder / "invite.eml").write_bytes(invitation(UID))
    for name in ("mmwg", "other"):
        site.run("ingest", "--list", name, str(folder / "invite.eml"))
    refused = site.attempt("meeting", "cancel", UID)
    assert refused.returncode != 0
    assert "mmwg, other" in refused.stderr and "--list" in refused.stderr
    assert {m["status"] for m in site.meetings()} == {"confirmed"}

    cancelled = site.run("meeting", "cancel", UID, "--list", "other")
    assert "status" in cancelled and "cancelled" in cancelled
    listed = {m["list"]: (m["status"], m["calendar_uid"]) for m in site.meetings()}
    assert listed == {"mmwg": ("confirmed", UID), "other": ("cancelled", f"other/{UID}")}
    # The UID a later list's calendars show names that list's meeting without --list.
    assert "other" in site.run("meeting", "show", f"other/{UID}")
    missing = site.attempt("meeting", "show", UID, "--list", "nowhere")
    assert missing.returncode != 0 and "no meeting" in missing.stderr
