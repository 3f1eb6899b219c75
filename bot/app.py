"""The composition root and the one owner of the process lifecycle.

It builds every component from the settings (each gets only its own part), runs them as tasks under
one ``asyncio.run``, restarts a component that fails (with a capped backoff, so one broken mailbox
never stops the others), and handles the signals once: SIGTERM/SIGINT drain and then cancel, within
``daemon.shutdown_timeout_s``; SIGHUP re-reads and validates the config.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.config import EMBEDDED_DEFAULT, Settings, load_settings
from bot.errors import ConfigError
from bot.health import Heartbeat
from bot.logs import LogFormat, fields, setup_logging

log = logging.getLogger(__name__)

RESTART_BACKOFF_S = (1.0, 2.0, 5.0, 15.0, 60.0)


class Component(Protocol):
    """A long-running part of the daemon."""

    name: str

    async def run(self) -> None:
        """Work until cancelled. Raising means failure: the daemon logs it and starts it again."""

    async def drain(self) -> None:
        """Stop taking new work and return once the work in hand is done; run() is cancelled after."""


def build_components(settings: Settings, config_source: str, started_at: datetime) -> list[Component]:
    """Every component the settings ask for, each given only its own part of them."""
    components: list[Component] = [Heartbeat(settings.daemon, config_source, started_at)]
    return components


@dataclass
class _Supervised:
    component: Component
    task: asyncio.Task[None] | None = None
    failures: int = 0


@dataclass
class Daemon:
    settings: Settings
    config_source: str
    # The path given on the command line, so that SIGHUP re-reads the same file.
    config_arg: str | None
    factory: Callable[[Settings, str, datetime], list[Component]] = build_components
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _reloads: set[asyncio.Task[None]] = field(default_factory=set)

    async def serve(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self._request_stop, signum)
        loop.add_signal_handler(signal.SIGHUP, self._request_reload)
        started_at = datetime.now().astimezone()
        supervised = [_Supervised(c) for c in self.factory(self.settings, self.config_source, started_at)]
        log.info("daemon.started", extra=fields(config=self.config_source, components=len(supervised)))
        for item in supervised:
            self._start(item)
        await self._stop.wait()
        await self._shutdown(supervised)
        log.info("daemon.stopped")
        return 0

    def _request_stop(self, signum: int) -> None:
        if not self._stop.is_set():
            log.info("daemon.stopping", extra=fields(signal=signal.Signals(signum).name))
        self._stop.set()

    def _request_reload(self) -> None:
        task = asyncio.create_task(self._reload())
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)

    async def _reload(self) -> None:
        try:
            settings, source = await asyncio.to_thread(load_settings, self.config_arg)
        except ConfigError as exc:
            for problem in exc.problems:
                log.error("config.invalid", extra=fields(source=exc.source, problem=problem))
            log.warning(
                "config.kept", extra=fields(reason="the new config is invalid; running on the last good one")
            )
            return
        log.info("config.validated", extra=fields(source=source, summary=settings.summary()))
        log.warning(
            "config.not_applied", extra=fields(reason="live reload is not built yet; restart to apply")
        )

    def _start(self, item: _Supervised) -> None:
        item.task = asyncio.create_task(self._supervise(item), name=item.component.name)

    async def _supervise(self, item: _Supervised) -> None:
        name = item.component.name
        while not self._stop.is_set():
            try:
                await item.component.run()
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                item.failures += 1
                delay = RESTART_BACKOFF_S[min(item.failures, len(RESTART_BACKOFF_S)) - 1]
                log.exception("component.failed", extra=fields(component=name, restart_in_s=delay))
                await asyncio.sleep(delay)

    async def _shutdown(self, supervised: list[_Supervised]) -> None:
        limit_s = self.settings.daemon.shutdown_timeout_s
        drains = [asyncio.create_task(item.component.drain()) for item in supervised]
        done, pending = await asyncio.wait(drains, timeout=limit_s) if drains else (set(), set())
        for task in done:
            if task.exception() is not None:
                log.error("component.drain_failed", exc_info=task.exception())
        tasks = [item.task for item in supervised if item.task is not None]
        for task in [*pending, *tasks, *self._reloads]:
            task.cancel()
        await asyncio.gather(*pending, *tasks, *self._reloads, return_exceptions=True)
        if pending:
            log.warning("daemon.drain_timeout", extra=fields(limit_s=limit_s, unfinished=len(pending)))


def _embedded_banner(settings: Settings) -> str:
    listener = settings.inbound.smtp
    address = settings.lists[0].address if settings.lists else "list@listminder.test"
    return "\n".join(
        [
            "listminder: no config file found (--config, $LISTMINDER_CONFIG or ./listminder.toml);",
            "running on the embedded default:",
            f"  store     {settings.store.url}",
            f"  listener  SMTP on {listener.host}:{listener.port}, for list '{settings.lists[0].name}' "
            f"at {address}",
            f"  digests   written as .eml files into ./{settings.outbound.outbox_dir}/",
            "Send it a test message:",
            "  printf 'Subject: Project call\\n\\nOur next call is on Monday at 15:00 UTC.\\n' > call.eml",
            f"  curl smtp://{listener.host}:{listener.port} --mail-from you@example.org "
            f"--mail-rcpt {address} --upload-file call.eml",
            "Then: listminder meetings. Write a config from config.example.toml to watch real lists.",
        ]
    )


def run_daemon(config_arg: str | None, *, log_format: LogFormat = "text") -> int:
    """`listminder run`: load the config (problems raise ConfigError to the CLI), then serve."""
    settings, source = load_settings(config_arg)
    setup_logging(settings.daemon.log_level, log_format)
    if source == EMBEDDED_DEFAULT:
        print(_embedded_banner(settings), file=sys.stdout, flush=True)
    return asyncio.run(Daemon(settings, source, config_arg).serve())
