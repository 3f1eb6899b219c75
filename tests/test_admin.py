"""An admin edits the config of a running daemon: each step is applied (or refused) live, and
`listminder status` reports it; the health check fails once the daemon is killed."""

from __future__ import annotations

import json
import smtplib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.health import HEARTBEAT_FILE
from tests.cli import Daemon, run_cli, wait_for
from tests.configs import daemon_config
from tests.servers.dovecot import free_port

ANNOUNCEMENT = (
    "From: Chair <chair@example.org>\r\nTo: beta@example.org\r\nSubject: Working group call\r\n"
    "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <admin-test-1@example.org>\r\n\r\n"
    "Our next working group call is on Thursday 3 December 2026 at 15:00 CET.\r\n"
)


def config_text(folder: Path, port: int, *, beta: bool, alpha_cron: str) -> str:
    alpha = (
        '[[lists]]\nname = "alpha"\naddress = "alpha@example.org"\ntimezone = "Europe/Zurich"\n'
        f'[lists.digests.reminder]\ncron = "{alpha_cron}"\n'
    )
    daemon = "heartbeat_interval_s = 0.2\nconfig_poll_interval_s = 0.1"
    text = daemon_config(folder, port=port, daemon=daemon, lists=alpha)
    if beta:
        text += '\n[[lists]]\nname = "beta"\naddress = "beta@example.org"\ntimezone = "Europe/Zurich"\n'
    return text


def status(config: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("status", "--json", "--config", str(config))
    return result.returncode, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def listed(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in report.get("lists", [])}


def next_reminder(config: Path) -> datetime:
    code, report = status(config)
    assert code == 0, report
    due = listed(report)["alpha"]["digests"]["reminder"]["next_due"]
    return datetime.fromisoformat(due).astimezone(ZoneInfo("Europe/Zurich"))


def scheduled_reminder(state_dir: Path) -> datetime:
    """The alpha reminder's next run as the daemon itself last wrote it into its heartbeat."""

    def beat_lists() -> dict[str, Any]:
        lists: dict[str, Any] = json.loads((state_dir / HEARTBEAT_FILE).read_text())["lists"]
        return lists

    wait_for(lambda: "digests" in beat_lists().get("alpha", {}), what="the schedule in the heartbeat")
    when = datetime.fromisoformat(beat_lists()["alpha"]["digests"]["reminder"])
    return when.astimezone(ZoneInfo("Europe/Zurich"))


def applied(daemon: Daemon) -> int:
    return daemon.log.count("event=config.applied")


def test_live_config_edits_and_status(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "listminder.toml"
    config.write_text(config_text(tmp_path, port, beta=False, alpha_cron="0 8 * * MON"))
    daemon = Daemon("--config", str(config), cwd=tmp_path)
    try:
        daemon.wait_logged("event=listener.started")
        wait_for(lambda: status(config)[0] == 0, what="a healthy status")
        assert set(listed(status(config)[1])) == {"alpha"}
        first = next_reminder(config)
        assert (first.weekday(), first.hour, first.minute) == (0, 8, 0)

        # A list is added: its address is taken by the listener, its mail ingested.
        config.write_text(config_text(tmp_path, port, beta=True, alpha_cron="0 8 * * MON"))
        wait_for(lambda: applied(daemon) == 1, what="the added list to be applied")
        # The config is applied when the listener's restart is started; it takes mail once it says so.
        wait_for(lambda: daemon.log.count("event=listener.started") == 2, what="the listener to restart")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("chair@example.org", ["beta@example.org"], ANNOUNCEMENT.encode())
        wait_for(lambda: listed(status(config)[1]).get("beta", {}).get("last_message_at") is not None)
        beta = run_cli("meetings", "--json", "--list", "beta", "--config", str(config))
        assert [json.loads(line)["start"][:10] for line in beta.stdout.splitlines()] == ["2026-12-03"]

        # The digest's cron changes: its next run moves.
        config.write_text(config_text(tmp_path, port, beta=True, alpha_cron="30 9 * * TUE"))
        wait_for(lambda: applied(daemon) == 2, what="the new cron to be applied")
        wait_for(lambda: next_reminder(config).weekday() == 1, what="the next run to move to Tuesday")
        moved = next_reminder(config)
        assert (moved.hour, moved.minute) == (9, 30)

        # Broken TOML: refused, logged by line, the daemon and its schedule unaffected.
        config.write_text(config_text(tmp_path, port, beta=True, alpha_cron="0 7 * * WED") + "[[lists\n")
        daemon.wait_logged("event=config.kept")
        assert "TOML syntax error" in daemon.log and "line" in daemon.log
        code, report = status(config)
        # The daemon runs on its last good config, so it is healthy; the file's problem is noted.
        assert code == 0 and "TOML syntax error" in report["notes"][0], report
        assert scheduled_reminder(tmp_path) == moved
        assert daemon.process.poll() is None

        # Fixed: applied.
        config.write_text(config_text(tmp_path, port, beta=True, alpha_cron="0 7 * * WED"))
        wait_for(lambda: applied(daemon) == 3, what="the fixed config to be applied")
        wait_for(lambda: next_reminder(config).weekday() == 2, what="the next run to move to Wednesday")

        # Killed: the health check goes unhealthy.
        daemon.process.kill()
        daemon.process.wait(timeout=10)
        code, report = status(config)
        assert code == 1 and report["healthy"] is False and "gone" in report["reason"]
    finally:
        daemon.close()
