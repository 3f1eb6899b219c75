"""Log lines carry text from mail: a value can neither forge a second line nor drive a terminal, in
the text format and in the JSON one; and the real daemon's log stays clean for a hostile message."""

from __future__ import annotations

import json
import logging
import smtplib
from pathlib import Path

import pytest

from bot.logs import JsonFormatter, TextFormatter, fields
from tests.cli import Daemon, wait_for
from tests.servers.dovecot import free_port
from tests.test_admin import config_text
from tests.test_cli_output import HOSTILE_MESSAGE_ID, controls_in, hostile_message

# CR LF, and the line ends that json.dumps leaves as they are: NEL (a C1 control) and U+2028/U+2029,
# each a line break for str.splitlines and for many log readers.
FORGERIES = [
    "<a@x>\r\n2026-01-01T00:00:00.000Z INFO event=admin.login user=root",
    "<a@x>\x85event=forged",
    "<a@x>\u2028event=forged",
    "<a@x>\u2029event=forged",
    "<a@x>\x1b[2J\x1b]0;owned\x07\x9b31m",
]


def record(message_id: str) -> logging.LogRecord:
    made = logging.LogRecord("bot.ingest", logging.INFO, __file__, 1, "ingest.stored", None, None)
    for name, value in fields(message_id=message_id, list="mmwg").items():
        setattr(made, name, value)
    return made


@pytest.mark.parametrize("message_id", FORGERIES)
def test_a_text_log_value_stays_on_its_line(message_id: str) -> None:
    line = TextFormatter().format(record(message_id))
    assert len(line.splitlines()) == 1 and controls_in(line) == []
    assert " message_id=" in line and line.endswith(" list=mmwg")


@pytest.mark.parametrize("message_id", FORGERIES)
def test_a_json_log_value_is_escaped_and_kept_whole(message_id: str) -> None:
    line = JsonFormatter().format(record(message_id))
    assert len(line.splitlines()) == 1 and controls_in(line) == []
    assert json.loads(line)["message_id"] == message_id


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_daemon_logs_a_hostile_message_id_without_its_controls(tmp_path: Path, log_format: str) -> None:
    port = free_port()
    config = tmp_path / "listminder.toml"
    config.write_text(config_text(tmp_path, port, beta=True, alpha_cron="0 8 * * MON"))
    daemon = Daemon("--config", str(config), "--log-format", log_format, cwd=tmp_path)
    try:
        wait_for(lambda: "listener.started" in daemon.log, what="the listener")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("chair@example.org", ["beta@example.org"], hostile_message())
        wait_for(lambda: "ingest.stored" in daemon.log, what="the message to be stored")
    finally:
        daemon.close()
    log = daemon.log
    assert controls_in(log) == []
    stored = [line for line in log.splitlines() if "ingest.stored" in line]
    assert len(stored) == 1
    if log_format == "json":
        assert json.loads(stored[0])["message_id"] == HOSTILE_MESSAGE_ID
    else:
        assert 'message_id="<hostile\\u001b[2J@example.org>"' in stored[0]
