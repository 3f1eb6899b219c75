"""Resident memory of the daemon watching 20 mailboxes: idle, and after reading 10,000 real messages.

    python benchmarks/memory.py [--lists 20] [--messages 10000] [--corpus PATH] [--limit-s 900]

One Dovecot (started here) holds a user and INBOX per list; the daemon (`listminder run`, a fresh
SQLite file) watches all of them with IDLE. Memory is read from /proc/PID/status (VmRSS now, VmHWM the
peak): once every watcher is connected and the start-up work is done, then while the corpus messages
are APPENDed round-robin to the mailboxes and read by the daemon through its IMAP watchers, and at the
end, once every mailbox has been read to its last UID. The corpus defaults to the Indology archive
of the shared corpus beside the repository.
"""

from __future__ import annotations

import argparse
import imaplib
import sys
import threading
import time
from pathlib import Path

from harness import (
    DEFAULT_CORPUS,
    Dovecot,
    ListSpec,
    StoreView,
    Workspace,
    daemon_env,
    figure,
    free_port,
    iter_corpus,
    mib,
    proc_status,
    start_daemon,
    wait_for,
    write_config,
)


class Sampler(threading.Thread):
    """VmRSS every half second, for the largest value seen while the work runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            try:
                self.samples.append(proc_status(self.pid)["VmRSS"])
            except (OSError, KeyError):
                return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--lists", type=int, default=20)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS / "indology-1990-2022.pipermail.txt.gz")
    parser.add_argument("--limit-s", type=float, default=900.0)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus} (give --corpus)")

    users = {f"box{i:02d}": f"pw-box{i:02d}" for i in range(args.lists)}
    specs = [
        ListSpec(f"list{i:02d}", f"list{i:02d}@bench.test", imap_user=user) for i, user in enumerate(users)
    ]
    dovecot = Dovecot(users=users)
    ws = Workspace()
    daemon = None
    try:
        dovecot.start()
        write_config(ws, specs, free_port(), dovecot=dovecot)
        daemon = start_daemon(ws, daemon_env(ws, dovecot), imap_lists=len(specs))
        pid = daemon.process.pid
        start_status = proc_status(pid)
        figure(f"daemon watching {len(specs)} mailboxes (IDLE), idle: VmRSS {mib(start_status['VmRSS'])}")

        sampler = Sampler(pid)
        sampler.start()
        clients = {}
        for user, password in users.items():
            client = imaplib.IMAP4(dovecot.host, dovecot.imap_port, timeout=30)
            client.login(user, password)
            clients[user] = client
        last_uid: dict[str, int] = {}
        started = time.monotonic()
        sent = 0
        for n, raw in enumerate(iter_corpus(args.corpus, args.messages)):
            imap_user = specs[n % len(specs)].imap_user
            assert imap_user is not None
            typ, data = clients[imap_user].append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")
            last_uid[imap_user] = int(data[0].decode().split("]")[0].split()[-1])
            sent += 1
        appended_s = time.monotonic() - started
        for client in clients.values():
            client.logout()

        view = StoreView(ws.db)

        def all_read() -> bool:
            rows = {str(key): uid for key, uid in view.rows("SELECT source_key, last_uid FROM source_state")}
            done = 0
            for spec in specs:
                key = next((k for k in rows if k.startswith(f"imap:{spec.name}:")), None)
                if key is not None and int(str(rows[key])) >= last_uid.get(spec.imap_user or "", 0):
                    done += 1
            return done == len(specs)

        wait_for(all_read, args.limit_s, "every mailbox read to its last UID")
        read_s = time.monotonic() - started
        sampler.done.set()
        sampler.join()
        end_status = proc_status(pid)
        stored = view.messages()
        meetings = view.scalar("SELECT COUNT(*) FROM meetings")
        view.close()
        db_size = sum(p.stat().st_size for p in ws.folder.glob("listminder.db*"))

        figure(
            f"{sent} corpus messages APPENDed in {appended_s:.1f} s, all read by the daemon after "
            f"{read_s:.1f} s "
            f"({sent / read_s:.0f} messages/s); stored {stored} messages (one per Message-ID and list), "
            f"{meetings} meetings; SQLite {db_size / 1e6:.1f} MB"
        )
        peak_sampled = max(sampler.samples, default=end_status["VmRSS"])
        figure(
            f"after reading: VmRSS {mib(end_status['VmRSS'])}; peak while reading: VmHWM "
            f"{mib(end_status['VmHWM'])} (sampled VmRSS max {mib(peak_sampled)})"
        )
        return 0
    finally:
        if daemon is not None:
            daemon.close()
        dovecot.close()
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
