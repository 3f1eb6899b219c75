"""Schedules: cron in the list's zone across daylight-saving changes, missed runs sent once on start."""

from __future__ import annotations

import asyncio
import email
import email.policy
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import ListSettings, OutboundSettings, SmtpClientSettings
from bot.cron import cron_trigger
from bot.digest.model import MeetingSnapshot
from bot.digest.periods import previous_fire
from bot.digest.render import Renderer
from bot.digest.send import Sender, SmtpTransport
from bot.meeting import MeetingStatus
from bot.schedule import DigestSchedule
from bot.store import Store
from tests.digest.meetings import MAG, SEED, ZURICH, at, mmwg
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.digest.stored import mention, post
from tests.meeting_values import changed

UTC = ZoneInfo("UTC")


def fires(cron: str, zone: str, start: datetime, count: int) -> list[datetime]:
    trigger = cron_trigger(cron, zone)
    found: list[datetime] = []
    previous = None
    now = start
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        found.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)
    return found


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        # Summer time begins on 30 March 2025 at 02:00: 08:00 local is 07:00 UTC before, 06:00 after.
        (datetime(2025, 3, 28, 12, tzinfo=UTC), [7, 6, 6, 6]),
        # It ends on 26 October 2025 at 03:00: 06:00 UTC before, 07:00 after.
        (datetime(2025, 10, 24, 12, tzinfo=UTC), [6, 7, 7, 7]),
    ],
)
def test_a_daily_cron_fires_at_local_eight_on_both_sides_of_a_change(
    start: datetime, utc_hours: list[int]
) -> None:
    found = fires("0 8 * * *", "Europe/Zurich", start, 4)
    assert [f.astimezone(ZURICH).hour for f in found] == [8, 8, 8, 8]
    assert [f.astimezone(ZURICH).minute for f in found] == [0, 0, 0, 0]
    assert [f.astimezone(UTC).hour for f in found] == utc_hours
    assert [f.astimezone(ZURICH).date() - found[0].astimezone(ZURICH).date() for f in found] == [
        timedelta(days=n) for n in range(4)
    ]


def test_a_weekly_cron_and_its_previous_fire_across_the_change() -> None:
    monday_before = datetime(2025, 3, 24, 8, tzinfo=ZURICH)
    monday_after = datetime(2025, 3, 31, 8, tzinfo=ZURICH)
    trigger = cron_trigger("0 8 * * MON", "Europe/Zurich")
    assert previous_fire(trigger, monday_after - timedelta(seconds=1)) == monday_before
    assert previous_fire(trigger, monday_after) == monday_after
    assert previous_fire(trigger, datetime(2025, 4, 2, 12, tzinfo=UTC)) == monday_after
    # The week between them is an hour short: the change lies between the two fires.
    assert monday_after.astimezone(UTC) - monday_before.astimezone(UTC) == timedelta(days=7, hours=-1)


@pytest.mark.parametrize(
    ("cron", "now", "expected"),
    [
        ("* * * * *", datetime(2025, 1, 1, 12, 30, 59, tzinfo=UTC), datetime(2025, 1, 1, 12, 30, tzinfo=UTC)),
        ("0 9 1 * *", datetime(2025, 3, 15, tzinfo=UTC), datetime(2025, 3, 1, 9, tzinfo=ZURICH)),
        ("0 9 29 2 *", datetime(2025, 3, 15, tzinfo=UTC), datetime(2024, 2, 29, 9, tzinfo=ZURICH)),
    ],
)
def test_previous_fire_of_frequent_and_rare_crons(cron: str, now: datetime, expected: datetime) -> None:
    assert previous_fire(cron_trigger(cron, "Europe/Zurich"), now) == expected


# --- the component ------------------------------------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Meetings:
    """The meetings of each list as snapshots, made here so that a test can change them at will."""

    def __init__(self, meetings: Sequence[MeetingSnapshot]) -> None:
        self.meetings = list(meetings)

    async def __call__(self, list_name: str) -> Sequence[MeetingSnapshot]:
        return [m for m in self.meetings if m.list == list_name]


def schedule(
    lists: list[ListSettings], server: SmtpServer, store: Store, clock: Clock, meetings: Meetings
) -> DigestSchedule:
    transport = SmtpTransport(SmtpClientSettings(host="127.0.0.1", port=server.port, tls="none", timeout_s=5))
    sender = Sender(store, transport, "listminder@example.org", clock=clock)
    return DigestSchedule(
        lists,
        from_address="listminder@example.org",
        renderer=Renderer(),
        sender=sender,
        snapshots=meetings,
        clock=clock,
        check_interval_s=3600,
    )


async def start_and_stop(component: DigestSchedule) -> DigestSchedule:
    """Run the component until its start-up work is done, then stop it as the daemon does."""
    task = asyncio.create_task(component.run())
    await asyncio.wait_for(component.caught_up.wait(), timeout=30)
    await component.drain()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return component


def subjects(recorder: Recorder) -> list[str]:
    return [
        str(email.message_from_bytes(item.data, policy=email.policy.default)["Subject"])
        for item in recorder.received
    ]


async def test_a_digest_due_while_down_is_sent_once_on_start_and_not_on_the_next(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    lists = [mmwg(reminders={"before": []})]
    meetings = Meetings(SEED)
    # Down from before Monday 5 Feb 08:00 (reminder) and 09:00 (pending) until Wednesday.
    clock = Clock(at(2007, 2, 7, 12))
    await start_and_stop(schedule(lists, server, store, clock, meetings))
    assert sorted(subjects(recorder)) == [
        "2 meetings await confirmation (2 overdue)",
        "Meetings in the next 14 days",
    ]
    clock.now = at(2007, 2, 11, 22)
    await start_and_stop(schedule(lists, server, store, clock, meetings))
    assert len(recorder.received) == 2
    # The next Monday is a new period: its digests go out once more.
    clock.now = at(2007, 2, 12, 9, 30)
    await start_and_stop(schedule(lists, server, store, clock, meetings))
    assert len(recorder.received) == 4


async def test_the_scheduled_jobs_run_in_the_lists_zone(server: SmtpServer, store: Store) -> None:
    component = schedule([mmwg()], server, store, Clock(at(2007, 2, 7, 12)), Meetings(()))
    task = asyncio.create_task(component.run())
    await asyncio.wait_for(component.caught_up.wait(), timeout=30)
    try:
        assert component._scheduler is not None
        jobs = {job.id: job for job in component._scheduler.get_jobs()}
        for job_id, hour in (("mmwg:reminder", 8), ("mmwg:pending", 9)):
            local = jobs[job_id].next_run_time.astimezone(ZURICH)
            assert (local.weekday(), local.hour, local.minute) == (0, hour, 0)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_an_empty_digest_is_not_sent_unless_asked(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    clock = Clock(at(2007, 2, 7, 12))
    quiet = mmwg(reminders={"before": []})
    await start_and_stop(schedule([quiet], server, store, clock, Meetings(())))
    assert recorder.received == []
    chatty = mmwg(
        reminders={"before": []},
        digests={"reminder": {"cron": "0 8 * * MON", "send_empty": True}},
    )
    # The period that was found empty stays done; the next one is sent, empty, as asked.
    await start_and_stop(schedule([chatty], server, store, clock, Meetings(())))
    assert recorder.received == []
    clock.now = at(2007, 2, 14, 12)
    await start_and_stop(schedule([chatty], server, store, clock, Meetings(())))
    assert subjects(recorder) == ["Meetings in the next 14 days"]


async def test_a_period_found_empty_is_not_mailed_late_after_a_restart(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    lists = [mmwg(reminders={"before": []})]
    clock = Clock(at(2007, 2, 5, 10))
    await start_and_stop(schedule(lists, server, store, clock, Meetings(())))
    # The seed's meetings become known on Tuesday, and the daemon restarts on Wednesday: Monday's
    # digests had their run and are not sent two days late.
    clock.now = at(2007, 2, 7, 12)
    await start_and_stop(schedule(lists, server, store, clock, Meetings(SEED)))
    assert recorder.received == []
    clock.now = at(2007, 2, 12, 9, 30)
    await start_and_stop(schedule(lists, server, store, clock, Meetings(SEED)))
    assert len(recorder.received) == 2


async def test_per_meeting_reminders_go_once_per_offset_and_sequence(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    lists = [mmwg(digests={})]
    clock = Clock(at(2007, 2, 5, 0, 30))
    meetings = Meetings(SEED)
    component = schedule(lists, server, store, clock, meetings)
    await component.check()
    await component.check()
    assert subjects(recorder) == ["Reminder: MAG meeting, Mon 12 Feb 2007 (tentative)"]
    clock.now = at(2007, 2, 6, 0, 30)
    await component.check()
    assert len(recorder.received) == 2
    # Moved to the 14th: a new SEQUENCE, so the 7-day reminder is due again for it.
    meetings.meetings[0] = changed(MAG, sequence=1, start=date(2007, 2, 14))
    clock.now = at(2007, 2, 7, 0, 30)
    await component.check()
    await component.check()
    assert subjects(recorder)[2] == "Reminder: MAG meeting, Wed 14 Feb 2007 (tentative)"
    assert len(recorder.received) == 3
    assert recorder.received[0].recipients == ["mmwg@wsis-cs.org"]


class WatchedMeetings(Meetings):
    """Tells when the interval job (not only the start-up run) has read the meetings."""

    def __init__(self, meetings: Sequence[MeetingSnapshot]) -> None:
        super().__init__(meetings)
        self.reads = 0
        self.read_by_job = asyncio.Event()

    async def __call__(self, list_name: str) -> Sequence[MeetingSnapshot]:
        self.reads += 1
        if self.reads >= 2:
            self.read_by_job.set()
        return await super().__call__(list_name)


async def test_the_interval_job_sends_reminders_that_fall_due_while_running(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    meetings = WatchedMeetings(())
    component = schedule([mmwg(digests={})], server, store, Clock(at(2007, 2, 5, 12)), meetings)
    component.check_interval_s = 0.05
    task = asyncio.create_task(component.run())
    await asyncio.wait_for(component.caught_up.wait(), timeout=30)
    assert recorder.received == []
    meetings.meetings = list(SEED)
    await asyncio.wait_for(meetings.read_by_job.wait(), timeout=30)
    await component.drain()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert sorted(subjects(recorder)) == ["Reminder: MAG meeting, Mon 12 Feb 2007 (tentative)"]


async def test_built_from_the_settings_it_reads_the_store_and_queues_in_it(
    store: Store, tmp_path: Path
) -> None:
    # The component as the daemon builds it runs on the real clock: a meeting three days from now.
    soon = (datetime.now(UTC) + timedelta(days=3)).date()
    call = mention(title="Steering call", start=soon, status=MeetingStatus.CONFIRMED, confirm_by=None)
    await post(store, 1, datetime.now(UTC) - timedelta(hours=1), call)
    outbound = OutboundSettings(transport="file", outbox_dir=tmp_path / "outbox")
    lists = [mmwg(reminders={"before": []})]
    component = DigestSchedule.from_settings(lists, outbound, None, store)
    await component.catch_up()
    await DigestSchedule.from_settings(lists, outbound, None, store).catch_up()
    [written] = (tmp_path / "outbox").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Meetings in the next 14 days"
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "Steering call" in plain.get_content()
    with closing(sqlite3.connect(tmp_path / "store.db")) as db:
        # No meeting awaits confirmation: that digest's period is recorded as empty, not sent.
        assert sorted(db.execute("select kind, state, recipients from outbox").fetchall()) == [
            ("pending", "empty", "[]"),
            ("reminder", "sent", '["mmwg@wsis-cs.org"]'),
        ]
