"""The web component started as the daemon starts it, on a free port, over a real store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from bot.config import DaemonSettings, ListSettings, WebSettings
from bot.health import StatusBoard, heartbeat_path
from bot.ingest import Ingestor
from bot.store import Store
from bot.web import WebServer
from bot.web.site import SiteParts

BOT = "listminder@bot.test"
# Between the seed's announcement (23 Nov 2006) and its confirmation: the meetings are tentative.
BEFORE_CONFIRMATION = datetime(2006, 12, 4, 8, tzinfo=UTC)
MMWG = ListSettings(
    name="mmwg",
    address="mmwg@wsis-cs.org",
    timezone="Europe/Zurich",
    admins=["chair@example.org"],
    archive_url="https://lists.example.org/archives/mmwg/{message_id}",
)


@dataclass
class Running:
    server: WebServer
    task: asyncio.Task[None]
    session: aiohttp.ClientSession

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    async def get(self, path: str, **headers: str) -> tuple[int, CIMultiDict[str], bytes]:
        async with self.session.get(self.base + path, headers=headers, allow_redirects=False) as response:
            return response.status, CIMultiDict(response.headers), await response.read()

    async def text(self, path: str) -> str:
        status, _, body = await self.get(path)
        assert status == 200, (path, status, body[:300])
        return body.decode("utf-8")


StartWeb = Callable[..., Any]


async def ingest_files(store: Store, lists: list[ListSettings], *paths: Path) -> None:
    intake = Ingestor(store, lists, BOT)
    for path in paths:
        await intake(path.read_bytes(), list_name=None, received_at=datetime.now(UTC), source=str(path))


@pytest.fixture
async def start_web(store: Store, tmp_path: Path) -> AsyncIterator[StartWeb]:
    started: list[Running] = []

    async def start(
        *lists: ListSettings,
        now: datetime = BEFORE_CONFIRMATION,
        settings: WebSettings | None = None,
        organizer: str = BOT,
        on_store: Store | None = None,
        daemon_id: str = "web-test",
    ) -> Running:
        board = StatusBoard()
        parts = SiteParts(
            settings or WebSettings(port=0),
            lists or (MMWG,),
            on_store or store,
            heartbeat_path(DaemonSettings(state_dir=tmp_path)),
            board.components,
            board.snapshot,
            organizer,
            now=lambda: now,
            daemon_id=daemon_id,
        )
        server = WebServer(parts)
        task = asyncio.create_task(server.run())
        ready = asyncio.create_task(server.started())
        await asyncio.wait([ready, task], timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            raise AssertionError(
                f"the web component did not start: {task.exception() if task.done() else 'timeout'}"
            )
        running = Running(server, task, aiohttp.ClientSession())
        started.append(running)
        return running

    yield start
    for running in started:
        await running.session.close()
        await running.server.drain()
        running.task.cancel()
        await asyncio.gather(running.task, return_exceptions=True)
