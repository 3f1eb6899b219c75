"""The daemon's heartbeat file, and the health verdict `listminder status` and the container check read.

The daemon rewrites the file every ``heartbeat_interval_s``; a reader judges it from the file alone,
so a check works from another process (or a container's HEALTHCHECK) without talking to the daemon.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import DaemonSettings
from bot.logs import fields

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


class StatusBoard:
    """What the components report about themselves, written out with each heartbeat."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[str, Any]] = {}
        self._providers: dict[str, Callable[[], Mapping[str, Any]]] = {}

    def provide(self, name: str, provider: Callable[[], Mapping[str, Any]]) -> None:
        """A component's own view per list (e.g. next digest runs), read at each heartbeat."""
        self._providers[name] = provider

    def mailbox(self, list_name: str, *, connected: bool, error: str | None) -> None:
        entry = self._lists.setdefault(list_name, {})
        previous = entry.get("mailbox") or {}
        since = previous.get("since") if previous.get("connected") == connected else None
        now = datetime.now().astimezone().isoformat()
        entry["mailbox"] = {"connected": connected, "error": error, "since": since or now}

    def forget(self, keep: set[str]) -> None:
        """Drop the lists a reload removed."""
        for name in set(self._lists) - keep:
            del self._lists[name]

    def snapshot(self) -> dict[str, dict[str, Any]]:
        lists = {name: dict(entry) for name, entry in self._lists.items()}
        for key, provider in self._providers.items():
            for list_name, value in provider().items():
                lists.setdefault(list_name, {})[key] = value
        return lists


@dataclass(frozen=True, slots=True)
class Health:
    healthy: bool
    reason: str
    beat: Beat | None


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
    """Healthy when the daemon beat recently and its process is still there."""
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
    return Health(True, f"running since {beat.started_at} (pid {beat.pid})", beat)


class Heartbeat:
    """A component: keeps the heartbeat file fresh while the daemon runs."""

    name = "heartbeat"

    def __init__(
        self, settings: DaemonSettings, config_source: str, started_at: datetime, board: StatusBoard
    ) -> None:
        self._board = board
        self._path = heartbeat_path(settings)
        self._interval_s = settings.heartbeat_interval_s
        self._config = config_source
        self._started_at = started_at.isoformat()

    def _beat(self, *, stopped: bool = False) -> Beat:
        now = datetime.now().astimezone()
        return Beat(
            os.getpid(),
            self._started_at,
            now.isoformat(),
            self._interval_s,
            self._config,
            stopped,
            self._board.snapshot(),
        )

    async def run(self) -> None:
        await asyncio.to_thread(self._path.parent.mkdir, parents=True, exist_ok=True)
        log.info("heartbeat.started", extra=fields(path=self._path))
        while True:
            await asyncio.to_thread(write_beat, self._path, self._beat())
            await asyncio.sleep(self._interval_s)

    async def drain(self) -> None:
        await asyncio.to_thread(write_beat, self._path, self._beat(stopped=True))
