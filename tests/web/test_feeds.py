"""The calendars over real HTTP: the list's feed and a meeting's .ics, read by two independent parsers,
and conditional GET (ETag / If-None-Match, Last-Modified / If-Modified-Since)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar
from ical.calendar_stream import IcsCalendarStream

from bot.config import WebSettings
from bot.meeting import MeetingStatus
from bot.store import Store
from bot.store.merge import FieldValue
from bot.store.records import Meeting
from tests.web.conftest import MMWG, StartWeb, ingest_files

ANNOUNCE = "mmwg-1-announce.eml"


async def seeded(store: Store, shared_dir: Path) -> Meeting:
    """The seed's announcement taken in; its MAG meeting, which the tests change and look for."""
    await ingest_files(store, [MMWG], shared_dir / "seed" / ANNOUNCE)
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    return mag


async def test_the_feed_is_a_calendar_both_parsers_read_with_every_meeting(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await seeded(store, shared_dir)
    web = await start_web()
    status, headers, body = await web.get("/lists/mmwg/meetings.ics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(m.title for m in await store.meetings())
    assert {str(e["STATUS"]) for e in events} == {"TENTATIVE"}
    # The seed's meetings are whole days: no time, so no zone to describe.
    assert all(type(e.decoded("DTSTART")) is date for e in events)
    second = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    assert sorted(str(e.uid) for e in second.events) == sorted(str(e["UID"]) for e in events)


async def test_an_unchanged_feed_is_answered_304_by_its_etag_and_by_its_date(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await seeded(store, shared_dir)
    web = await start_web()
    _, headers, _ = await web.get("/lists/mmwg/meetings.ics")
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, again, rest = await web.get("/lists/mmwg/meetings.ics", **{"If-None-Match": etag})
    assert (status, rest, again["ETag"]) == (304, b"", etag)
    status, _, _ = await web.get("/lists/mmwg/meetings.ics", **{"If-Modified-Since": modified})
    assert status == 304
    status, _, _ = await web.get("/lists/mmwg/meetings.ics", **{"If-None-Match": '"other"'})
    assert status == 200


async def test_a_change_to_a_meeting_changes_the_feeds_validator_and_body(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    web = await start_web()
    _, headers, _ = await web.get("/lists/mmwg/meetings.ics")
    await store.correct(mag.id, {"status": MeetingStatus.CONFIRMED}, actor="admin carol")
    status, after, body = await web.get("/lists/mmwg/meetings.ics", **{"If-None-Match": headers["ETag"]})
    assert status == 200 and after["ETag"] != headers["ETag"]
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert str(events[mag.uid]["STATUS"]) == "CONFIRMED"
    assert events[mag.uid].get("SEQUENCE") == 1


async def test_a_cancelled_meeting_stays_in_the_feed_for_the_retention_then_leaves(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    # Moved ahead of the clock first: a meeting long past leaves a feed whatever its status.
    values: dict[str, FieldValue] = {"status": MeetingStatus.CANCELLED, "start": date(2031, 2, 12)}
    cancelled = await store.correct(mag.id, values, actor="admin carol")
    soon = await start_web(now=cancelled.updated_at + timedelta(days=29))
    _, _, body = await soon.get("/lists/mmwg/meetings.ics")
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert statuses[mag.uid] == "CANCELLED"
    later = await start_web(now=cancelled.updated_at + timedelta(days=31))
    _, _, body = await later.get("/lists/mmwg/meetings.ics")
    assert mag.uid.encode() not in body


def descriptions(body: bytes) -> dict[str, str]:
    """Each event's DESCRIPTION by SUMMARY, on one line (calendars may fold it anywhere)."""
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return {str(e["SUMMARY"]): " ".join(str(e["DESCRIPTION"]).split()) for e in events}


async def test_the_feeds_events_quote_the_sentence_of_the_message_that_last_changed_them(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    web = await start_web()
    _, headers, body = await web.get("/lists/mmwg/meetings.ics")
    announced = "The MAG will tentatively meet on 12 Febraury to do it own stock taking"
    found = descriptions(body)
    assert found.keys() == {"MAG meeting", "open consultations"}
    assert all(announced in text for text in found.values())
    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-3-confirmed.eml")
    status, _, body = await web.get("/lists/mmwg/meetings.ics", **{"If-None-Match": headers["ETag"]})
    assert status == 200
    confirmed = "The dates for the stock taking are now confirmed"
    assert all(confirmed in text and announced not in text for text in descriptions(body).values())
    _, _, alone = await web.get(f"/meetings/{mag.id}.ics")
    assert confirmed in descriptions(alone)["MAG meeting"]


async def test_one_meeting_has_a_calendar_of_its_own(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    web = await start_web()
    status, headers, body = await web.get(f"/meetings/{mag.id}.ics")
    assert status == 200 and "ETag" in headers
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["UID"]) == mag.uid
    # The sentence the meeting was read from, as the store keeps it.
    assert "tentatively meet on 12 Febraury" in str(event["DESCRIPTION"]).replace("\n", " ")
    status, _, _ = await web.get(f"/meetings/{mag.id}.ics", **{"If-None-Match": headers["ETag"]})
    assert status == 304


async def test_the_feed_carries_the_daemons_organizer_refresh_and_page_links(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    settings = WebSettings(port=0, public_base_url="https://lists.example.org/m", feed_refresh_minutes=30)
    web = await start_web(settings=settings, organizer="bot@example.org")
    _, _, body = await web.get("/lists/mmwg/meetings.ics")
    parsed = icalendar.Calendar.from_ical(body)
    assert str(parsed["X-WR-CALNAME"]) == "mmwg meetings"
    assert parsed.decoded("REFRESH-INTERVAL") == timedelta(minutes=30)
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert str(events[mag.uid]["ORGANIZER"]).lower() == "mailto:bot@example.org"
    assert str(events[mag.uid]["URL"]) == f"https://lists.example.org/m/meetings/{mag.id}"


async def test_readers_of_an_unchanged_feed_share_one_written_body(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await seeded(store, shared_dir)
    ticks = iter(range(10**6))
    web = await start_web()
    # Each write stamps DTSTAMP with the site's "now": moving it shows whether the body was written again.
    base = web.server.parts.now()
    object.__setattr__(web.server.parts, "now", lambda: base + timedelta(seconds=next(ticks)))
    first = (await web.get("/lists/mmwg/meetings.ics"))[2]
    assert (await web.get("/lists/mmwg/meetings.ics"))[2] == first
    await store.correct(mag.id, {"location": "Palais des Nations"}, actor="admin carol")
    assert (await web.get("/lists/mmwg/meetings.ics"))[2] != first
