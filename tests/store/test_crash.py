"""An archive import killed with SIGKILL midway and run again: every message once, no meeting twice."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from tests.cli import cli_env, wait_for
from tests.store.conftest import Installation

MESSAGES = 3000
THREAD = 10  # an announcement, then replies that quote it


def write_mbox(path: Path) -> None:
    start = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
    with path.open("w") as out:
        for n in range(MESSAGES):
            sent = start + timedelta(hours=6 * n)
            topic, first = divmod(n, THREAD)
            day = (start + timedelta(days=3 * topic + 20)).strftime("%A %d %B %Y")
            announce = f"The working group {topic} will meet on {day} at 14:00 in Room {topic}."
            root = f"<m{topic * THREAD}@gen.test>"
            if first == 0:
                headers, body = f"Subject: Working group {topic} meeting\n", announce
            else:
                headers = (
                    f"Subject: Re: Working group {topic} meeting\nIn-Reply-To: {root}\nReferences: {root}\n"
                )
                body = f"Thanks, noted; agenda point {n} added.\n\n> {announce}"
            out.write(
                f"From p{n % 37}@gen.test {sent.strftime('%a %b %d %H:%M:%S %Y')}\n"
                f"From: Person {n % 37} <p{n % 37}@gen.test>\nTo: mmwg@wsis-cs.org\n{headers}"
                f"Date: {format_datetime(sent)}\nMessage-ID: <m{n}@gen.test>\n\n{body}\n\n"
            )


def count(site: Installation, sql: str) -> int:
    try:
        [(value,)] = site.rows(sql)
    except DBAPIError:  # the schema is not there yet
        return 0
    return int(value)


def test_an_import_killed_midway_and_run_again_keeps_everything_once(
    site: Installation, tmp_path: Path
) -> None:
    mbox = tmp_path / "archive.mbox"
    write_mbox(mbox)
    command = [sys.executable, "-m", "bot", "ingest", str(mbox), "--config", str(site.config)]
    process = subprocess.Popen(
        command, cwd=site.folder, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: count(site, "select count(*) from messages") >= MESSAGES // 5, 120, "a fifth stored")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    interrupted = count(site, "select count(*) from messages")
    assert 0 < interrupted < MESSAGES, "the import was not interrupted midway"

    summary = site.run("ingest", str(mbox), timeout_s=300)
    assert f"read {MESSAGES} message(s)" in summary
    assert f"{MESSAGES - interrupted} new, {interrupted} already known" in summary

    assert site.rows("select count(*), count(distinct key) from messages") == [(MESSAGES, MESSAGES)]
    assert site.rows("select count(*), count(distinct start_day) from meetings") == [
        (MESSAGES // THREAD, MESSAGES // THREAD)
    ]
    # Every meeting was announced once and then only quoted: created, never changed.
    assert site.rows("select count(*) from meeting_history where action != 'created'") == [(0,)]
    assert site.rows("select count(distinct meeting_id) from meeting_threads") == [(MESSAGES // THREAD,)]
