"""The digest schedules: APScheduler jobs built from the config, as one daemon component.

Per list, the reminder and confirmation-pending digests run on cron expressions read in the list's
time zone (so "0 8 * * MON" stays at 08:00 local across daylight-saving changes); per-meeting
reminders and retries of the outbox are checked on an interval.

A digest belongs to a period (bot.digest.periods); its outbox key is (list, kind, period). So a run is
idempotent: when the daemon starts it runs every digest for the current period, which sends the one that
fell due while it was down, and nothing when that period's digest is already in the outbox. Runs missed
while down are coalesced into that one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock, now
from bot.config import DaemonSettings, ListSettings, OutboundSettings, WebSettings, parse_duration
from bot.cron import cron_trigger
from bot.digest.links import WebLinks, web_links
from bot.digest.model import DigestKind, DueReminder, MeetingSnapshot
from bot.digest.periods import fire_before, period_text, previous_fire
from bot.digest.prepare import (
    Outgoing,
    digest_keys,
    digest_settings,
    due_reminders_of,
    prepare_digests,
    prepare_reminder,
    reminder_key,
)
from bot.digest.render import Renderer
from bot.digest.send import Sender, transport_for
from bot.digest.source import SnapshotSource, StoreSnapshots, UpcomingSource
from bot.logs import fields
from bot.store import OutboxKey, Store

log = logging.getLogger(__name__)

# The outbox kind of per-meeting reminders (bot.digest.prepare.reminder_key).
REMINDER_KIND = "meeting"
# Lists whose meetings the reminder pass reads in one go (bounds the queries' IN lists).
REMINDER_LISTS_PER_READ = 500
# A meeting's day is kept in its own zone: read a day more on each side of what can be due, and one more.
ZONE_MARGIN = timedelta(days=2)


class DigestSchedule:
    """The `Component` that sends the digests and reminders of every list."""

    name = "digests"

    def __init__(
        self,
        lists: Sequence[ListSettings],
        *,
        from_address: str,
        renderer: Renderer,
        sender: Sender,
        snapshots: SnapshotSource,
        clock: Clock = now,
        check_interval_s: float = 60.0,
        web: WebLinks | None = None,
    ) -> None:
        self.lists = list(lists)
        # The web interface the digests link to (None: no links); holds the signing secret.
        self.web = web
        self.from_address = from_address
        self.renderer = renderer
        self.sender = sender
        self.snapshots = snapshots
        self.clock = clock
        self.check_interval_s = check_interval_s
        # Set once the start-up run (missed digests, due reminders, waiting messages) is over.
        self.caught_up = asyncio.Event()
        self._scheduler: AsyncIOScheduler | None = None
        self._busy: set[asyncio.Task[Any]] = set()
        self._draining = False

    @classmethod
    def from_settings(
        cls,
        lists: Sequence[ListSettings],
        outbound: OutboundSettings,
        templates_dir: Path | None,
        store: Store,
        check_interval_s: float = 60.0,
        web: WebSettings | None = None,
        send_claim_s: float = DaemonSettings().send_claim_s,
    ) -> DigestSchedule:
        """Built from its parts of the settings (the lists, [outbound], templates_dir, the daemon's
        outbox timings) and the open store, which holds the meetings and the outbox; its owner closes
        it after the component."""
        claim = timedelta(seconds=send_claim_s)
        sender = Sender(store, transport_for(outbound), outbound.from_address, lease=claim)
        return cls(
            lists,
            from_address=outbound.from_address,
            renderer=Renderer(templates_dir),
            sender=sender,
            snapshots=StoreSnapshots(store),
            check_interval_s=check_interval_s,
            web=web_links(web) if web is not None else None,
        )

    # --- the component ---------------------------------------------------------------------------

    async def run(self) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        self._add_jobs(scheduler)
        self._scheduler = scheduler
        scheduler.start()
        try:
            # A task of its own, so that drain() waits for the catch-up and not for run() itself.
            await asyncio.create_task(self._guarded(self.catch_up))
            self.caught_up.set()
            await asyncio.Event().wait()
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)

    def next_runs(self) -> dict[str, dict[str, str | None]]:
        """When each list's digests run next, as the scheduler has them (for `listminder status`)."""
        runs: dict[str, dict[str, str | None]] = {}
        scheduler = self._scheduler
        if scheduler is None or not scheduler.running:
            return runs
        for job in scheduler.get_jobs():
            list_name, _, kind = job.id.partition(":")
            if kind in {k.value for k in DigestKind}:
                when = job.next_run_time
                runs.setdefault(list_name, {})[kind] = when.isoformat() if when is not None else None
        return runs

    async def drain(self) -> None:
        """Start no new job and let the ones running finish, so that no claim is left half done."""
        self._draining = True
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        if self._busy:
            await asyncio.gather(*self._busy, return_exceptions=True)

    def _add_jobs(self, scheduler: AsyncIOScheduler) -> None:
        for settings in self.lists:
            for kind in DigestKind:
                config = digest_settings(settings, kind)
                if config is None:
                    continue
                scheduler.add_job(
                    self._guarded,
                    trigger=cron_trigger(config.cron, settings.timezone),
                    args=[self.run_digest, settings, kind],
                    id=f"{settings.name}:{kind.value}",
                    # Runs missed while the loop was busy collapse into one; the period key does the rest.
                    coalesce=True,
                    misfire_grace_time=None,
                    max_instances=1,
                )
        scheduler.add_job(
            self._guarded,
            "interval",
            args=[self.check],
            seconds=self.check_interval_s,
            id="reminders-and-retries",
            coalesce=True,
            max_instances=1,
        )

    async def _guarded(self, work: Callable[..., Any], *args: Any) -> None:
        """Run one job: tracked for drain(), and a failure logged rather than lost in the scheduler."""
        if self._draining:
            return
        task = asyncio.current_task()
        if task is not None:
            self._busy.add(task)
        try:
            await work(*args)
        except Exception:
            log.exception("digest.job_failed", extra=fields(job=getattr(work, "__name__", str(work))))
        finally:
            if task is not None:
                self._busy.discard(task)

    # --- the work --------------------------------------------------------------------------------

    async def catch_up(self) -> None:
        """At start: the digests of the current periods (sent only when not in the outbox yet),
        the reminders due now, and whatever waits in the outbox."""
        for settings in self.lists:
            for kind in DigestKind:
                if digest_settings(settings, kind) is not None:
                    await self.run_digest(settings, kind)
        await self.check()

    async def run_digest(self, settings: ListSettings, kind: DigestKind) -> list[Outgoing]:
        config = digest_settings(settings, kind)
        if config is None:
            return []
        now = self.clock()
        trigger = cron_trigger(config.cron, settings.timezone)
        fire = previous_fire(trigger, now)
        if fire is None:
            return []
        key = OutboxKey(settings.name, kind.value, period_text(fire))
        if await self._composed(key, settings, kind):
            # Sent, queued, or found empty already: a period is composed once.
            return []
        meetings = await self.snapshots(settings.name)
        outgoing = prepare_digests(
            kind,
            meetings,
            list_settings=settings,
            at=now,
            previous=fire_before(trigger, fire),
            period=key.period,
            renderer=self.renderer,
            from_address=self.from_address,
            web=self.web,
        )
        if not outgoing:
            await self.sender.store.outbox_add_empty(key)
            log.info("digest.empty", extra=fields(key=key.text))
            return []
        for message in outgoing:
            await self._send(message)
        return outgoing

    async def _composed(self, key: OutboxKey, settings: ListSettings, kind: DigestKind) -> bool:
        """The period's digest is in the outbox: found empty, or every recipient's copy kept."""
        store = self.sender.store
        if await store.outbox_has(key):
            return True
        keys = digest_keys(settings, kind, key.period, self.web)
        return keys != (key,) and all([await store.outbox_has(k) for k in keys])

    async def check(self) -> None:
        """Per-meeting reminders that are due, then every message due for a (re)try. A meeting that
        fails is logged and skipped: the others' reminders and the retries still go."""
        now = self.clock()
        started = time.perf_counter()
        reminding = [settings for settings in self.lists if settings.reminders.before]
        queued = 0
        for first in range(0, len(reminding), REMINDER_LISTS_PER_READ):
            some = reminding[first : first + REMINDER_LISTS_PER_READ]
            try:
                queued += await self.remind(some, now)
            except Exception:
                log.exception("reminders.failed", extra=fields(lists=len(some), first=some[0].name))
        if reminding:
            took_s = round(time.perf_counter() - started, 3)
            log.info("reminders.checked", extra=fields(lists=len(reminding), queued=queued, took_s=took_s))
        await self.sender.deliver_due()

    async def remind(self, lists: Sequence[ListSettings], now: datetime) -> int:
        """Queue the lists' reminders due at ``now`` that were never queued; how many. Three reads
        whatever the number of lists and meetings (the meetings that may be due, their history, the
        reminders kept already), then one write per new reminder."""
        found = await self._upcoming(lists, now)
        due = [
            (settings, reminder)
            for settings in lists
            for meeting in found.get(settings.name, ())
            for reminder in self._due_of(settings, meeting, now)
        ]
        periods = {reminder_key(settings.name, reminder).period for settings, reminder in due}
        names = [settings.name for settings in lists]
        kept = await self.sender.store.outbox_periods_kept(names, REMINDER_KIND, periods)
        queued = 0
        for settings, reminder in due:
            if (settings.name, reminder_key(settings.name, reminder).period) not in kept:
                queued += await self._queue(settings, reminder, now)
        return queued

    async def _upcoming(
        self, lists: Sequence[ListSettings], now: datetime
    ) -> Mapping[str, Sequence[MeetingSnapshot]]:
        """The meetings a reminder may be due for: from the store, only those starting between two
        days ago and two days past the longest offset (a meeting's day is in its own zone)."""
        if not isinstance(self.snapshots, UpcomingSource):
            return {settings.name: await self.snapshots(settings.name) for settings in lists}
        longest = max(parse_duration(text) for settings in lists for text in settings.reminders.before)
        first_day = (now - ZONE_MARGIN).date()
        last_day = (now + longest + ZONE_MARGIN).date()
        return await self.snapshots.upcoming([settings.name for settings in lists], first_day, last_day)

    async def _queue(self, settings: ListSettings, reminder: DueReminder, now: datetime) -> bool:
        try:
            outgoing = prepare_reminder(
                reminder,
                list_settings=settings,
                at=now,
                renderer=self.renderer,
                from_address=self.from_address,
                web=self.web,
            )
            return await self.sender.enqueue(outgoing.key, outgoing.message, outgoing.recipients)
        except Exception:
            log.exception("reminders.meeting_failed", extra=fields(meeting_id=reminder.meeting.id))
            return False

    @staticmethod
    def _due_of(settings: ListSettings, meeting: MeetingSnapshot, now: datetime) -> list[DueReminder]:
        try:
            return due_reminders_of([meeting], list_settings=settings, at=now)
        except Exception:
            log.exception("reminders.meeting_failed", extra=fields(meeting_id=meeting.id))
            return []

    async def _send(self, outgoing: Outgoing) -> None:
        if not outgoing.recipients:
            log.warning("digest.no_recipients", extra=fields(key=outgoing.key.text))
            return
        if await self.sender.enqueue(outgoing.key, outgoing.message, outgoing.recipients):
            log.info("digest.queued", extra=fields(key=outgoing.key.text, subject=outgoing.subject))
        await self.sender.deliver_due()
