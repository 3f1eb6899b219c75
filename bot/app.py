"""The composition root and the one owner of the process lifecycle.

It builds every component from the settings (`bot.components.plan`), runs each as a supervised task
under one ``asyncio.run`` (a component that fails is restarted with a capped backoff, so one broken
mailbox never stops the others), and handles the signals once: SIGTERM/SIGINT drain and then cancel,
within ``daemon.shutdown_timeout_s``; SIGHUP, or an edit of the config file, re-reads the config and
applies it as a difference: only the components whose part of the settings changed are restarted.
An invalid edit is refused whole, and the daemon goes on with the last good config.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bot import clock
from bot.backoff import BackoffPolicy
from bot.components import Component, ComponentSpec, Resources, diff, plan
from bot.config import EMBEDDED_DEFAULT, Settings, find_config, redact_url
from bot.errors import ConfigError, SetupError
from bot.health import StatusBoard
from bot.ingest import Ingestor
from bot.leases import Ownership, new_daemon_id
from bot.logs import LogFormat, fields, setup_logging
from bot.notify import Notifier
from bot.preflight import load_checked_settings
from bot.store import Store, open_store

log = logging.getLogger(__name__)

# No jitter: the supervisor restarts one component it saw fail (mailboxes cut off together reconnect
# by their own jittered policy, inside the component), and its log line's restart_in_s is the delay.
RESTART_BACKOFF = BackoffPolicy(first_s=1.0, cap_s=60.0, jitter=0.0)
# Settings that shared resources were built from: a change needs a restart of the process.
RESTART_ONLY = ("store",)
# The components that bind a port, whose addresses the start banner gives.
BINDING = ("listener", "web")


@runtime_checkable
class Binding(Protocol):
    """A component that listens: ``started`` returns once it has bound, then ``port`` is the bound one
    (the system's choice when the configured port is 0)."""

    port: int | None

    async def started(self) -> object: ...


@dataclass
class _Running:
    spec: ComponentSpec
    component: Component
    task: asyncio.Task[None] | None = None
    failures: int = 0
    # Started with the daemon: a setup error then (a port taken) ends the daemon instead of a retry.
    at_start: bool = False


@dataclass
class Daemon:
    settings: Settings
    config_source: str
    # The path given on the command line, so that a reload re-reads the same file.
    config_arg: str | None
    planner: Callable[[Settings, Resources], list[ComponentSpec]] = plan
    # The wait before each restart of a failing component, the last one repeated.
    restart_backoff: BackoffPolicy = RESTART_BACKOFF
    notifier: Notifier = field(default_factory=Notifier.from_environment)
    # Told the ports the listener and the web component bound (by key), once they all have: the
    # embedded default's banner, which must not print a configured port 0.
    announce: Callable[[Mapping[str, int]], None] | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _running: dict[str, _Running] = field(default_factory=dict)
    _reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _background: set[asyncio.Task[None]] = field(default_factory=set)
    _fatal: SetupError | None = None

    async def serve(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self._request_stop, signum)
        loop.add_signal_handler(signal.SIGHUP, lambda: self._spawn(self.reload("SIGHUP")))
        async with open_store(self.settings.store) as store:
            board = StatusBoard()
            # Opening migrated it under the write lock: the store took a write.
            board.store(writable=True, error=None)
            ingestor = Ingestor(
                store, self.settings.lists, self.settings.outbound.from_address, report_store=board.store
            )
            started_at = clock.now().astimezone()
            ownership = self._ownership(store)
            self._resources = Resources(
                self.config_source, started_at, store, ingestor, board, self.notifier, ownership
            )
            ownership.on_change.append(self._follow_ownership)
            specs = self.planner(self.settings, self._resources)
            # The file as it is before any component starts: an edit made once the daemon says it
            # runs must count as a change, however late the watcher's first turn comes.
            watched = None
            if self.config_source != EMBEDDED_DEFAULT:
                path = Path(self.config_source)
                watched = (path, await asyncio.to_thread(_file_state, path))
            log.info("daemon.started", extra=fields(config=self.config_source, components=len(specs)))
            for spec in specs:
                self._start(spec, at_start=True)
            if self.announce is not None:
                self._spawn(self._announce_bound(self.announce))
            if watched is not None:
                self._spawn(self._watch_config(*watched))
            self.notifier.ready()
            await self._stop.wait()
            self.notifier.stopping()
            await self._shutdown()
        log.info("daemon.stopped")
        if self._fatal is not None:
            raise self._fatal
        return 0

    def _request_stop(self, signum: int) -> None:
        if not self._stop.is_set():
            log.info("daemon.stopping", extra=fields(signal=signal.Signals(signum).name))
        self._stop.set()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- reload -------------------------------------------------------------------------------------

    async def reload(self, reason: str) -> None:
        async with self._reload_lock:
            self.notifier.reloading()
            try:
                settings, source = await asyncio.to_thread(load_checked_settings, self.config_arg)
            except ConfigError as exc:
                for problem in exc.problems:
                    log.error("config.invalid", extra=fields(source=exc.source, problem=problem))
                log.warning(
                    "config.kept", extra=fields(reason="the edit is invalid; running on the last good config")
                )
            else:
                self._apply(settings, source, reason)
            self.notifier.ready()

    def _apply(self, settings: Settings, source: str, reason: str) -> None:
        for key in RESTART_ONLY:
            if getattr(settings, key) != getattr(self.settings, key):
                log.warning("config.needs_restart", extra=fields(key=key, reason="kept the running value"))
                settings = settings.model_copy(update={key: getattr(self.settings, key)})
        changes = diff({k: r.spec for k, r in self._running.items()}, self.planner(settings, self._resources))
        self.settings = settings
        self._resources.ingestor.configure(settings.lists, settings.outbound.from_address)
        self._resources.ownership.configured = frozenset(item.name for item in settings.lists)
        self._forget_unwatched()
        # A component the new config turns off (the listener) must not stay on the board as it was.
        self._resources.board.retire(set(changes.stop) - {spec.key for spec in changes.start})
        for key in changes.stop:
            self._spawn(self._stop_one(self._running.pop(key)))
        for spec in changes.start:
            self._start(spec)
        log.info(
            "config.applied",
            extra=fields(
                source=source,
                trigger=reason,
                restarted=",".join(s.key for s in changes.start) or "-",
                stopped=",".join(k for k in changes.stop if k not in {s.key for s in changes.start}) or "-",
                summary=settings.summary(),
            ),
        )

    # --- lists divided between daemons -----------------------------------------------------------------

    def _ownership(self, store: Store) -> Ownership:
        """With SQLite the one daemon owns every list; on a shared store (PostgreSQL), those it leases."""
        shared = store.engine.dialect.name != "sqlite"
        return Ownership(
            self.settings.daemon.daemon_id or new_daemon_id(),
            shared=shared,
            configured=frozenset(item.name for item in self.settings.lists),
            owned=frozenset() if shared else None,
        )

    def _follow_ownership(self) -> None:
        """Start and stop the lists' watchers and schedules as leases are taken and lost."""
        if self._stop.is_set():
            return
        changes = diff(
            {k: r.spec for k, r in self._running.items()}, self.planner(self.settings, self._resources)
        )
        self._forget_unwatched()
        for key in changes.stop:
            self._spawn(self._stop_one(self._running.pop(key)))
        for spec in changes.start:
            self._start(spec)
        owned = self._resources.ownership.owned
        log.info(
            "leases.applied",
            extra=fields(
                owned=len(owned) if owned is not None else "all",
                started=",".join(s.key for s in changes.start) or "-",
                stopped=",".join(k for k in changes.stop if k not in {s.key for s in changes.start}) or "-",
            ),
        )

    def _forget_unwatched(self) -> None:
        ownership = self._resources.ownership
        watched = {
            item.name for item in self.settings.lists if item.imap is not None and ownership.owns(item.name)
        }
        self._resources.board.forget(watched)

    async def _watch_config(self, path: Path, last: tuple[int, int, int] | None) -> None:
        """Reload when the file changes on disk: editors replace files, so compare the whole stat."""
        while True:
            await asyncio.sleep(self.settings.daemon.config_poll_interval_s)
            now = await asyncio.to_thread(_file_state, path)
            if now != last:
                last = now
                await self.reload("file changed")

    async def _announce_bound(self, announce: Callable[[Mapping[str, int]], None]) -> None:
        """Wait for the listening components to bind, then announce their ports. One that cannot bind
        ends the daemon with its one-line error, and this wait with it: nothing is announced."""
        ports: dict[str, int] = {}
        for key in BINDING:
            running = self._running.get(key)
            component = running.component if running is not None else None
            if isinstance(component, Binding):
                await component.started()
                if component.port is not None:
                    ports[key] = component.port
        announce(ports)

    # --- components ---------------------------------------------------------------------------------

    def _start(self, spec: ComponentSpec, *, at_start: bool = False) -> None:
        running = _Running(spec, spec.build(), at_start=at_start)
        running.task = asyncio.create_task(self._supervise(running), name=spec.key)
        self._running[spec.key] = running

    async def _supervise(self, running: _Running) -> None:
        key = running.spec.key
        while not self._stop.is_set():
            try:
                await running.component.run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if isinstance(exc, SetupError) and running.at_start and not running.failures:
                    self._fail_setup(key, exc)
                    return
                running.failures += 1
                delay = self.restart_backoff.delay(running.failures)
                log.exception("component.failed", extra=fields(component=key, restart_in_s=delay))
                await asyncio.sleep(delay)

    def _fail_setup(self, key: str, error: SetupError) -> None:
        log.error("component.setup_failed", extra=fields(component=key, error=str(error)))
        self._fatal = error
        self._stop.set()

    async def _stop_one(self, running: _Running) -> None:
        await self._stop_all([running])
        log.info("component.stopped", extra=fields(component=running.spec.key))

    async def _stop_all(self, items: list[_Running]) -> None:
        """Drain each, then cancel whatever is still running, within the shutdown limit."""
        limit_s = self.settings.daemon.shutdown_timeout_s
        drains = [asyncio.create_task(item.component.drain()) for item in items]
        done, pending = await asyncio.wait(drains, timeout=limit_s) if drains else (set(), set())
        for task in done:
            if task.exception() is not None:
                log.error("component.drain_failed", exc_info=task.exception())
        tasks = [item.task for item in items if item.task is not None]
        for task in [*pending, *tasks]:
            task.cancel()
        await asyncio.gather(*pending, *tasks, return_exceptions=True)
        if pending:
            log.warning("daemon.drain_timeout", extra=fields(limit_s=limit_s, unfinished=len(pending)))

    async def _shutdown(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        # The leases last: the lists are given back once their watchers and schedules are stopped.
        leases = [self._running.pop(key)] if (key := "leases") in self._running else []
        await self._stop_all(list(self._running.values()))
        await self._stop_all(leases)
        self._running.clear()


def _file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _embedded_banner(settings: Settings, ports: Mapping[str, int]) -> str:
    """What the daemon runs on without a config file, with the ports bound (``ports``, by component)."""
    listener = settings.inbound.smtp
    port = ports.get("listener", listener.port)
    first = settings.lists[0]
    return "\n".join(
        [
            "listminder: no config file found (--config, $LISTMINDER_CONFIG or ./listminder.toml);",
            "running on the embedded default:",
            f"  store     {redact_url(settings.store.url)}",
            f"  listener  SMTP on {listener.host}:{port}, for list '{first.name}' at {first.address}",
            *_web_line(settings, ports.get("web", settings.web.port)),
            f"  digests   written as .eml files into ./{settings.outbound.outbox_dir}/",
            "Send it a test message:",
            "  printf 'Subject: Project call\\n\\nOur next call is on Monday at 15:00 UTC.\\n' > call.eml",
            f"  curl smtp://{listener.host}:{port} --mail-from you@example.org "
            f"--mail-rcpt {first.address} --upload-file call.eml",
            "Then: listminder meetings. Write a config from config.example.toml to watch real lists.",
        ]
    )


def _print_banner(settings: Settings, ports: Mapping[str, int]) -> None:
    print(_embedded_banner(settings, ports), file=sys.stdout, flush=True)


def _web_line(settings: Settings, port: int) -> list[str]:
    web = settings.web
    if not web.enabled:
        return []
    host = f"[{web.host}]" if ":" in web.host else web.host
    return [f"  web       http://{host}:{port}/ (the lists' pages and calendar feeds)"]


def run_daemon(config_arg: str | None, *, log_format: LogFormat = "text") -> int:
    """`listminder run`: load the config (problems raise ConfigError to the CLI), then serve."""
    settings, source = load_checked_settings(config_arg)
    setup_logging(settings.daemon.log_level, log_format)
    announce = partial(_print_banner, settings) if source == EMBEDDED_DEFAULT else None
    # Reloads read the file found at start, even if $LISTMINDER_CONFIG changes meanwhile.
    path = find_config(config_arg)
    daemon = Daemon(settings, source, str(path) if path else None, announce=announce)
    return asyncio.run(daemon.serve())
