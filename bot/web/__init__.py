"""The HTTP component: list pages, meeting pages with their story, the subscribable .ics feeds,
/healthz and /metrics, served by aiohttp inside the daemon's event loop."""

from __future__ import annotations

from bot.web.server import WebServer

__all__ = ["WebServer"]
