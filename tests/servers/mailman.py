"""A throwaway Mailman 3 core for tests: the `mailman` package from PyPI in its own virtual environment
(scripts/test installs it into .cache/mailman), on free loopback ports, with its outgoing SMTP pointed
at a port the test chooses (a relay of the harness)."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.cli import REPO
from tests.digest.smtp_server import free_port

VENV = Path(os.environ.get("LISTMINDER_TEST_MAILMAN_VENV", REPO / ".cache" / "mailman"))
MAILMAN = VENV / "bin" / "mailman"
REST_AUTH = "Basic " + base64.b64encode(b"restadmin:restpass").decode()
# Mailman's runners import their whole stack before the LMTP runner listens: seconds, not milliseconds.
START_LIMIT_S = 60.0


def available() -> bool:
    return MAILMAN.is_file()


class MailmanCore:
    def __init__(self, folder: Path, *, smtp_port: int) -> None:
        self.folder = folder
        self.lmtp_port = free_port()
        self.rest_port = free_port()
        self.config = folder / "mailman.cfg"
        self.config.write_text(
            f"""[mailman]
site_owner: owner@lists.example.org
layout: here
[paths.here]
var_dir: {folder / "var"}
[mta]
incoming: mailman.mta.null.NullMTA
lmtp_host: 127.0.0.1
lmtp_port: {self.lmtp_port}
smtp_host: 127.0.0.1
smtp_port: {smtp_port}
[webservice]
hostname: 127.0.0.1
port: {self.rest_port}
[archiver.prototype]
enable: no
"""
        )

    def cli(self, *args: str) -> str:
        # --run-as-root before -C: the tests run as root in CI.
        command = [str(MAILMAN), "--run-as-root", "-C", str(self.config), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"mailman {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def start(self) -> None:
        # `mailman start` keeps its caller's stdout open through the runners: its output goes to a file.
        with (self.folder / "start.log").open("w") as log:
            subprocess.run(
                [str(MAILMAN), "--run-as-root", "-C", str(self.config), "start"],
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=60,
                check=True,
            )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        """Until the LMTP runner takes connections and the REST API answers (its own readiness)."""
        deadline = time.monotonic() + START_LIMIT_S
        while not (_listens(self.lmtp_port) and self._rest_answers()):
            if time.monotonic() > deadline:
                logs = (self.folder / "var" / "logs" / "mailman.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"Mailman did not come up in {START_LIMIT_S:.0f} s:\n{logs}")
            # Polling: neither port tells when it will open.
            time.sleep(0.2)

    def _rest_answers(self) -> bool:
        try:
            self.rest("system/versions")
        except OSError:
            return False
        return True

    def rest(self, path: str) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.rest_port}/3.1/{path}", headers={"Authorization": REST_AUTH}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read())

    def members(self, list_id: str) -> list[str] | None:
        """The list's members; None when the roster cannot be read at this moment (Mailman answers 500
        while a member is being removed)."""
        try:
            found = self.rest(f"lists/{list_id}/roster/member")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                return None
            raise
        return sorted(entry["email"] for entry in found.get("entries", []))

    def stop(self) -> None:
        pid_file = self.folder / "var" / "master.pid"
        subprocess.run(
            [str(MAILMAN), "--run-as-root", "-C", str(self.config), "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        # `mailman stop` returns before the runners are gone; the folder must outlive them.
        deadline = time.monotonic() + 30
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)


def _listens(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
