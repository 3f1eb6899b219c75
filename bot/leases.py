"""Lists divided between daemons that share one store: which lists this daemon owns.

Each list has one owner at a time, by a lease row in the store (bot.store.leases, the outbox claim's
rules). The `ListLeases` component renews this daemon's leases on a heartbeat, takes free and orphaned
lists up to its fair share (the lists divided by the daemons alive), gives back what it holds beyond
that share, and tells `Ownership` what it holds; the daemon then starts and stops the lists' IMAP
watchers and digest schedules to match. A lease lasts two thirds of ``takeover_after_s`` and is renewed
six times in that span, so a daemon that stops renewing loses its lists to another within
``takeover_after_s``, and a renewal that comes late by a few seconds loses nothing. A daemon takes no
list on its first beat, only registers: daemons started together count each other before taking.

Why a lease table and not a PostgreSQL task queue with periodic tasks (procrastinate and the like): the
work to divide is not a stream of short jobs but long-lived per-list duties (an IMAP IDLE connection, a
schedule), which a queue would have to re-enqueue forever; the table uses the store's own engine and
driver (asyncpg; procrastinate needs psycopg and a schema of its own) and the same code runs on SQLite.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import random
import secrets
import socket
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock, now
from bot.errors import StoreError
from bot.logs import fields
from bot.store import LeaseRound, Store

log = logging.getLogger(__name__)

# The lease's length and the renewal interval, as parts of takeover_after_s (see the module's text).
LEASE_PART = 2 / 3
RENEW_PART = 1 / 6


def new_daemon_id() -> str:
    """host:pid:random, so that two daemons are told apart even in containers with the same pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Ownership:
    """The lists this daemon runs IMAP watchers and schedules for; ``owned`` None means all of them
    (one daemon on a SQLite store, no leases)."""

    daemon_id: str
    # True when the store is shared by several daemons (PostgreSQL): the lists are held by leases.
    shared: bool = False
    # The lists of the config in force (the daemon sets it at start and on each reload).
    configured: frozenset[str] = frozenset()
    owned: frozenset[str] | None = None
    # Until when the leases held were last renewed; past it, another daemon may hold them.
    expires_at: datetime | None = None
    on_change: list[Callable[[], None]] = field(default_factory=list)

    def owns(self, list_name: str) -> bool:
        return self.owned is None or list_name in self.owned

    def update(self, owned: frozenset[str], expires_at: datetime | None) -> None:
        changed = owned != self.owned
        self.owned, self.expires_at = owned, expires_at
        if changed:
            for callback in self.on_change:
                callback()


@dataclass(frozen=True, slots=True)
class ShareOut:
    take: tuple[str, ...]
    release: tuple[str, ...]


def share_out(names: Sequence[str], found: LeaseRound, daemon_id: str, at: datetime) -> ShareOut:
    """What to take and what to give back for a fair share: at most ceil(lists / daemons alive) each,
    so that daemons starting together end up with about the same number of lists."""
    wanted = set(names)
    owned = found.owned & wanted
    share = math.ceil(len(wanted) / max(found.alive, 1))
    held = {lease.list_name for lease in found.leases if lease.owner != daemon_id and lease.expires_at > at}
    free = [name for name in names if name not in owned and name not in held]
    # In a random order: daemons reaching for free lists at the same moment mostly reach for different ones.
    take = random.sample(free, min(len(free), max(0, share - len(owned))))
    excess = sorted(owned)[share:]
    unknown = sorted(found.owned - wanted)
    return ShareOut(tuple(take), tuple(excess + unknown))


class ListLeases:
    """The `Component` that holds this daemon's list leases."""

    name = "leases"

    def __init__(
        self,
        store: Store,
        ownership: Ownership,
        *,
        takeover_after_s: float,
        clock: Clock = now,
    ) -> None:
        self.store = store
        self.ownership = ownership
        self.lease = timedelta(seconds=takeover_after_s * LEASE_PART)
        self.renew_s = takeover_after_s * RENEW_PART
        self.clock = clock
        self._beats = 0

    async def run(self) -> None:
        while True:
            await self.beat()
            await asyncio.sleep(self.renew_s)

    async def beat(self) -> None:
        """One renewal: keep, take and give back leases, then tell the daemon what it owns."""
        at = self.clock()
        until = at + self.lease
        daemon_id = self.ownership.daemon_id
        try:
            found = await self.store.lease_round(daemon_id, at, until)
            plan = share_out(sorted(self.ownership.configured), found, daemon_id, at)
            if self._beats == 0:
                # The first beat only says that this daemon is alive: daemons starting together then
                # all count each other before any takes a share, instead of the first taking everything.
                plan = ShareOut((), plan.release)
            self._beats += 1
            await self.store.lease_release(daemon_id, plan.release, at)
            taken = await self.store.lease_take(daemon_id, plan.take, at, until)
        except StoreError as exc:
            self._unrenewed(at, exc)
            return
        owned = frozenset((found.owned - set(plan.release)) | taken)
        self._report(owned, taken, plan.release)
        self.ownership.update(owned, until)

    def _unrenewed(self, at: datetime, error: StoreError) -> None:
        """The store refused the renewal: keep the lists while their leases last, then let them go,
        since another daemon may hold them by then."""
        log.warning("leases.renew_failed", extra=fields(daemon=self.ownership.daemon_id, error=error))
        expires_at = self.ownership.expires_at
        if expires_at is not None and at >= expires_at and self.ownership.owned:
            lists = len(self.ownership.owned)
            log.warning("leases.lost", extra=fields(daemon=self.ownership.daemon_id, lists=lists))
            self.ownership.update(frozenset(), None)

    def _report(self, owned: frozenset[str], taken: Collection[str], released: Collection[str]) -> None:
        before = self.ownership.owned or frozenset()
        lost = before - owned - set(released)
        if taken or released or lost:
            log.info(
                "leases.changed",
                extra=fields(
                    daemon=self.ownership.daemon_id,
                    owned=len(owned),
                    taken=len(taken),
                    released=len(released),
                    lost=len(lost),
                ),
            )

    async def drain(self) -> None:
        """A clean stop: give every list back at once, so that other daemons need not wait for expiry."""
        held = self.ownership.owned or frozenset()
        try:
            await self.store.lease_retire(self.ownership.daemon_id, held, self.clock())
        except StoreError as exc:
            log.warning("leases.release_failed", extra=fields(daemon=self.ownership.daemon_id, error=exc))
