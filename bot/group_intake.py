"""Group commit for sources that deliver concurrently (the SMTP/LMTP listener under load).

Each message through the intake costs a transaction; SQLite takes one writer at a time, so concurrent
deliveries would queue for the lock one commit after the other. Here, while one group of a list's
messages is being committed, the messages arriving meanwhile wait together and go in the next group,
as one ``Ingestor.ingest_many`` call: one transaction whatever their number, each message's effects
still all or none. A lone message is committed at once; nothing waits for company.

Every caller still returns only once its own message is committed (or raises), so the listener's
"250 after commit" holds. When a group fails for any reason but an unavailable store, its messages are
committed one by one, so that one message cannot take the others down with it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from bot.errors import StoreUnavailable
from bot.ingest import Arrival, Ingestor, IngestResult

# Enough to share one commit among many sessions; small enough that a group's transaction stays short.
MAX_GROUP = 64


@dataclass(slots=True)
class _Waiting:
    arrival: Arrival
    done: asyncio.Future[IngestResult]


class GroupIntake:
    """An Intake (bot.sources.base) over an Ingestor that commits concurrent arrivals together."""

    def __init__(self, ingestor: Ingestor, max_group: int = MAX_GROUP) -> None:
        self._ingestor = ingestor
        self._max_group = max_group
        self._waiting: dict[str | None, list[_Waiting]] = {}
        self._committers: dict[str | None, asyncio.Task[None]] = {}

    async def __call__(
        self, raw: bytes, *, list_name: str | None, received_at: datetime, source: str
    ) -> IngestResult:
        done: asyncio.Future[IngestResult] = asyncio.get_running_loop().create_future()
        # Its caller may have given up (cancelled); the outcome is then nobody's to report.
        done.add_done_callback(_retrieve)
        self._waiting.setdefault(list_name, []).append(_Waiting(Arrival(source, raw, received_at), done))
        if list_name not in self._committers:
            self._committers[list_name] = asyncio.create_task(self._commit_groups(list_name))
        # Shielded: a caller that gives up must not cancel the commit of the others in its group.
        return await asyncio.shield(done)

    async def _commit_groups(self, list_name: str | None) -> None:
        group: list[_Waiting] = []
        try:
            while group := self._take(list_name):
                await self._commit(group, list_name)
        except BaseException:
            # Cancelled at shutdown: whoever still waits is told so rather than left waiting.
            for waiting in group + self._waiting.pop(list_name, []):
                waiting.done.cancel()
            raise
        finally:
            del self._committers[list_name]

    def _take(self, list_name: str | None) -> list[_Waiting]:
        waiting = self._waiting.pop(list_name, [])
        group, rest = waiting[: self._max_group], waiting[self._max_group :]
        if rest:
            self._waiting[list_name] = rest
        return group

    async def _commit(self, group: list[_Waiting], list_name: str | None) -> None:
        try:
            results = await self._ingestor.ingest_many([w.arrival for w in group], list_name=list_name)
        except StoreUnavailable as exc:
            _fail(group, exc)
        except Exception as exc:
            if len(group) == 1:
                _fail(group, exc)
            else:
                for one in group:
                    await self._commit([one], list_name)
        else:
            for waiting, result in zip(group, results, strict=True):
                if not waiting.done.done():
                    waiting.done.set_result(result)


def _retrieve(done: asyncio.Future[IngestResult]) -> None:
    if not done.cancelled():
        done.exception()


def _fail(group: list[_Waiting], exc: BaseException) -> None:
    for waiting in group:
        if not waiting.done.done():
            waiting.done.set_exception(exc)
