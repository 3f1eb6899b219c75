"""The web component in the daemon: planned from [web], its port taken is a start failure with the
reason, /healthz gives `listminder status`'s verdict, /metrics counts from the store and the board."""

from __future__ import annotations

import asyncio
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.components import Resources, plan
from bot.config import DaemonSettings, ListSettings, Settings, WebSettings
from bot.errors import SetupError
from bot.health import Beat, StatusBoard, heartbeat_path, judge, read_beat, write_beat
from bot.ingest import Ingestor
from bot.store import Store
from bot.web import WebServer
from bot.web.site import SiteParts
from tests.web.conftest import BOT, MMWG, StartWeb, ingest_files


def resources(store: Store, tmp_path: Path) -> Resources:
    return Resources("test", datetime.now(UTC), store, Ingestor(store, [MMWG], BOT), StatusBoard())


def test_the_daemon_plans_a_web_component_unless_it_is_turned_off(store: Store, tmp_path: Path) -> None:
    on = Settings(lists=[MMWG])
    assert "web" in [spec.key for spec in plan(on, resources(store, tmp_path))]
    off = Settings(lists=[MMWG], web=WebSettings(enabled=False))
    assert "web" not in [spec.key for spec in plan(off, resources(store, tmp_path))]


async def test_the_planned_component_serves_the_pages(store: Store, tmp_path: Path) -> None:
    settings = Settings(lists=[MMWG], web=WebSettings(port=0), daemon=DaemonSettings(state_dir=tmp_path))
    [spec] = [s for s in plan(settings, resources(store, tmp_path)) if s.key == "web"]
    server = spec.build()
    assert isinstance(server, WebServer)
    task = asyncio.create_task(server.run())
    await server.started()
    try:
        async with aiohttp.ClientSession() as session, session.get(server.url + "lists/mmwg/") as answer:
            assert answer.status == 200
    finally:
        await server.drain()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_port_taken_is_a_setup_error_naming_the_key(store: Store, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        board = StatusBoard()
        parts = SiteParts(
            WebSettings(port=port), (MMWG,), store, tmp_path / "beat", board.components, board.snapshot
        )
        with pytest.raises(SetupError, match=rf"cannot listen on 127.0.0.1:{port}: .*\(setting web.port\)"):
            await WebServer(parts).run()


async def test_healthz_gives_the_status_commands_verdict(
    store: Store, start_web: StartWeb, tmp_path: Path
) -> None:
    web = await start_web()
    status, _, body = await web.get("/healthz")
    assert status == 503
    assert body.decode().startswith("UNHEALTHY: no heartbeat")
    now = datetime.now(UTC).astimezone()
    beat = Beat(os.getpid(), now.isoformat(), now.isoformat(), 15.0, "test", unhealthy_after_s=300.0)
    path = heartbeat_path(Settings(daemon=DaemonSettings(state_dir=tmp_path)).daemon)
    write_beat(path, beat)
    status, _, body = await web.get("/healthz")
    assert status == 200
    assert body.decode() == f"healthy: {judge(read_beat(path), now).reason}\n"


async def test_metrics_count_messages_meetings_and_states(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-1-announce.eml")
    web = await start_web()
    status, headers, body = await web.get("/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }
    assert samples[("listminder_messages", (("state", "processed"),))] == 1
    assert samples[("listminder_messages", (("state", "quarantined"),))] == 0
    assert samples[("listminder_meetings", (("list", "mmwg"), ("status", "tentative")))] == 2


def samples_of(body: bytes, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
        if sample.name == name
    }


ECO = ListSettings(name="eco", address="eco@lists.test", timezone="Europe/Zurich")
OTHER = ListSettings(name="other", address="other@lists.test", timezone="America/New_York")


async def test_metrics_name_each_lists_owner_from_the_lease_table_when_scraped(
    any_store: Store, start_web: StartWeb
) -> None:
    web = await start_web(MMWG, ECO, OTHER, on_store=any_store, daemon_id="host-a:1:aa")
    _, _, body = await web.get("/metrics")
    assert samples_of(body, "listminder_daemon_info") == {(("daemon", "host-a:1:aa"),): 1}
    if any_store.engine.dialect.name == "sqlite":
        # One daemon on a SQLite store owns every list, without leases.
        assert samples_of(body, "listminder_list_owner") == {
            (("daemon", "host-a:1:aa"), ("list", name)): 1 for name in ("eco", "mmwg", "other")
        }
        return
    assert samples_of(body, "listminder_list_owner") == {
        (("daemon", ""), ("list", name)): 0 for name in ("eco", "mmwg", "other")
    }
    now = datetime.now(UTC)
    await any_store.lease_take("host-a:1:aa", ["mmwg"], now, now + timedelta(minutes=1))
    await any_store.lease_take("host-b:2:bb", ["eco"], now, now + timedelta(minutes=1))
    # A lease that ran out names no owner: another daemon is about to take the list.
    await any_store.lease_take(
        "host-c:3:cc", ["other"], now - timedelta(minutes=2), now - timedelta(minutes=1)
    )
    _, _, body = await web.get("/metrics")
    assert samples_of(body, "listminder_list_owner") == {
        (("daemon", "host-a:1:aa"), ("list", "mmwg")): 1,
        (("daemon", "host-b:2:bb"), ("list", "eco")): 1,
        (("daemon", ""), ("list", "other")): 0,
    }


async def test_two_web_components_in_one_process_keep_their_own_metrics(
    store: Store, start_web: StartWeb
) -> None:
    first, second = await start_web(), await start_web()
    assert (await first.get("/metrics"))[0] == 200
    assert (await second.get("/metrics"))[0] == 200
    assert first.server.site.metrics.registry is not second.server.site.metrics.registry
