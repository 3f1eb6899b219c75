"""`listminder run` as a subprocess: the embedded default, signals, and the health check."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import signal
import smtplib
import socket
import subprocess
from pathlib import Path

import pytest

from tests.cli import REPO, Daemon, cli_env, run_cli, wait_for
from tests.conftest import in_ci
from tests.sources.recorders import bare_lf_message

FAST = {
    "LISTMINDER_DAEMON__HEARTBEAT_INTERVAL_S": "0.2",
    "LISTMINDER_DAEMON__CONFIG_POLL_INTERVAL_S": "0.1",
    "LISTMINDER_INBOUND__SMTP__PORT": "0",
}


def start(daemons: list[Daemon], *args: str, cwd: Path, env: dict[str, str] | None = None) -> Daemon:
    daemon = Daemon(*args, cwd=cwd, env={**FAST, **(env or {})})
    daemons.append(daemon)
    return daemon


def status(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("status", *args, cwd=cwd, env=FAST)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_runs_on_the_embedded_default_and_stops_cleanly(
    tmp_path: Path, daemons: list[Daemon], signum: int
) -> None:
    daemon = start(daemons, cwd=tmp_path)
    daemon.wait_logged("event=heartbeat.started")
    wait_for(lambda: "curl smtp://" in daemon.stdout, what="the embedded default's banner")
    assert "running on the embedded default" in daemon.stdout and "list@listminder.test" in daemon.stdout
    # The listener's port is configured as 0: the banner gives the one bound, which takes mail.
    said = re.search(r"^  listener  SMTP on 127\.0\.0\.1:(\d+),", daemon.stdout, re.M)
    assert said and f"curl smtp://127.0.0.1:{said[1]} " in daemon.stdout, daemon.stdout
    with smtplib.SMTP("127.0.0.1", int(said[1]), timeout=5) as client:
        assert client.noop()[0] == 250
    wait_for(lambda: status(tmp_path).returncode == 0, what="a healthy status")
    assert daemon.stop(signum, timeout_s=5) == 0
    assert "event=daemon.stopped" in daemon.log
    assert "Traceback" not in daemon.log
    after = status(tmp_path)
    assert after.returncode == 1 and "stopped" in after.stdout


def test_status_reports_a_killed_daemon_unhealthy(tmp_path: Path, daemons: list[Daemon]) -> None:
    daemon = start(daemons, cwd=tmp_path)
    wait_for(lambda: status(tmp_path).returncode == 0, what="a healthy status")
    report = json.loads(status(tmp_path, "--json").stdout)
    assert report["healthy"] is True and report["daemon"]["pid"] == daemon.process.pid
    daemon.process.kill()
    daemon.process.wait(timeout=10)
    after = status(tmp_path)
    assert after.returncode == 1 and "UNHEALTHY" in after.stdout


def test_bad_config_at_start_names_the_key_and_does_not_start(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[[lists]]\nname = 'x'\naddress = 'x@example.org'\ntimezone = 'Nowhere/Land'\n")
    result = run_cli("run", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "lists[0].timezone: unknown time zone 'Nowhere/Land'" in result.stderr


def test_a_listener_port_in_use_ends_the_daemon_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # Before, the supervisor retried the listener forever: this run would not end.
        result = run_cli("run", cwd=tmp_path, env={**FAST, "LISTMINDER_INBOUND__SMTP__PORT": str(port)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"listminder: cannot listen on 127.0.0.1:{port}: address already in use (setting inbound.smtp.port)"
    )


def listener_port(daemon: Daemon) -> int:
    daemon.wait_logged("event=listener.started")
    match = re.search(r"event=listener\.started .*?\bport=(\d+)", daemon.log)
    assert match, daemon.log
    return int(match[1])


def test_the_quick_start_takes_a_multi_kilobyte_eml_file_from_curl(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    if shutil.which("curl") is None:
        if in_ci():
            pytest.fail("CI=true but curl is not installed")
        pytest.skip("curl is not installed")
    daemon = start(daemons, cwd=tmp_path)
    port = listener_port(daemon)
    # The command the daemon prints at start, run as printed, with a real-sized file (bare LF endings).
    (printed,) = [line for line in daemon.stdout.splitlines() if line.strip().startswith("curl ")]
    (tmp_path / "call.eml").write_bytes(bare_lf_message(1, agenda_items=100))
    curl = shlex.split(printed.replace("127.0.0.1:0 ", f"127.0.0.1:{port} "))
    sent = subprocess.run(
        [*curl, "--silent", "--show-error"], cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert sent.returncode == 0, sent.stderr
    listed = run_cli("meetings", "--json", cwd=tmp_path, env=FAST)
    (meeting,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert meeting["start"] == "2025-06-12T15:00:00+00:00"


GOOD = "[[lists]]\nname = 'mmwg'\naddress = 'mmwg@example.org'\ntimezone = 'Europe/Zurich'\n"


def start_on_sighup_only(daemons: list[Daemon], config: Path) -> Daemon:
    """A daemon on the GOOD config that re-reads it on SIGHUP alone (its file watch made too slow to act)."""
    config.write_text(GOOD)
    return start(
        daemons,
        "--config",
        str(config),
        cwd=config.parent,
        env={"LISTMINDER_DAEMON__CONFIG_POLL_INTERVAL_S": "3600"},
    )


def test_sighup_refuses_an_invalid_edit_and_applies_a_valid_one(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    config = tmp_path / "listminder.toml"
    daemon = start_on_sighup_only(daemons, config)
    daemon.wait_logged("event=heartbeat.started")
    assert "embedded default" not in daemon.stdout

    config.write_text(GOOD.replace("Europe/Zurich", "Europe/Geneva") + "colour = 'red'\n")
    daemon.process.send_signal(signal.SIGHUP)
    daemon.wait_logged("event=config.kept")
    assert "lists[0].timezone: unknown time zone" in daemon.log
    assert "lists[0].colour: unknown key" in daemon.log
    assert daemon.process.poll() is None

    config.write_text(GOOD.replace("mmwg", "other"))
    daemon.process.send_signal(signal.SIGHUP)
    daemon.wait_logged("event=config.applied")
    assert "trigger=SIGHUP" in daemon.log and "list(s) (other)" in daemon.log
    assert daemon.stop(signal.SIGTERM, timeout_s=5) == 0


def test_a_reload_that_restarts_the_listener_tells_open_sessions_421(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    config = tmp_path / "listminder.toml"
    daemon = start_on_sighup_only(daemons, config)
    port = listener_port(daemon)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo()
        config.write_text(GOOD + "[inbound.smtp]\nmax_recipients = 7\n")
        daemon.process.send_signal(signal.SIGHUP)
        # The idle session is told why it ends (and that its server may try again), not just cut.
        code, text = client.getreply()
        assert code == 421, text
    daemon.wait_logged("event=config.applied")
    assert daemon.stop(signal.SIGTERM, timeout_s=5) == 0


def test_an_edit_on_disk_is_noticed_without_a_signal(tmp_path: Path, daemons: list[Daemon]) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(GOOD)
    daemon = start(daemons, "--config", str(config), cwd=tmp_path)
    daemon.wait_logged("event=heartbeat.started")
    config.write_text(GOOD + "[lists.digests.reminder]\ncron = 'every monday'\n")
    # The poller may read a file half written and apply or refuse that too: wait for this edit's lines.
    wait_line(daemon, "event=config.invalid", "lists[0].digests.reminder.cron: bad cron expression")
    daemon.wait_logged("event=config.kept")
    config.write_text(GOOD.replace("mmwg", "renamed"))
    wait_line(daemon, "event=config.applied", 'trigger="file changed"', "list(s) (renamed)")
    assert daemon.stop(signal.SIGTERM, timeout_s=5) == 0


def wait_line(daemon: Daemon, *parts: str) -> None:
    """Wait for one log line holding every part: an earlier event of the same kind does not count."""

    def logged() -> bool:
        return any(all(part in line for part in parts) for line in daemon.log.splitlines())

    wait_for(lambda: logged() or daemon.process.poll() is not None, what=" and ".join(map(repr, parts)))
    assert logged(), f"daemon exited with {daemon.process.returncode}:\n{daemon.log}"


def _dockerfile_instruction(name: str) -> list[str]:
    text = (REPO / "Dockerfile").read_text()
    match = re.search(rf"^{name}\b.*?(\[.*\])\s*$", text, re.MULTILINE)
    assert match, f"no {name} with an exec-form command in the Dockerfile"
    command: list[str] = json.loads(match[1])
    return command


def test_dockerfile_entrypoint_and_healthcheck_work_outside_docker(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    entrypoint, cmd = _dockerfile_instruction("ENTRYPOINT"), _dockerfile_instruction("CMD")
    health = _dockerfile_instruction("HEALTHCHECK")
    assert entrypoint == ["listminder"] and cmd == ["run"]

    def check() -> int:
        return subprocess.run(
            health, cwd=tmp_path, env=cli_env(FAST), capture_output=True, check=False
        ).returncode

    assert check() != 0
    daemon = start(daemons, cwd=tmp_path)
    wait_for(lambda: check() == 0, what="the container health check to pass")
    daemon.process.kill()
    daemon.process.wait(timeout=10)
    assert check() != 0


def test_json_log_format_for_collectors(tmp_path: Path, daemons: list[Daemon]) -> None:
    daemon = start(daemons, "--log-format", "json", cwd=tmp_path)
    daemon.wait_logged('"event": "heartbeat.started"')
    assert daemon.stop(signal.SIGTERM, timeout_s=5) == 0
    entries = [json.loads(line) for line in daemon.log.splitlines()]
    assert {"daemon.started", "heartbeat.started", "daemon.stopped"} <= {e["event"] for e in entries}
    assert all({"time", "level", "event"} <= set(e) for e in entries)


def test_a_password_variable_unset_at_start_is_named_and_the_daemon_does_not_start(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(GOOD + "[lists.imap]\nhost = '127.0.0.1'\nusername = 'u'\npassword_env = 'UNSET_PW'\n")
    result = run_cli("run", "--config", str(config), cwd=tmp_path, env=FAST)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "lists[0].imap.password_env: the variable UNSET_PW is not set" in result.stderr


def test_sighup_reload_names_secret_problems_without_the_secrets(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    config = tmp_path / "listminder.toml"
    daemon = start_on_sighup_only(daemons, config)
    daemon.wait_logged("event=heartbeat.started")
    imap = "[lists.imap]\nhost = '127.0.0.1'\nusername = 'u'\n"
    config.write_text(
        GOOD
        + imap
        + "password = 918273645\n"
        + GOOD.replace("mmwg", "second")
        + imap
        + "password_env = 'UNSET_PW'\n"
        + "[store]\nurl = 'mysql://bot:S3cr3t-hunter2@db.example.org/lm'\n"
    )
    daemon.process.send_signal(signal.SIGHUP)
    daemon.wait_logged("event=config.kept")
    assert "lists[0].imap.password: Input should be a valid string" in daemon.log
    assert "mysql://bot:***@db.example.org" in daemon.log
    assert "918273645" not in daemon.log and "S3cr3t" not in daemon.log

    # Valid as text, but a variable it names is not set: refused the same way as at start.
    config.write_text(GOOD + GOOD.replace("mmwg", "second") + imap + "password_env = 'UNSET_PW'\n")
    daemon.process.send_signal(signal.SIGHUP)
    wait_for(lambda: daemon.log.count("event=config.kept") == 2, what="the second refusal")
    assert "lists[1].imap.password_env: the variable UNSET_PW is not set" in daemon.log
    assert "event=config.applied" not in daemon.log
    assert daemon.stop(signal.SIGTERM, timeout_s=5) == 0
    assert "918273645" not in daemon.log + daemon.stdout and "S3cr3t" not in daemon.log + daemon.stdout
