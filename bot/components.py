"""What the daemon runs, derived from the settings: one spec per component, with the part of the
settings it is built from, so that a config reload can restart exactly the components whose part
changed and leave the others (and their connections) alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.config import ImapSettings, ListSettings, Settings
from bot.group_intake import GroupIntake
from bot.health import Heartbeat, StatusBoard, heartbeat_path
from bot.ingest import Ingestor
from bot.leases import ListLeases, Ownership, new_daemon_id
from bot.notify import Notifier
from bot.schedule import DigestSchedule
from bot.sources.imap import ImapWatcher
from bot.sources.smtp import MailListener
from bot.store import Store
from bot.web import WebServer
from bot.web.site import SiteParts


class Component(Protocol):
    """A long-running part of the daemon."""

    name: str

    async def run(self) -> None:
        """Work until cancelled. Raising means failure: the daemon logs it and starts it again."""

    async def drain(self) -> None:
        """Stop taking new work and return once the work in hand is done; run() is cancelled after."""


@dataclass(frozen=True)
class Resources:
    """What is built once per process and shared by components (the store, the intake path)."""

    config_source: str
    started_at: datetime
    store: Store
    ingestor: Ingestor
    board: StatusBoard
    # The service manager (systemd), told of each heartbeat when it keeps a watchdog.
    notifier: Notifier = field(default_factory=lambda: Notifier(None))
    # Which lists this daemon runs watchers and schedules for (all of them unless the store is shared).
    ownership: Ownership = field(default_factory=lambda: Ownership(new_daemon_id()))


@dataclass(frozen=True)
class ComponentSpec:
    """``key`` names the component across reloads; ``part`` is the settings it depends on."""

    key: str
    part: Hashable | object
    build: Callable[[], Component]


def plan(settings: Settings, resources: Resources) -> list[ComponentSpec]:
    """Every component the settings ask for, each given only its own part of them."""
    daemon = settings.daemon
    specs = [
        ComponentSpec(
            "heartbeat",
            daemon,
            lambda: Heartbeat(
                daemon, resources.config_source, resources.started_at, resources.board, resources.notifier
            ),
        ),
    ]
    # Every daemon's listener takes every list's mail (any of them may be behind a load balancer).
    specs += _listener(settings, resources)
    specs += _leases(settings, resources)
    owned = [item for item in settings.lists if resources.ownership.owns(item.name)]
    specs += [_watcher(item.name, item.imap, resources) for item in owned if item.imap is not None]
    specs.append(_digests(settings, owned, resources))
    specs += _web(settings, resources)
    return specs


def _leases(settings: Settings, resources: Resources) -> list[ComponentSpec]:
    ownership = resources.ownership
    if not ownership.shared:
        return []
    takeover_after_s = settings.daemon.takeover_after_s
    return [
        ComponentSpec(
            "leases",
            takeover_after_s,
            lambda: ListLeases(resources.store, ownership, takeover_after_s=takeover_after_s),
        )
    ]


def _web(settings: Settings, resources: Resources) -> list[ComponentSpec]:
    web, lists, beat_file = settings.web, tuple(settings.lists), heartbeat_path(settings.daemon)
    organizer = settings.outbound.from_address
    if not web.enabled:
        return []
    board = resources.board

    def build() -> Component:
        parts = SiteParts(
            web, lists, resources.store, beat_file, board.components, board.snapshot, organizer,
            daemon_id=resources.ownership.daemon_id, refusals=board.refusals,
        )  # fmt: skip
        return WebServer(parts, report=board.web)

    return [ComponentSpec("web", (web, lists, beat_file, organizer), build)]


def _digests(settings: Settings, owned: Sequence[ListSettings], resources: Resources) -> ComponentSpec:
    lists, outbound, templates_dir = tuple(owned), settings.outbound, settings.templates_dir
    check_s, web, claim_s = settings.daemon.outbox_check_s, settings.web, settings.daemon.send_claim_s

    def build() -> Component:
        schedule = DigestSchedule.from_settings(
            lists, outbound, templates_dir, resources.store, check_s, web=web, send_claim_s=claim_s
        )
        resources.board.provide("digests", schedule.next_runs)
        return schedule

    return ComponentSpec("digests", (lists, outbound, templates_dir, check_s, web, claim_s), build)


def _listener(settings: Settings, resources: Resources) -> list[ComponentSpec]:
    listener = settings.inbound.smtp
    if not listener.enabled:
        return []
    # The bot's own address is accepted too (bounces, replies to digests), and read for no list.
    recipients: dict[str, str | None] = {item.address: item.name for item in settings.lists}
    recipients[settings.outbound.from_address] = None
    part = (listener, tuple(sorted(recipients.items(), key=lambda kv: kv[0])))
    # Concurrent sessions share commits (bot.group_intake): the listener's throughput under load.
    return [
        ComponentSpec(
            "listener",
            part,
            lambda: MailListener(
                listener,
                recipients,
                GroupIntake(resources.ingestor),
                report=resources.board.listener,
                count_refusal=resources.board.listener_refused,
            ),
        )
    ]


def _watcher(list_name: str, imap: ImapSettings, resources: Resources) -> ComponentSpec:
    def build() -> Component:
        # Counted as failing from the start until it connects: a mailbox never reached is not healthy.
        resources.board.mailbox(list_name, connected=False, error="not connected yet")
        return ImapWatcher(
            list_name, imap, resources.ingestor, resources.store, report=resources.board.mailbox
        )

    return ComponentSpec(f"imap:{list_name}", imap, build)


@dataclass(frozen=True)
class Changes:
    stop: tuple[str, ...]
    start: tuple[ComponentSpec, ...]
    kept: tuple[str, ...]


def diff(running: Mapping[str, ComponentSpec], wanted: Sequence[ComponentSpec]) -> Changes:
    """What a reload must do: stop what went away or changed, start what is new or changed."""
    wanted_by_key = {spec.key: spec for spec in wanted}
    changed = [k for k, spec in wanted_by_key.items() if k in running and running[k].part != spec.part]
    stop = [k for k in running if k not in wanted_by_key] + changed
    start = [spec for k, spec in wanted_by_key.items() if k not in running or k in changed]
    kept = [k for k in running if k in wanted_by_key and k not in changed]
    return Changes(tuple(stop), tuple(start), tuple(kept))
