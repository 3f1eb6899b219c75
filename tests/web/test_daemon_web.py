"""The web component in the real daemon (`listminder run` in a subprocess): its address printed beside
the listener's and logged, its pages and /healthz served, and its port in use a start failure that
says so in one line."""

from __future__ import annotations

import re
import smtplib
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import Daemon, run_cli, wait_for
from tests.test_daemon import listener_port

FAST = {
    "LISTMINDER_DAEMON__HEARTBEAT_INTERVAL_S": "0.2",
    "LISTMINDER_INBOUND__SMTP__PORT": "0",
    "LISTMINDER_WEB__PORT": "0",
}


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Daemon]:
    running = Daemon(cwd=tmp_path, env=FAST)
    yield running
    running.close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        # Refused, or reset by the old instance as it closes: between the component's old instance and
        # its new one on a reload.
        return 0, ""


def test_the_daemon_serves_the_pages_and_says_where(daemon: Daemon) -> None:
    daemon.wait_logged("event=web.started")
    found = re.search(r"event=web\.started .*?url=(http://127\.0\.0\.1:\d+/)", daemon.log)
    assert found, daemon.log
    base = found[1]
    # The port is configured as 0: the banner gives the bound one, as the log does.
    wait_for(lambda: "  web " in daemon.stdout, what="the banner's web line")
    assert re.search(rf"^  web +{re.escape(base)} ", daemon.stdout, re.M), daemon.stdout
    assert not base.endswith(":0/")
    status, page = fetch(base + "lists/default/")
    assert status == 200 and "default meetings" in page
    wait_for(lambda: fetch(base + "healthz")[0] == 200, what="a healthy /healthz")
    assert fetch(base + "healthz")[1].startswith("healthy: ")
    status, metrics = fetch(base + "metrics")
    assert status == 200 and 'listminder_component_ok{component="web"} 1.0' in metrics
    # On its SQLite store the daemon owns its one list, and says so under its own name.
    daemon_id = re.search(r'^listminder_daemon_info\{daemon="([^"]+)"\} 1\.0$', metrics, re.M)
    assert daemon_id, metrics
    assert f'listminder_list_owner{{daemon="{daemon_id[1]}",list="default"}} 1.0' in metrics


def test_metrics_count_what_the_daemons_listener_turned_away(daemon: Daemon) -> None:
    port = listener_port(daemon)
    daemon.wait_logged("event=web.started")
    found = re.search(r"event=web\.started .*?url=(http://127\.0\.0\.1:\d+/)", daemon.log)
    assert found, daemon.log
    refused = 'listminder_listener_refusals_total{reason="unknown_recipient"}'
    assert refused not in fetch(found[1] + "metrics")[1]
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo()
        client.mail("chair@example.org")
        assert [client.rcpt(f"stranger{n}@example.net")[0] for n in (1, 2)] == [550, 550]
    assert f"{refused} 2.0" in fetch(found[1] + "metrics")[1]


def test_a_web_port_in_use_ends_the_daemon_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("run", cwd=tmp_path, env={**FAST, "LISTMINDER_WEB__PORT": str(port)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"listminder: cannot listen on 127.0.0.1:{port}: address already in use (setting web.port)"
    )


def test_a_reload_serves_the_new_lists_on_the_same_port(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "listminder.toml"
    good = "[[lists]]\nname = 'mmwg'\naddress = 'mmwg@example.org'\n"
    config.write_text(good)
    env = {**FAST, "LISTMINDER_WEB__PORT": str(port), "LISTMINDER_DAEMON__CONFIG_POLL_INTERVAL_S": "0.1"}
    running = Daemon("--config", str(config), cwd=tmp_path, env=env)
    try:
        running.wait_logged("event=web.started")
        base = f"http://127.0.0.1:{port}/"
        assert fetch(base + "lists/mmwg/")[0] == 200
        config.write_text(good.replace("mmwg", "renamed"))
        wait_for(lambda: fetch(base + "lists/renamed/")[0] == 200, what="the renamed list served")
        assert fetch(base + "lists/mmwg/")[0] == 404
        assert "event=component.failed" not in running.log, running.log
    finally:
        running.close()
