"""The daemon's supervisor, in process, with components planned by the test: a failing component is
restarted with the back-off, and a stop drains each component within the shutdown limit, then cancels."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import Daemon
from bot.backoff import BackoffPolicy
from bot.components import Component, ComponentSpec, Resources
from bot.config import EMBEDDED_DEFAULT, Settings
from bot.notify import Notifier
from tests.stores import store_settings

# 1, 2, 4 ms, then capped: fast enough for a test, and each step tells the count it came from.
BACKOFF = BackoffPolicy(first_s=0.001, cap_s=0.004, jitter=0.0)
SHUTDOWN_LIMIT_S = 0.3
# Room for a loaded machine: the bound only catches a stop that waits for a component forever.
MARGIN_S = 10.0


class Failing:
    """Fails its first ``failures`` runs, then works until drained (or forever, ignoring drain)."""

    name = "failing"

    def __init__(self, failures: int, *, drains: bool = True) -> None:
        self.failures = failures
        self.drains = drains
        self.runs = 0
        self.working = asyncio.Event()
        self.cancelled = False
        self.drain_cancelled = False
        self._drained = asyncio.Event()
        self._run_started: dict[int, asyncio.Event] = {}

    def started(self, runs: int) -> asyncio.Event:
        """Set when run number ``runs`` begins."""
        return self._run_started.setdefault(runs, asyncio.Event())

    async def run(self) -> None:
        self.runs += 1
        self.started(self.runs).set()
        if self.runs <= self.failures:
            raise RuntimeError(f"broken run {self.runs}")
        self.working.set()
        try:
            await self._drained.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise

    async def drain(self) -> None:
        if self.drains:
            self._drained.set()
            return
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.drain_cancelled = True
            raise


def planning(*components: Component) -> Callable[[Settings, Resources], list[ComponentSpec]]:
    def planner(settings: Settings, resources: Resources) -> list[ComponentSpec]:
        return [ComponentSpec(f"c{n}", n, lambda c=c: c) for n, c in enumerate(components)]  # type: ignore[misc]

    return planner


def daemon(tmp_path: Path, *components: Component) -> Daemon:
    settings = Settings(
        store=store_settings(tmp_path / "store.db"),
        daemon={"state_dir": tmp_path, "shutdown_timeout_s": SHUTDOWN_LIMIT_S},  # type: ignore[arg-type]
    )
    return Daemon(
        settings, EMBEDDED_DEFAULT, None, planner=planning(*components), notifier=Notifier(None),
        restart_backoff=BACKOFF,
    )  # fmt: skip


async def serve_until(daemon: Daemon, ready: Callable[[], Any]) -> int:
    """Serve until ``ready()`` has happened, then stop the daemon as the service manager does."""
    serving = asyncio.create_task(daemon.serve())
    waiting = asyncio.create_task(ready())
    done, _ = await asyncio.wait({serving, waiting}, return_when=asyncio.FIRST_COMPLETED)
    assert waiting in done, f"the daemon stopped first: {serving.result()}"
    # serve() handles SIGTERM from its start, before any component runs.
    os.kill(os.getpid(), signal.SIGTERM)
    return await asyncio.wait_for(serving, SHUTDOWN_LIMIT_S + MARGIN_S)


def logged(caplog: pytest.LogCaptureFixture, message: str) -> list[dict[str, Any]]:
    return [r.listminder_fields for r in caplog.records if r.getMessage() == message]  # type: ignore[attr-defined]


async def test_a_failing_component_is_restarted_with_a_growing_then_capped_back_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    flaky, steady = Failing(5), Failing(0)
    assert await serve_until(daemon(tmp_path, flaky, steady), flaky.working.wait) == 0
    assert (flaky.runs, steady.runs) == (6, 1)
    failed = logged(caplog, "component.failed")
    assert [entry["component"] for entry in failed] == ["c0"] * 5
    assert [entry["restart_in_s"] for entry in failed] == [0.001, 0.002, 0.004, 0.004, 0.004]


async def test_a_component_that_always_fails_does_not_hold_the_stop(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Failing(failures=10**9)
    assert await serve_until(daemon(tmp_path, broken), broken.started(20).wait) == 0
    assert broken.runs >= 20
    assert logged(caplog, "daemon.drain_timeout") == []


async def test_a_stop_drains_every_component_and_cancels_nothing_that_drained(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = Failing(0), Failing(0)

    async def both_working() -> None:
        await asyncio.gather(first.working.wait(), second.working.wait())

    assert await serve_until(daemon(tmp_path, first, second), both_working) == 0
    assert (first.cancelled, second.cancelled) == (False, False)
    assert logged(caplog, "daemon.drain_timeout") == []


async def test_a_component_that_never_drains_is_cancelled_at_the_shutdown_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stuck, good = Failing(0, drains=False), Failing(0)

    async def both_working() -> None:
        await asyncio.gather(stuck.working.wait(), good.working.wait())

    assert await serve_until(daemon(tmp_path, stuck, good), both_working) == 0
    assert (stuck.drain_cancelled, stuck.cancelled) == (True, True)
    assert good.cancelled is False
    assert logged(caplog, "daemon.drain_timeout") == [{"limit_s": SHUTDOWN_LIMIT_S, "unfinished": 1}]
