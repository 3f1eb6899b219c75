"""The sentence a meeting was read from, kept with it on both engines: the one that created it, then the
one of each message that changed it, carried into the snapshots and the digests' calendar events."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import sqlalchemy as sa

from bot.config import ListSettings, StoreSettings
from bot.digest.ics import CalendarOptions, calendar
from bot.digest.source import StoreSnapshots
from bot.ingest import Ingestor
from bot.store import Store
from bot.store.engine import create_engine
from bot.store.migrate import upgrade

MMWG = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")
ANNOUNCED = "The MAG will tentatively meet on 12 Febraury to do it own stock taking"
CONFIRMED = "The dates for the stock taking are now confirmed: the MAG will meet on Monday 12 February 2007"
SEED_SEEN = datetime(2006, 12, 21, 9, 0, tzinfo=UTC)


async def ingest(store: Store, shared_dir: Path, *names: str) -> None:
    intake = Ingestor(store, [MMWG], "listminder@bot.test")
    for name in names:
        path = shared_dir / "seed" / name
        await intake(path.read_bytes(), list_name=None, received_at=SEED_SEEN, source=str(path))


async def evidence_by_title(store: Store) -> dict[str, str | None]:
    return {m.title: m.evidence for m in await store.meetings()}


async def test_a_meeting_keeps_its_announcements_sentence_until_a_message_changes_it(
    any_store: Store, shared_dir: Path
) -> None:
    await ingest(any_store, shared_dir, "mmwg-1-announce.eml")
    first = await evidence_by_title(any_store)
    assert first.keys() == {"MAG meeting", "open consultations"}
    assert all(sentence and sentence.startswith(ANNOUNCED) for sentence in first.values())
    # The reply only quotes the announcement: nothing changes, so neither does the sentence.
    await ingest(any_store, shared_dir, "mmwg-2-reply.eml")
    assert await evidence_by_title(any_store) == first
    await ingest(any_store, shared_dir, "mmwg-3-confirmed.eml")
    confirmed = await evidence_by_title(any_store)
    assert all(sentence and sentence.startswith(CONFIRMED) for sentence in confirmed.values())


async def test_an_admins_correction_keeps_the_sentence_the_meeting_was_read_from(
    any_store: Store, shared_dir: Path
) -> None:
    await ingest(any_store, shared_dir, "mmwg-1-announce.eml")
    [mag] = [m for m in await any_store.meetings() if m.title == "MAG meeting"]
    corrected = await any_store.correct(mag.id, {"location": "Palais des Nations"}, actor="admin carol")
    assert corrected.evidence == mag.evidence and mag.evidence is not None


async def test_the_digests_calendar_events_quote_the_kept_sentence(
    any_store: Store, shared_dir: Path
) -> None:
    await ingest(any_store, shared_dir, "mmwg-1-announce.eml", "mmwg-3-confirmed.eml")
    snapshots = await StoreSnapshots(any_store, clock=lambda: SEED_SEEN)("mmwg")
    ics = calendar(snapshots, CalendarOptions("Europe/Zurich", "bot@example.org"), at=SEED_SEEN, name="mmwg")
    descriptions = [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]
    assert len(descriptions) == 2
    assert all(d.splitlines()[-1].startswith(f"“{CONFIRMED}") for d in descriptions)


async def test_meetings_kept_before_the_sentence_was_recorded_are_read_without_one(
    any_store_settings: StoreSettings,
) -> None:
    engine = create_engine(any_store_settings.url, busy_timeout_s=5)
    try:
        await upgrade(engine, "0007")
        async with engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "insert into meetings (list_name, uid, sequence, title, start_iso, start_day, all_day,"
                    " status, quoted_only, field_dates, corrected, created_at, updated_at) values ('mmwg',"
                    " 'u1@listminder', 3, 'MAG meeting', '2007-02-12', '2007-02-12', true, 'tentative',"
                    " false, '{}', '[]', '2024-05-01 12:00:00', '2024-05-01 12:00:00')"
                )
            )
    finally:
        await engine.dispose()
    async with await Store.open(any_store_settings) as store:
        [meeting] = await store.meetings()
        assert (meeting.uid, meeting.sequence, meeting.evidence) == ("u1@listminder", 3, None)
