"""`listminder status`: the daemon's health and, per list, where its mail and digests stand.

What only the running daemon knows (is it alive; is its listener listening, its store taking writes,
each mailbox connected) comes from its heartbeat file, and the verdict from that alone; the rest (last
message, meetings awaiting confirmation, digests sent) from the store, opened for reading only (no
migration, no lock: it never waits for the daemon); the next digest from the list's cron. Reading it
needs no connection to the daemon, and no valid config file: a daemon running on its last good config
is judged by its heartbeat, found from the file's ``state_dir`` read leniently.
"""

from __future__ import annotations

import asyncio
import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import clock
from bot.config import ListSettings, Settings, find_config, load_settings
from bot.cron import cron_trigger, next_fire
from bot.errors import ConfigError, StoreError
from bot.health import HEARTBEAT_FILE, Health, heartbeat_path, judge, read_beat
from bot.meeting import MeetingStatus
from bot.store import Lease, Meeting, Store, open_reader
from bot.subscribe.notices import NOTICE

STATE_DIR_ENV = "LISTMINDER_DAEMON__STATE_DIR"

DIGEST_KINDS = ("reminder", "pending")


@dataclass(frozen=True, slots=True)
class DigestStatus:
    kind: str
    last_sent: datetime | None
    next_due: datetime | None


@dataclass(frozen=True, slots=True)
class MembershipStatus:
    """The bot's last subscribe or unsubscribe request for a list, and where it stands."""

    action: str
    state: str
    requested_at: datetime


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
    # None when the bot never asked the list's server (`listminder subscribe`).
    membership: MembershipStatus | None = None
    # The last hold or bounce of one of the bot's posts that its list's server told it of: when, and why.
    last_hold_or_bounce: tuple[datetime, str] | None = None
    # On a store shared by several daemons (PostgreSQL): the list's lease, whether it ran out or not;
    # None when no daemon ever held it. With SQLite the one daemon owns every list and there are none.
    lease: Lease | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    daemon: Health
    lists: tuple[ListStatus, ...]
    # What kept parts of the report from being read: a config file with problems, an unreadable store.
    notes: tuple[str, ...] = ()
    # True when the store is shared by daemons that divide the lists between them (PostgreSQL).
    shared: bool = False
    # When the report was made: a lease is current when it expires after it.
    at: datetime | None = None

    def owner(self, item: ListStatus) -> str | None:
        """The daemon that owns the list now; None when its lease ran out or none was ever taken."""
        lease = item.lease
        if lease is None or (self.at is not None and lease.expires_at <= self.at):
            return None
        return lease.owner

    @property
    def healthy(self) -> bool:
        # A mailbox (or the listener, or the store) failing counts once it has failed for longer than
        # the daemon's unhealthy_after_s: judged with the heartbeat.
        return self.daemon.healthy

    @property
    def reason(self) -> str:
        return self.daemon.reason


def next_due(cron: str, zone: str, now: datetime) -> datetime | None:
    return next_fire(cron_trigger(cron, zone), now)


def _next(running: dict[str, Any], kind: str, cron: str, zone: str, now: datetime) -> datetime | None:
    """As the running daemon has it scheduled; from the config file when no daemon runs."""
    scheduled = running.get("digests", {})
    if kind in scheduled:
        return datetime.fromisoformat(scheduled[kind]) if scheduled[kind] else None
    return next_due(cron, zone, now)


def count_pending(meetings: list[Meeting], today: date) -> tuple[int, int]:
    """Tentative meetings still ahead, and how many of them are past their confirmation date."""
    ahead = [m for m in meetings if m.status is MeetingStatus.TENTATIVE and m.when.first_day >= today]
    overdue = [m for m in ahead if m.confirm_by is not None and m.confirm_by < today]
    return len(ahead), len(overdue)


async def list_status(
    store: Store,
    item: ListSettings,
    beat_lists: dict[str, dict[str, Any]],
    now: datetime,
    leases: dict[str, Lease] | None = None,
) -> ListStatus:
    today = now.astimezone(ZoneInfo(item.timezone)).date()
    waiting, overdue = count_pending(
        await store.meetings(list_name=item.name, status=MeetingStatus.TENTATIVE), today
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
        # A list post, not the list server's notices to the bot: they say nothing of the membership.
        await store.last_message_at(item.name, [NOTICE]),
        waiting,
        overdue,
        tuple(digests),
        item.timezone,
        await _membership(store, item.name),
        await store.last_ignored_with_reason(item.name, [f"{NOTICE} (hold)", f"{NOTICE} (bounce)"]),
        (leases or {}).get(item.name),
    )


async def _membership(store: Store, list_name: str) -> MembershipStatus | None:
    requests = await store.membership_requests(list_name)
    if not requests:
        return None
    latest = requests[0]
    return MembershipStatus(latest.action, latest.state.value, latest.requested_at)


async def collect(settings: Settings, store: Store, health: Health, now: datetime) -> StatusReport:
    beat = health.beat
    beat_lists = beat.lists if beat is not None and health.alive else {}
    shared = store.engine.dialect.name != "sqlite"
    leases = {lease.list_name: lease for lease in await store.leases()} if shared else {}
    lists = [await list_status(store, item, beat_lists, now, leases) for item in settings.lists]
    return StatusReport(health, tuple(lists), shared=shared, at=now)


async def collect_now(config_arg: str | None) -> StatusReport:
    """The report as of now; the store is opened for reading (and closed) for it."""
    now = clock.now().astimezone()
    settings, problems = await asyncio.to_thread(_settings_or_problems, config_arg)
    if settings is not None:
        beat_file = heartbeat_path(settings.daemon)
    else:
        beat_file = await asyncio.to_thread(lenient_heartbeat_path, config_arg)
    health = judge(await asyncio.to_thread(read_beat, beat_file), now)
    if settings is None:
        return StatusReport(health, (), problems)
    try:
        async with open_reader(settings.store) as store:
            return await collect(settings, store, health, now)
    except StoreError as exc:
        return StatusReport(health, (), (f"the store cannot be read: {exc}",))


def _settings_or_problems(config_arg: str | None) -> tuple[Settings | None, tuple[str, ...]]:
    try:
        settings, _ = load_settings(config_arg)
    except ConfigError as exc:
        problems = "; ".join(str(problem) for problem in exc.problems)
        # The daemon refuses an invalid edit and runs on: its health is not the file's.
        return None, (f"{exc.source} has problems (a running daemon keeps its last good config): {problems}",)
    return settings, ()


def lenient_heartbeat_path(config_arg: str | None) -> Path:
    """The heartbeat file named by a config file that does not validate: its ``daemon.state_dir``
    (the environment's first), read from whatever lines of the file still parse."""
    state_dir = os.environ.get(STATE_DIR_ENV)
    path = find_config(config_arg)
    if not state_dir and path is not None:
        try:
            daemon = _lenient_toml(path.read_text(encoding="utf-8")).get("daemon")
        except (OSError, UnicodeDecodeError):
            daemon = None
        found = daemon.get("state_dir") if isinstance(daemon, dict) else None
        state_dir = found if isinstance(found, str) else None
    return Path(state_dir or ".") / HEARTBEAT_FILE


def _lenient_toml(text: str) -> dict[str, Any]:
    """The TOML document with the lines the parser stops at blanked out, one after the other."""
    lines = text.splitlines()
    for _ in range(len(lines) + 1):
        try:
            return tomllib.loads("\n".join(lines) + "\n")
        except tomllib.TOMLDecodeError as exc:
            at = re.search(r"at line (\d+)", str(exc))
            number = int(at[1]) if at is not None else len(lines)
            if not 0 < number <= len(lines):
                return {}
            lines[number - 1] = ""
    return {}


def as_json(report: StatusReport) -> dict[str, Any]:
    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    beat = report.daemon.beat
    return {
        "healthy": report.healthy,
        "reason": report.reason,
        "notes": list(report.notes),
        "components": beat.components if beat is not None and report.daemon.alive else {},
        "failing": [part.describe() for part in report.daemon.failing],
        "daemon": {"running": report.daemon.alive, "reason": report.daemon.reason}
        | (
            {"pid": report.daemon.beat.pid, "started_at": report.daemon.beat.started_at}
            if report.daemon.beat
            else {}
        ),
        "shared_store": report.shared,
        "lists": [
            {
                "name": item.name,
                "owner": _owner_json(report, item),
                "mailbox": item.mailbox,
                "last_message_at": when(item.last_message_at),
                "awaiting_confirmation": item.awaiting_confirmation,
                "overdue": item.overdue,
                "last_hold_or_bounce": (
                    {"at": when(item.last_hold_or_bounce[0]), "reason": item.last_hold_or_bounce[1]}
                    if item.last_hold_or_bounce is not None
                    else None
                ),
                "membership": (
                    {
                        "action": item.membership.action,
                        "state": item.membership.state,
                        "requested_at": when(item.membership.requested_at),
                    }
                    if item.membership is not None
                    else None
                ),
                "digests": {
                    d.kind: {"last_sent": when(d.last_sent), "next_due": when(d.next_due)}
                    for d in item.digests
                },
            }
            for item in report.lists
        ],
    }


def _owner_json(report: StatusReport, item: ListStatus) -> dict[str, Any] | None:
    """Who owns the list on a shared store: the daemon and its lease's end (past when it ran out)."""
    if item.lease is None:
        return None
    return {
        "daemon": report.owner(item),
        "last_daemon": item.lease.owner,
        "lease_expires_at": item.lease.expires_at.isoformat(),
    }


def _owners_text(report: StatusReport) -> list[str]:
    owners = Counter(owner for item in report.lists if (owner := report.owner(item)) is not None)
    if not owners:
        return ["store shared by several daemons: no daemon owns a list now"]
    shares = ", ".join(f"{daemon} ({count})" for daemon, count in sorted(owners.items()))
    return [f"store shared by {len(owners)} daemon(s), lists owned: {shares}"]


def _owner_text(report: StatusReport, item: ListStatus) -> str:
    lease = item.lease
    if lease is None:
        return "none yet (a daemon takes it at its next lease renewal)"
    until = _local(lease.expires_at, item.time_zone)
    if report.owner(item) is None:
        return f"NONE: the lease of {lease.owner} ran out at {until}; another daemon takes it over"
    return f"{lease.owner}, lease until {until} (renewed while it runs)"


def as_text(report: StatusReport) -> list[str]:
    lines = [f"{'healthy' if report.healthy else 'UNHEALTHY'}: {report.reason}"]
    beat = report.daemon.beat
    if beat is not None and report.daemon.alive:
        for name, entry in beat.components.items():
            error = f" ({entry['error']})" if entry.get("error") else ""
            lines.append(f"  {name:<13} {entry.get('state')} since {entry.get('since')}{error}")
    lines += [f"note: {note}" for note in report.notes]
    if report.shared:
        lines += _owners_text(report)
    if not report.lists:
        # Without the config or the store there are no list sections to show the mailboxes in.
        lines += [f"  failing       {part.describe()}" for part in report.daemon.failing]
    for item in report.lists:
        lines.append(f"list {item.name}:")
        if report.shared:
            lines.append(f"  owner         {_owner_text(report, item)}")
        if item.mailbox is not None:
            state = "connected" if item.mailbox.get("connected") else f"DOWN ({item.mailbox.get('error')})"
            lines.append(f"  mailbox       {state} since {item.mailbox.get('since', '?')}")
        last = _local(item.last_message_at, item.time_zone) if item.last_message_at else "none yet"
        lines.append(f"  last post     {last}")
        lines.append(f"  membership    {_membership_text(item)}")
        if item.last_hold_or_bounce is not None:
            at, why = item.last_hold_or_bounce
            lines.append(f"  held/bounced  {_local(at, item.time_zone)}: {why.removeprefix(NOTICE + ' ')}")
        lines.append(
            f"  tentative     {item.awaiting_confirmation} awaiting confirmation, {item.overdue} overdue"
        )
        for d in item.digests:
            sent = _local(d.last_sent, item.time_zone) if d.last_sent else "never"
            due = _local(d.next_due, item.time_zone) if d.next_due else "never"
            lines.append(f"  {d.kind + ' digest':<13} last sent {sent}, next {due}")
    return lines


def _membership_text(item: ListStatus) -> str:
    found = item.membership
    if found is None:
        return "never asked by the bot (`listminder subscribe` asks the list's server)"
    asked = _local(found.requested_at, item.time_zone)
    if found.state == "pending":
        return f"{found.action} pending since {asked}, waiting for the list server's confirmation request"
    return f"{found.action} {found.state} (asked {asked})"


def _local(moment: datetime, zone: str) -> str:
    """A time as the list's readers would write it: "2026-11-30 09:00 CET"."""
    local = moment.astimezone(ZoneInfo(zone)) if moment.tzinfo is not None else moment
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()
