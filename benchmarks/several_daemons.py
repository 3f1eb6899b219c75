"""Three daemons sharing one PostgreSQL store with thousands of lists, one of them killed mid-run.

    python benchmarks/several_daemons.py [--lists 2000] [--takeover-s 60] [--check-s 20] [--kill-after 0.4]

Starts its own PostgreSQL (initdb into a temporary folder, as the postgres user when run as root, like
the test suite's) and prints, in one run:
- ingest rates into SQLite and into PostgreSQL side by side: the same generated announcements (two per
  list, meetings three and six weeks ahead) through the intake path in batches of 100, as `listminder
  ingest` does; the PostgreSQL store is the one the daemons then share;
- three `listminder run` processes on that store (file transport, each into its own folder): how long
  until every list has an owner and how the lists are shared;
- one daemon killed with SIGKILL once a share (--kill-after) of the digests is written: how long until
  its lists are owned again (the goal: within takeover_after_s), then whether every list's digest was
  sent exactly once (the outbox rows, and the files across the three folders: a copy would show as a
  second file) and none lost;
- the per-meeting reminder pass (every --check-s seconds; every 60 s by default) as each daemon logged
  it: lists read and the time it took, before and after the kill.

Wall-clock figures on a shared machine: the load is printed beside each.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import Daemon, figure, list_call, wait_for

from bot.config import ListSettings, StoreSettings
from bot.ingest import Arrival, Ingestor
from bot.sources.archive_import import BATCH
from bot.store import OutboxState, Store
from tests.servers.postgres import Postgres

DAEMONS = 3
MEETINGS_PER_LIST = 2
FROM = "listminder@bench.example.org"


def list_names(count: int) -> list[str]:
    return [f"l{n:04}" for n in range(count)]


def list_settings(names: Sequence[str]) -> list[ListSettings]:
    return [ListSettings(name=name, address=f"{name}@bench.example.org", timezone="UTC") for name in names]


async def ingest_rate(settings: StoreSettings, lists: Sequence[ListSettings], raws: Sequence[bytes]) -> float:
    """Messages per second of wall-clock time through the intake path, in batches of 100."""
    async with await Store.open(settings) as store:
        ingestor = Ingestor(store, lists, FROM)
        now = datetime.now(UTC)
        started = time.perf_counter()
        for first in range(0, len(raws), BATCH):
            arrivals = [Arrival("bench", raw, now) for raw in raws[first : first + BATCH]]
            await ingestor.ingest_many(arrivals, list_name=None)
        took_s = time.perf_counter() - started
        stored = sum((await store.message_counts()).values())
    if stored != len(raws):
        raise SystemExit(f"{stored} of {len(raws)} messages stored in {settings.url.split(':')[0]}")
    return len(raws) / took_s


def config(url: str, names: Sequence[str], takeover_s: float, check_s: float) -> str:
    head = f"""\
[store]
url = "{url}"

[daemon]
takeover_after_s = {takeover_s}
outbox_check_s = {check_s}

[inbound.smtp]
enabled = false

[outbound]
transport = "file"
from_address = "{FROM}"
"""
    lists = "".join(
        f"""
[[lists]]
name = "{name}"
address = "{name}@bench.example.org"
timezone = "UTC"
admins = ["chair@example.org"]
[lists.digests.reminder]
cron = "0 8 * * MON"
send_empty = true
[lists.reminders]
before = ["7d", "1d"]
"""
        for name in names
    )
    return head + lists


def start(folder: Path, config_path: Path) -> Daemon:
    folder.mkdir()
    env = {
        "LISTMINDER_DAEMON__DAEMON_ID": folder.name,
        "LISTMINDER_DAEMON__STATE_DIR": str(folder),
        "LISTMINDER_OUTBOUND__OUTBOX_DIR": str(folder / "outbox"),
    }
    return Daemon("--config", str(config_path), cwd=folder, env=env)


async def _owners(url: str) -> dict[str, str]:
    async with await Store.open_for_reading(StoreSettings(url=url)) as store:
        at = datetime.now(UTC)
        return {lease.list_name: lease.owner for lease in await store.leases() if lease.expires_at > at}


def owners(url: str) -> dict[str, str]:
    return asyncio.run(_owners(url))


async def _outbox_states(url: str, names: Sequence[str]) -> Counter[str]:
    async with await Store.open_for_reading(StoreSettings(url=url)) as store:
        states: Counter[str] = Counter()
        for name in names:
            item = await store.last_sent(name, "reminder")
            states["sent" if item is not None else "not sent"] += 1
        due = await store.outbox_due(datetime.now(UTC) + timedelta(days=1))
        states["claimed or waiting"] = sum(1 for entry in due if entry.state is not OutboxState.SENT)
        return states


def files(folders: Sequence[Path]) -> Counter[str]:
    return Counter(path.name for folder in folders for path in (folder / "outbox").glob("*reminder*.eml"))


PASS = re.compile(r"event=reminders\.checked lists=(\d+) queued=(\d+) took_s=([\d.]+)")


def passes(daemon: Daemon) -> list[tuple[int, float]]:
    return [(int(m[1]), float(m[3])) for m in PASS.finditer(daemon.log)]


def describe_passes(label: str, found: Sequence[tuple[int, float]]) -> str:
    if not found:
        return f"{label}: no pass logged"
    times = [took for _, took in found]
    lists = found[-1][0]
    return (
        f"{label}: {len(found)} passes over {lists} lists, median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s ({1000 * statistics.median(times) / max(lists, 1):.2f} ms per list)"
    )


def run(args: argparse.Namespace) -> None:
    names = list_names(args.lists)
    lists = list_settings(names)
    now = datetime.now(UTC)
    # Three and six weeks ahead: read by every reminder pass, due for no reminder yet.
    raws = [
        list_call(name, n, (now + timedelta(weeks=3 * (n + 1))).date(), now)
        for name in names
        for n in range(MEETINGS_PER_LIST)
    ]
    server = Postgres()
    running: list[Daemon] = []
    with tempfile.TemporaryDirectory(prefix="listminder-bench-") as tmp:
        folder = Path(tmp)
        try:
            server.start()
            url = server.url(server.create_database())
            sqlite_rate = asyncio.run(
                ingest_rate(StoreSettings(url=f"sqlite:///{folder}/ingest.db"), lists, raws)
            )
            postgres_rate = asyncio.run(ingest_rate(StoreSettings(url=url), lists, raws))
            figure(
                f"ingest, {len(raws)} messages in batches of {BATCH}: SQLite {sqlite_rate:.0f} msg/s, "
                f"PostgreSQL {postgres_rate:.0f} msg/s (ratio {postgres_rate / sqlite_rate:.2f})"
            )
            config_path = folder / "listminder.toml"
            config_path.write_text(config(url, names, args.takeover_s, args.check_s))
            folders = [folder / f"daemon-{n}" for n in range(DAEMONS)]
            started = time.monotonic()
            running = [start(each, config_path) for each in folders]
            wait_for(lambda: len(owners(url)) == len(names), timeout_s=300, what="every list owned")
            figure(
                f"every list owned {time.monotonic() - started:.1f} s after the three daemons were started"
            )
            wait_for(
                lambda: sum(files(folders).values()) >= args.kill_after * len(names),
                timeout_s=600,
                what=f"{args.kill_after:.0%} of the digests written",
            )
            shares = Counter(owners(url).values())
            figure(f"shares before the kill: {dict(sorted(shares.items()))}")
            victim = running[-1]
            orphans = {name for name, owner in owners(url).items() if owner == folders[-1].name}
            victim.process.send_signal(signal.SIGKILL)
            victim.process.wait(timeout=10)
            killed_at = time.monotonic()
            written_at_kill = sum(files(folders).values())
            passes_at_kill = [len(passes(each)) for each in running[:-1]]
            survivors = {each.name for each in folders[:-1]}

            def taken_over() -> bool:
                found = owners(url)
                return len(found) == len(names) and set(found.values()) <= survivors

            wait_for(taken_over, timeout_s=args.takeover_s * 3, what="the killed daemon's lists owned again")
            took_s = time.monotonic() - killed_at
            verdict = "met" if took_s <= args.takeover_s else "MISSED"
            figure(
                f"SIGKILL with {len(orphans)} lists and {written_at_kill} of {len(names)} digests written: "
                f"its lists owned again after {took_s:.1f} s "
                f"(takeover_after_s = {args.takeover_s:g}: {verdict}); "
                f"shares now {dict(sorted(Counter(owners(url).values()).items()))}"
            )
            # A digest the killed daemon had claimed waits for its claim to run out (ten minutes): it
            # is counted as claimed rather than waited for.
            wait_for(
                lambda: asyncio.run(_outbox_states(url, names))["sent"] >= len(names) - 1,
                timeout_s=600,
                what="the digests after the takeover",
            )
            wait_for(
                lambda: all(
                    len(passes(each)) >= seen + args.passes_after
                    for each, seen in zip(running[:-1], passes_at_kill, strict=True)
                ),
                timeout_s=args.check_s * (args.passes_after + 2) + 120,
                what="reminder passes after the takeover",
            )
            written = files(folders)
            states = asyncio.run(_outbox_states(url, names))
            twice = sorted(name for name, count in written.items() if count > 1)
            figure(
                f"digests: {len(written)} lists' digests written as {sum(written.values())} files "
                f"({len(twice)} written twice{': ' + ', '.join(twice) if twice else ''}); outbox: "
                f"{states['sent']} sent, {states['not sent']} not sent "
                f"({states['claimed or waiting']} claimed by a daemon or waiting for a retry)"
            )
            for each, seen in zip(running, [*passes_at_kill, len(passes(victim))], strict=True):
                name = each.cwd.name
                figure(describe_passes(f"reminder pass, {name}, before the kill", passes(each)[:seen]))
                if each is not victim:
                    figure(describe_passes(f"reminder pass, {name}, after the kill", passes(each)[seen:]))
        finally:
            for each in running:
                each.close()
            server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=2000)
    parser.add_argument("--takeover-s", type=float, default=60.0)
    parser.add_argument("--check-s", type=float, default=20.0, help="the reminder pass's interval")
    parser.add_argument("--kill-after", type=float, default=0.4, help="share of the digests written first")
    parser.add_argument(
        "--passes-after", type=int, default=3, help="reminder passes to wait for after the kill"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
