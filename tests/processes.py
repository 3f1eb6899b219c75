"""Child processes that must reach one point at the same moment (a race to reproduce): each prints a
line when its imports are done and then waits for a line on stdin."""

from __future__ import annotations

import subprocess
import sys

from tests.cli import REPO, cli_env

READY = "ready"
START_TIMEOUT_S = 120


def run_together(code: str, argument: str, count: int) -> list[tuple[int, str]]:
    """Run ``count`` Python processes of ``code`` (which prints READY, then reads a line before its
    racing part) with ``argument``, released at once; each one's exit status and error output."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, argument],
            cwd=REPO,
            env=cli_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    return release_together(processes)


def release_together(processes: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    """Wait until every process said it is ready, let them all go at once; each one's exit status and
    error output. Processes that end before saying ready are reported as they ended."""
    started = [process for process in processes if _wait_ready(process)]
    for process in started:
        if process.stdin is not None:
            process.stdin.write("go\n")
    for process in started:
        if process.stdin is not None:
            process.stdin.flush()
    return [(process.wait(timeout=START_TIMEOUT_S), process.communicate()[1]) for process in processes]


def _wait_ready(process: subprocess.Popen[str]) -> bool:
    # Import jitter alone spreads the processes by tens of milliseconds, which hides the race.
    return process.stdout is not None and process.stdout.readline().strip() == READY
