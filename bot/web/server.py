"""The web component: aiohttp's server on the daemon's own event loop, one more component under the
lifecycle owner (started, drained, then cancelled within the daemon's limit)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
from typing import Protocol

from aiohttp import web

from bot.config import WebSettings
from bot.errors import SetupError
from bot.logs import fields
from bot.web.site import Site, SiteParts

log = logging.getLogger(__name__)

# How long requests in hand may take to finish on a drain; the daemon's own limit bounds it as well.
DRAIN_LIMIT_S = 5.0
# The servers of this process by the address they bind, each with the event set once it has let go
# of it: on a reload the new instance starts while the old one drains, and must bind after it.
_BOUND: dict[tuple[str, int], asyncio.Event] = {}


class WebReporter(Protocol):
    def __call__(self, *, listening: bool, address: str, error: str | None) -> None: ...


def _no_report(*, listening: bool, address: str, error: str | None) -> None:
    return None


class WebServer:
    name = "web"

    def __init__(self, parts: SiteParts, report: WebReporter = _no_report) -> None:
        self.parts = parts
        self._report = report
        self.site = Site(parts)
        self._runner: web.AppRunner | None = None
        self._bound = asyncio.Event()
        self.port: int | None = None

    @property
    def url(self) -> str:
        settings = self.parts.settings
        return f"http://{_host_in_url(settings.host)}:{self.port or settings.port}/"

    async def started(self) -> None:
        await self._bound.wait()

    async def run(self) -> None:
        settings = self.parts.settings
        address = (settings.host, settings.port)
        if settings.port:
            await _released(address)
        released = asyncio.Event()
        if settings.port:
            _BOUND[address] = released
        try:
            await self._serve()
        finally:
            released.set()
            if _BOUND.get(address) is released:
                del _BOUND[address]

    async def _serve(self) -> None:
        settings = self.parts.settings
        # No access log: a private list's token travels in the query string and must not be written down.
        runner = web.AppRunner(
            self.site.app(), access_log=None, handle_signals=False, shutdown_timeout=DRAIN_LIMIT_S
        )
        await runner.setup()
        self._runner = runner
        try:
            site = web.TCPSite(runner, settings.host, settings.port)
            try:
                await site.start()
            except OSError as exc:
                problem = bind_problem(settings, exc)
                self._report(listening=False, address=self.url, error=problem)
                raise SetupError(problem) from exc
            self.port = _bound_port(runner, settings.port)
            self._bound.set()
            self._report(listening=True, address=self.url, error=None)
            log.info("web.started", extra=fields(url=self.url, public_base_url=settings.base_url or "-"))
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
            self._runner = None

    async def drain(self) -> None:
        """Stop taking connections and let the requests in hand finish (aiohttp waits for them)."""
        runner = self._runner
        if runner is not None:
            await runner.shutdown()


async def _released(address: tuple[str, int]) -> None:
    """Wait (a bounded time) for the previous server of this process on ``address`` to let go of it."""
    previous = _BOUND.get(address)
    if previous is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(previous.wait(), DRAIN_LIMIT_S + 1.0)


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured


def _host_in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind_problem(settings: WebSettings, error: OSError) -> str:
    """One line for the admin: the address, why, and the setting to change."""
    reason = os.strerror(error.errno).lower() if error.errno else str(error)
    key = "web.host" if error.errno == errno.EADDRNOTAVAIL else "web.port"
    return f"cannot listen on {settings.host}:{settings.port}: {reason} (setting {key})"
