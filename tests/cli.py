"""Running the real command line as a subprocess, the way an admin does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LISTMINDER_")}
    # Daemons of tests run side by side: their web component on any free port, unless a test says.
    env["LISTMINDER_WEB__PORT"] = "0"
    env.update(extra or {})
    return env


def run_cli(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout_s: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd or REPO,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


class Daemon:
    """`listminder run` in a subprocess, its output in files that a test can read while it runs."""

    def __init__(self, *args: str, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.cwd = cwd
        self.stdout_path = cwd / "daemon.out"
        self.stderr_path = cwd / "daemon.err"
        with self.stdout_path.open("w") as out, self.stderr_path.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", *args], cwd=cwd, env=cli_env(env), stdout=out, stderr=err
            )

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text()

    @property
    def log(self) -> str:
        return self.stderr_path.read_text()

    def wait_logged(self, text: str, timeout_s: float = 15) -> None:
        wait_for(lambda: text in self.log or self.process.poll() is not None, timeout_s, repr(text))
        assert text in self.log, (
            f"daemon exited with {self.process.returncode} before logging {text!r}:\n{self.log}"
        )

    def stop(self, signum: int, timeout_s: float = 10) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=timeout_s)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], timeout_s: float = 15, what: str = "condition") -> None:
    """Poll a condition until it holds: readiness, never a fixed sleep."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)
