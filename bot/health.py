"""The daemon's heartbeat file, and the health verdict `listminder status` and the container check read.

The daemon rewrites the file every ``heartbeat_interval_s``; a reader judges it from the file alone,
so a check works from another process (or a container's HEALTHCHECK) without talking to the daemon.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot import clock
from bot.config import DaemonSettings
from bot.logs import fields
from bot.notify import Notifier

HEARTBEAT_FILE = "listminder.heartbeat.json"
# A beat may be late by this many intervals before the daemon counts as stuck.
STALE_AFTER_BEATS = 3

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Beat:
    pid: int
    started_at: str
    beat_at: str
    interval_s: float
    config: str
    stopped: bool = False
    # Per list: what only the running daemon knows (its mailbox connection), from the StatusBoard.
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The listener and the store, each with its state and since when, from the StatusBoard.
    components: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Written by the daemon, so that a reader judges without the config file (which may have a typo).
    unhealthy_after_s: float | None = None


class StatusBoard:
    """What the components report about themselves, written out with each heartbeat.

    Each state carries the time it began ("failing since"), so that a reader can tell a moment's
    trouble from a lasting one (``daemon.unhealthy_after_s``).
    """

    def __init__(self) -> None:
        self._lists: dict[str, dict[str, Any]] = {}
        self._components: dict[str, dict[str, Any]] = {}
        self._providers: dict[str, Callable[[], Mapping[str, Any]]] = {}
        # What the listener turned away since the daemon started, by reason: kept here, not in the
        # listener, so that a reload that restarts the listener does not reset the counts.
        self._refused: Counter[str] = Counter()

    def provide(self, name: str, provider: Callable[[], Mapping[str, Any]]) -> None:
        """A component's own view per list (e.g. next digest runs), read at each heartbeat."""
        self._providers[name] = provider

    def mailbox(self, list_name: str, *, connected: bool, error: str | None) -> None:
        entry = self._lists.setdefault(list_name, {})
        since = _kept_since(entry.get("mailbox"), "connected", connected)
        entry["mailbox"] = {"connected": connected, "error": error, "since": since}

    def listener(self, *, listening: bool, address: str, error: str | None) -> None:
        state = f"listening on {address}" if listening else f"cannot listen on {address}"
        self._component("listener", ok=listening, state=state, error=error)

    def listener_refused(self, reason: str) -> None:
        self._refused[reason] += 1

    def refusals(self) -> dict[str, int]:
        return dict(self._refused)

    def web(self, *, listening: bool, address: str, error: str | None) -> None:
        state = f"serving {address}" if listening else f"cannot serve {address}"
        self._component("web", ok=listening, state=state, error=error)

    def store(self, *, writable: bool, error: str | None) -> None:
        self._component(
            "store", ok=writable, state="writable" if writable else "refusing writes", error=error
        )

    def _component(self, name: str, *, ok: bool, state: str, error: str | None) -> None:
        since = _kept_since(self._components.get(name), "ok", ok)
        self._components[name] = {"ok": ok, "state": state, "error": error, "since": since}

    def forget(self, keep: set[str]) -> None:
        """Drop the lists a reload removed."""
        for name in set(self._lists) - keep:
            del self._lists[name]

    def retire(self, names: set[str]) -> None:
        """Drop the components a reload stopped for good."""
        for name in names & set(self._components):
            del self._components[name]

    def components(self) -> dict[str, dict[str, Any]]:
        return {name: dict(entry) for name, entry in self._components.items()}

    def snapshot(self) -> dict[str, dict[str, Any]]:
        lists = {name: dict(entry) for name, entry in self._lists.items()}
        for key, provider in self._providers.items():
            for list_name, value in provider().items():
                lists.setdefault(list_name, {})[key] = value
        return lists


def _now() -> str:
    return clock.now().astimezone().isoformat()


def _kept_since(previous: Mapping[str, Any] | None, flag: str, value: bool) -> str:
    """When the state began: the previous report's time while ``flag`` stays ``value``, else now."""
    if previous and previous.get(flag) == value and previous.get("since"):
        return str(previous["since"])
    return _now()


@dataclass(frozen=True, slots=True)
class Failing:
    """A part of a running daemon that does not work: the listener, the store, a list's mailbox."""

    what: str
    state: str
    error: str | None
    since: datetime

    def describe(self) -> str:
        error = f" ({self.error})" if self.error else ""
        return f"{self.what}: {self.state} since {self.since.isoformat(timespec='seconds')}{error}"


@dataclass(frozen=True, slots=True)
class Health:
    healthy: bool
    reason: str
    beat: Beat | None
    # Everything failing now, for a longer time than the limit or not yet.
    failing: tuple[Failing, ...] = ()
    # The daemon's process is there and beating, healthy or not: its reports are current.
    alive: bool = False


def heartbeat_path(settings: DaemonSettings) -> Path:
    return settings.state_dir / HEARTBEAT_FILE


def write_beat(path: Path, beat: Beat) -> None:
    # Written beside and renamed over, so a reader never sees half a file.
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(beat)), encoding="utf-8")
    tmp.replace(path)


def read_beat(path: Path) -> Beat | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return Beat(**data)
    except (OSError, ValueError, TypeError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def judge(beat: Beat | None, now: datetime) -> Health:
    """Healthy when the daemon beat recently, its process is still there, and no part of it has been
    failing for longer than the daemon's ``unhealthy_after_s``."""
    if beat is None:
        return Health(False, "no heartbeat: the daemon is not running (or not with this state_dir)", None)
    if beat.stopped:
        return Health(False, f"the daemon stopped at {beat.beat_at}", beat)
    if not _process_alive(beat.pid):
        return Health(False, f"the daemon's process {beat.pid} is gone", beat)
    age = now - datetime.fromisoformat(beat.beat_at)
    if age > timedelta(seconds=beat.interval_s * STALE_AFTER_BEATS):
        return Health(
            False, f"the daemon is stuck: its last heartbeat is {int(age.total_seconds())} s old", beat
        )
    failing = failing_parts(beat)
    limit = timedelta(seconds=beat.unhealthy_after_s) if beat.unhealthy_after_s is not None else None
    too_long = [part for part in failing if limit is not None and now - part.since > limit]
    if too_long:
        assert beat.unhealthy_after_s is not None
        reason = "; ".join(part.describe() for part in too_long)
        return Health(
            False, f"failing for more than {beat.unhealthy_after_s:g} s: {reason}", beat, failing, True
        )
    return Health(True, f"running since {beat.started_at} (pid {beat.pid})", beat, failing, True)


def failing_parts(beat: Beat) -> tuple[Failing, ...]:
    """The components and mailboxes whose last report was a failure, oldest failure first."""
    found = [
        Failing(name, entry.get("state", "failing"), entry.get("error"), _since(entry))
        for name, entry in beat.components.items()
        if not entry.get("ok", True)
    ]
    for list_name, entry in beat.lists.items():
        mailbox = entry.get("mailbox")
        if mailbox is not None and not mailbox.get("connected", False):
            found.append(
                Failing(f"the mailbox of {list_name}", "not connected", mailbox.get("error"), _since(mailbox))
            )
    return tuple(sorted(found, key=lambda part: part.since))


def _since(entry: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(entry["since"])


class Heartbeat:
    """A component: keeps the heartbeat file fresh while the daemon runs."""

    name = "heartbeat"

    def __init__(
        self,
        settings: DaemonSettings,
        config_source: str,
        started_at: datetime,
        board: StatusBoard,
        notifier: Notifier | None = None,
    ) -> None:
        self._board = board
        self._notifier = notifier or Notifier(None)
        self._path = heartbeat_path(settings)
        self._interval_s = _beat_interval_s(settings.heartbeat_interval_s, self._notifier)
        self._unhealthy_after_s = settings.unhealthy_after_s
        self._config = config_source
        self._started_at = started_at.isoformat()

    def _beat(self, *, stopped: bool = False) -> Beat:
        now = clock.now().astimezone()
        return Beat(
            os.getpid(),
            self._started_at,
            now.isoformat(),
            self._interval_s,
            self._config,
            stopped,
            self._board.snapshot(),
            self._board.components(),
            self._unhealthy_after_s,
        )

    async def run(self) -> None:
        await asyncio.to_thread(self._path.parent.mkdir, parents=True, exist_ok=True)
        log.info("heartbeat.started", extra=fields(path=self._path))
        while True:
            await asyncio.to_thread(write_beat, self._path, self._beat())
            # Petted only once the beat is written: a daemon that cannot beat is restarted.
            self._notifier.watchdog()
            await asyncio.sleep(self._interval_s)

    async def drain(self) -> None:
        await asyncio.to_thread(write_beat, self._path, self._beat(stopped=True))


def _beat_interval_s(configured_s: float, notifier: Notifier) -> float:
    # The watchdog must hear from the daemon within its limit: beat at least as often as it asks.
    watchdog_s = notifier.watchdog_interval_s
    return configured_s if watchdog_s is None else min(configured_s, watchdog_s)
