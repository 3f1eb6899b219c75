"""`listminder status` against a running daemon, with SQLite's write lock free and held by another
process (BEGIN IMMEDIATE), the case the container health check met when a command line was writing.

    python benchmarks/status_lock.py [--runs 9]

The daemon runs as a subprocess on a fresh SQLite file; each `status` is a new process, timed from its
start to its exit. The baseline is the same command in the same run with the lock free: the figure is
the ratio of the medians (a reader that waits for no writer stays near 1; one that opened the store
with a migration waited for the busy timeout, 30 s, and then failed).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing

from harness import ListSpec, Workspace, daemon_env, figure, listener_daemon

from tests.cli import cli_env


def time_status(ws: Workspace, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "status"],
        cwd=ws.folder,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"status failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with listener_daemon([ListSpec("bench", "bench@bench.test")]) as (ws, _daemon, _port):
        env = daemon_env(ws, None)
        time_status(ws, env)  # the first heartbeat is written, the interpreter's files are cached
        free = [time_status(ws, env) for _ in range(args.runs)]
        with closing(sqlite3.connect(ws.db, isolation_level=None)) as writer:
            writer.execute("BEGIN IMMEDIATE")
            held = [time_status(ws, env) for _ in range(args.runs)]
            writer.execute("ROLLBACK")
    free_s, held_s = statistics.median(free), statistics.median(held)
    figure(f"status, lock free (baseline): median {free_s:.2f} s over {args.runs} runs")
    figure(f"status, write lock held:      median {held_s:.2f} s over {args.runs} runs")
    figure(f"ratio held / free: {held_s / free_s:.2f}")


if __name__ == "__main__":
    main()
