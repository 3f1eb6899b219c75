"""`listminder status`: the daemon's health and, per list, where its mail and digests stand.

What only the running daemon knows (is it alive, is each mailbox connected) comes from its heartbeat
file; the rest (last message, meetings awaiting confirmation, digests sent) from the store; the next
digest from the list's cron. Reading it needs no connection to the daemon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.config import ListSettings, Settings
from bot.detect import Status
from bot.health import Health, heartbeat_path, judge, read_beat
from bot.store import Meeting, Store, open_store

DIGEST_KINDS = ("reminder", "pending")


@dataclass(frozen=True, slots=True)
class DigestStatus:
    kind: str
    last_sent: datetime | None
    next_due: datetime | None


@dataclass(frozen=True, slots=True)
class ListStatus:
    name: str
    # None when the list has no IMAP mailbox (it delivers to the listener).
    mailbox: dict[str, Any] | None
    last_message_at: datetime | None
    awaiting_confirmation: int
    overdue: int
    digests: tuple[DigestStatus, ...]
    # The list's IANA zone: the text report gives its times there, as the digests do.
    time_zone: str = "UTC"

    @property
    def mailbox_down(self) -> bool:
        return self.mailbox is not None and not self.mailbox.get("connected", False)


@dataclass(frozen=True, slots=True)
class StatusReport:
    daemon: Health
    lists: tuple[ListStatus, ...]

    @property
    def healthy(self) -> bool:
        return self.daemon.healthy and not any(item.mailbox_down for item in self.lists)

    @property
    def reason(self) -> str:
        if not self.daemon.healthy:
            return self.daemon.reason
        down = [item.name for item in self.lists if item.mailbox_down]
        if down:
            return f"the mailbox of {', '.join(down)} is not connected"
        return self.daemon.reason


def next_due(cron: str, zone: str, now: datetime) -> datetime | None:
    trigger = CronTrigger.from_crontab(cron, timezone=ZoneInfo(zone))
    fire: datetime | None = trigger.get_next_fire_time(None, now)
    return fire


def _next(running: dict[str, Any], kind: str, cron: str, zone: str, now: datetime) -> datetime | None:
    """As the running daemon has it scheduled; from the config file when no daemon runs."""
    scheduled = running.get("digests", {})
    if kind in scheduled:
        return datetime.fromisoformat(scheduled[kind]) if scheduled[kind] else None
    return next_due(cron, zone, now)


def count_pending(meetings: list[Meeting], today: date) -> tuple[int, int]:
    """Tentative meetings still ahead, and how many of them are past their confirmation date."""
    ahead = [m for m in meetings if m.status is Status.TENTATIVE and _day(m.start) >= today]
    overdue = [m for m in ahead if m.confirm_by is not None and m.confirm_by < today]
    return len(ahead), len(overdue)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


async def list_status(
    store: Store, item: ListSettings, beat_lists: dict[str, dict[str, Any]], now: datetime
) -> ListStatus:
    today = now.astimezone(ZoneInfo(item.timezone)).date()
    waiting, overdue = count_pending(
        await store.meetings(list_name=item.name, status=Status.TENTATIVE), today
    )
    running = beat_lists.get(item.name, {})
    digests = []
    for kind in DIGEST_KINDS:
        settings = getattr(item.digests, kind)
        if settings is not None:
            last = await store.last_sent(item.name, kind)
            digests.append(DigestStatus(kind, last, _next(running, kind, settings.cron, item.timezone, now)))
    mailbox = None
    if item.imap is not None:
        mailbox = running.get("mailbox") or {"connected": False, "error": "not connected yet"}
    return ListStatus(
        item.name,
        mailbox,
        await store.last_message_at(item.name),
        waiting,
        overdue,
        tuple(digests),
        item.timezone,
    )


async def collect(settings: Settings, store: Store, now: datetime) -> StatusReport:
    beat = read_beat(heartbeat_path(settings.daemon))
    health = judge(beat, now)
    beat_lists = beat.lists if beat is not None and health.healthy else {}
    lists = [await list_status(store, item, beat_lists, now) for item in settings.lists]
    return StatusReport(health, tuple(lists))


async def collect_now(settings: Settings) -> StatusReport:
    """The report as of now; the store is opened (and closed) for it."""
    async with open_store(settings.store) as store:
        return await collect(settings, store, datetime.now().astimezone())


def as_json(report: StatusReport) -> dict[str, Any]:
    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "healthy": report.healthy,
        "reason": report.reason,
        "daemon": {"running": report.daemon.healthy, "reason": report.daemon.reason}
        | (
            {"pid": report.daemon.beat.pid, "started_at": report.daemon.beat.started_at}
            if report.daemon.beat
            else {}
        ),
        "lists": [
            {
                "name": item.name,
                "mailbox": item.mailbox,
                "last_message_at": when(item.last_message_at),
                "awaiting_confirmation": item.awaiting_confirmation,
                "overdue": item.overdue,
                "digests": {
                    d.kind: {"last_sent": when(d.last_sent), "next_due": when(d.next_due)}
                    for d in item.digests
                },
            }
            for item in report.lists
        ],
    }


def as_text(report: StatusReport) -> list[str]:
    lines = [f"{'healthy' if report.healthy else 'UNHEALTHY'}: {report.reason}"]
    for item in report.lists:
        lines.append(f"list {item.name}:")
        if item.mailbox is not None:
            state = "connected" if item.mailbox.get("connected") else f"DOWN ({item.mailbox.get('error')})"
            lines.append(f"  mailbox       {state} since {item.mailbox.get('since', '?')}")
        last = _local(item.last_message_at, item.time_zone) if item.last_message_at else "none yet"
        lines.append(f"  last message  {last}")
        lines.append(
            f"  tentative     {item.awaiting_confirmation} awaiting confirmation, {item.overdue} overdue"
        )
        for d in item.digests:
            sent = _local(d.last_sent, item.time_zone) if d.last_sent else "never"
            due = _local(d.next_due, item.time_zone) if d.next_due else "never"
            lines.append(f"  {d.kind + ' digest':<13} last sent {sent}, next {due}")
    return lines


def _local(moment: datetime, zone: str) -> str:
    """A time as the list's readers would write it: "2026-11-30 09:00 CET"."""
    local = moment.astimezone(ZoneInfo(zone)) if moment.tzinfo is not None else moment
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()
