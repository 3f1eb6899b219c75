"""Lists divided between daemons sharing one store: each list has one owner at a time, daemons that
start together share the lists about evenly, and the lists of a daemon that stops renewing (killed)
or gives them back (stopped) are taken over within ``takeover_after_s``. The daemons' clocks are the
test's, so that minutes pass without waiting; the store is real."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.components import Resources, plan
from bot.config import Settings, StoreSettings
from bot.health import StatusBoard, judge
from bot.ingest import Ingestor
from bot.leases import ListLeases, Ownership, ShareOut, share_out
from bot.status import as_json, as_text, collect
from bot.store import Lease, LeaseRound, Store
from tests.servers.postgres import Postgres
from tests.stores import engine_of

LISTS = frozenset(f"list-{n:02}" for n in range(30))
TAKEOVER_S = 60.0
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def stores(any_store_settings: StoreSettings) -> AsyncIterator[list[Store]]:
    """Three stores on one database, as three daemons have them: a SQLite file, a PostgreSQL database."""
    opened = [await Store.open(any_store_settings) for _ in range(3)]
    try:
        yield opened
    finally:
        for store in opened:
            await store.close()


def daemons(stores: list[Store], clock: Clock) -> list[ListLeases]:
    return [
        ListLeases(
            store,
            Ownership(f"daemon-{n}", shared=True, configured=LISTS, owned=frozenset()),
            takeover_after_s=TAKEOVER_S,
            clock=clock,
        )
        for n, store in enumerate(stores)
    ]


async def beat_all(leases: list[ListLeases]) -> None:
    for each in leases:
        await each.beat()


async def settle(leases: list[ListLeases], clock: Clock) -> None:
    """Two beats a renewal apart: every daemon has taken its share of the lists."""
    for _ in range(2):
        await beat_all(leases)
        clock.advance(leases[0].renew_s)


async def owners(store: Store, at: datetime) -> dict[str, str]:
    return {lease.list_name: lease.owner for lease in await store.leases() if lease.expires_at > at}


def owned(leases: ListLeases) -> frozenset[str]:
    return leases.ownership.owned or frozenset()


# --- the share, pure ------------------------------------------------------------------------------


def test_a_daemon_takes_at_most_its_share_of_the_free_lists_and_gives_back_what_is_over_it() -> None:
    names = sorted(LISTS)
    alone = LeaseRound(frozenset(), 3, ())
    assert len(share_out(names, alone, "a", START).take) == 10
    heavy = LeaseRound(frozenset(names[:25]), 2, ())
    assert share_out(names, heavy, "a", START) == ShareOut((), tuple(names[15:25]))
    others = tuple(Lease(name, "b", START, START + timedelta(seconds=40)) for name in names[:20])
    plan = share_out(names, LeaseRound(frozenset(), 2, others), "a", START)
    assert sorted(plan.take) == names[20:]


# --- on the store ---------------------------------------------------------------------------------


async def test_three_daemons_starting_together_own_a_third_each_and_every_list_once(
    stores: list[Store],
) -> None:
    clock = Clock()
    leases = daemons(stores, clock)
    await beat_all(leases)
    assert all(owned(each) == frozenset() for each in leases)
    clock.advance(leases[0].renew_s)
    await beat_all(leases)
    assert [len(owned(each)) for each in leases] == [10, 10, 10]
    held = await owners(stores[0], clock())
    assert set(held) == LISTS
    assert Counter(held.values()) == {"daemon-0": 10, "daemon-1": 10, "daemon-2": 10}


async def test_a_daemon_that_stops_renewing_loses_its_lists_to_the_others_within_the_takeover_time(
    stores: list[Store],
) -> None:
    clock = Clock()
    leases = daemons(stores, clock)
    await settle(leases, clock)
    killed_at = clock()
    orphans = owned(leases[2])
    survivors = leases[:2]
    while set((await owners(stores[0], clock())).values()) != {"daemon-0", "daemon-1"} or len(
        await owners(stores[0], clock())
    ) < len(LISTS):
        assert clock() - killed_at <= timedelta(seconds=TAKEOVER_S), "not taken over in time"
        await beat_all(survivors)
        clock.advance(leases[0].renew_s)
    assert owned(survivors[0]) | owned(survivors[1]) == LISTS
    assert owned(survivors[0]) & owned(survivors[1]) == frozenset()
    assert sorted(len(owned(each)) for each in survivors) == [15, 15]
    assert orphans <= owned(survivors[0]) | owned(survivors[1])


async def test_a_daemon_stopped_cleanly_gives_its_lists_back_at_once(stores: list[Store]) -> None:
    clock = Clock()
    leases = daemons(stores, clock)
    await settle(leases, clock)
    await leases[2].drain()
    await beat_all(leases[:2])
    assert owned(leases[0]) | owned(leases[1]) == LISTS
    assert "daemon-2" not in (await owners(stores[0], clock())).values()


async def test_a_daemon_that_renews_too_late_learns_that_its_lists_went_to_another(
    stores: list[Store],
) -> None:
    clock = Clock()
    late, other, _ = daemons(stores, clock)
    await settle([late, other], clock)
    assert len(owned(late)) == 15
    clock.advance(TAKEOVER_S)
    await other.beat()
    await late.beat()
    assert owned(other) == LISTS
    assert owned(late) == frozenset()


async def test_of_two_daemons_taking_the_same_free_lists_at_once_each_list_goes_to_one(
    stores: list[Store],
) -> None:
    until = START + timedelta(seconds=40)
    names = sorted(LISTS)
    first, second = await asyncio.gather(
        stores[0].lease_take("daemon-0", names, START, until),
        stores[1].lease_take("daemon-1", names, START, until),
    )
    assert first | second == LISTS and first & second == set()
    assert await stores[0].lease_take("daemon-2", names, START + timedelta(seconds=39), until) == set()
    assert await stores[0].lease_take("daemon-2", names, until, until + timedelta(seconds=40)) == set(names)


# --- what the daemon runs -------------------------------------------------------------------------


def site_with_mailboxes() -> Settings:
    mailbox = {"host": "127.0.0.1", "username": "bot", "password_file": "/dev/null"}
    lists = [{"name": n, "address": f"{n}@lists.test", "imap": mailbox} for n in ("a", "b", "c")]
    return Settings.model_validate({"lists": lists})


def test_a_daemon_runs_watchers_and_schedules_only_for_the_lists_it_owns_and_listens_for_all(
    store: Store,
) -> None:
    settings = site_with_mailboxes()
    board = StatusBoard()
    ingestor = Ingestor(store, settings.lists, settings.outbound.from_address)
    ownership = Ownership("d", shared=True, configured=frozenset({"a", "b", "c"}), owned=frozenset({"b"}))
    resources = Resources("test", START, store, ingestor, board, ownership=ownership)
    specs = {spec.key: spec for spec in plan(settings, resources)}
    assert {key for key in specs if key.startswith("imap:")} == {"imap:b"}
    assert {"leases", "listener", "digests"} <= set(specs)
    digests = specs["digests"].part
    assert isinstance(digests, tuple) and [item.name for item in digests[0]] == ["b"]
    # One daemon on SQLite: no leases, every list.
    alone = Resources("test", START, store, ingestor, board, ownership=Ownership("d"))
    keys = {spec.key for spec in plan(settings, alone)}
    assert "leases" not in keys and {"imap:a", "imap:b", "imap:c"} <= keys


async def test_a_daemon_cut_off_from_the_store_gives_up_its_lists_once_its_leases_ran_out(
    postgres_server: Postgres, postgres_url: str
) -> None:
    clock = Clock()
    async with await Store.open(StoreSettings(url=postgres_url)) as store:
        [leases] = daemons([store], clock)
        for _ in range(2):
            await leases.beat()
            clock.advance(leases.renew_s)
        assert owned(leases) == LISTS
        postgres_server.stop()
        try:
            # Within its leases it keeps running its lists: no other daemon may hold them yet.
            await leases.beat()
            assert owned(leases) == LISTS
            clock.advance(leases.lease.total_seconds())
            await leases.beat()
            assert owned(leases) == frozenset()
        finally:
            postgres_server.restart()
        await leases.beat()
        assert owned(leases) == LISTS


async def test_status_names_each_lists_owner_on_a_shared_store_and_none_with_sqlite(
    stores: list[Store], any_store_settings: StoreSettings
) -> None:
    clock = Clock()
    leases = daemons(stores, clock)
    await settle(leases, clock)
    names = sorted(LISTS)[:3]
    settings = Settings.model_validate(
        {"store": any_store_settings, "lists": [{"name": n, "address": f"{n}@lists.test"} for n in names]}
    )
    report = await collect(settings, stores[0], judge(None, clock()), clock())
    text = "\n".join(as_text(report))
    listed = {item["name"]: item["owner"] for item in as_json(report)["lists"]}
    if engine_of(any_store_settings) == "sqlite":
        assert "owner" not in text and set(listed.values()) == {None}
        return
    held = await owners(stores[0], clock())
    assert {name: entry["daemon"] for name, entry in listed.items()} == {n: held[n] for n in names}
    for name in names:
        assert f"list {name}:\n  owner         {held[name]}, lease until " in text
    # Counted over the lists of the report, which the three daemons took in a random order.
    holding = Counter(held[name] for name in names)
    shares = ", ".join(f"{daemon} ({count})" for daemon, count in sorted(holding.items()))
    assert f"store shared by {len(holding)} daemon(s), lists owned: {shares}" in text
