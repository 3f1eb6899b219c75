"""An invitation cross-posted to two lists, in each list's calendars over real HTTP: the first list's
feed keeps the organiser's UID, the other's has an event of its own, and a meeting's own .ics carries
the UID of its list's feed (importing it updates the event the feed made, and only that one)."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from bot.config import ListSettings
from bot.ingest import Ingestor
from bot.store import Store
from tests.store.test_storable import invitation
from tests.web.conftest import BOT, StartWeb

UID = "call@example.org"
WG = ListSettings(name="wg", address="wg@lists.test", timezone="UTC")
PARENT = ListSettings(name="parent", address="parent@lists.test", timezone="UTC")
BEFORE_THE_CALL = datetime(2026, 3, 3, 9, tzinfo=UTC)


def uids(body: bytes) -> list[str]:
    return [str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")]


async def test_each_list_feed_and_meeting_file_has_the_lists_own_uid(
    store: Store, start_web: StartWeb
) -> None:
    intake = Ingestor(store, [WG, PARENT], BOT)
    for name in ("wg", "parent"):
        await intake(invitation(UID), list_name=name, received_at=BEFORE_THE_CALL, source="test")
    web = await start_web(WG, PARENT, now=BEFORE_THE_CALL)
    for item, expected in ((WG, UID), (PARENT, f"parent/{UID}")):
        status, _, feed = await web.get(f"/lists/{item.name}/meetings.ics")
        assert status == 200 and uids(feed) == [expected]
        [meeting] = await store.meetings(list_name=item.name)
        status, _, own = await web.get(f"/meetings/{meeting.id}.ics")
        assert status == 200 and uids(own) == [expected]
