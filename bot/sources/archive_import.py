"""An archive import (`listminder ingest PATH...`): every message found at the paths, through the intake.

The archive is the source here: it reads files (mbox, Maildir, folders of .eml) with the archive reader
and hands their messages to the one intake path, a batch at a time.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot import clock
from bot.ingest import Arrival, Ingestor, IngestResult, Summary
from bot.sources.archive import Entry, Unreadable, iter_entries

# Messages read, parsed, detected and committed together by an archive import: few trips to the worker
# thread and few commits, little held in memory; a crash loses at most one uncommitted batch.
BATCH = 100
# How many unreadable entries the summary line names; the rest are counted (each was reported as met).
SUMMARY_NAMES_UNREADABLE = 3


@dataclass(slots=True)
class ImportSummary(Summary):
    """What an import did: the intake's summary, and the archive entries that held no message."""

    # Never stored, so a mended file is imported by the next run.
    unreadable: list[Unreadable] = field(default_factory=list)

    def describe(self, verb: str = "read", new: str = "new") -> str:
        return Summary.describe(self, verb, new) + self._describe_unreadable()

    def _describe_unreadable(self) -> str:
        if not self.unreadable:
            return ""
        named = ", ".join(f"{u.source}: {u.reason}" for u in self.unreadable[:SUMMARY_NAMES_UNREADABLE])
        more = len(self.unreadable) - SUMMARY_NAMES_UNREADABLE
        return f"; {len(self.unreadable)} unreadable: {named}" + (f" and {more} more" if more > 0 else "")


async def ingest_paths(
    ingestor: Ingestor,
    paths: Iterable[str | os.PathLike[str]],
    *,
    list_name: str | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    on_unreadable: Callable[[Unreadable], None] | None = None,
) -> ImportSummary:
    """Every message found at ``paths`` (files, folders, mbox, Maildir) through the intake path.

    An entry that holds no message is passed over, counted in the summary and handed to
    ``on_unreadable``; every message around it is still read.
    """
    summary = ImportSummary()
    for path in paths:
        async for batch in _read_archive(path):
            arrivals, unreadable = _sorted_out(batch, clock.now())
            for entry in unreadable:
                summary.unreadable.append(entry)
                if on_unreadable is not None:
                    on_unreadable(entry)
            results = await ingestor.ingest_many(arrivals, list_name=list_name) if arrivals else []
            for result in results:
                summary.add(result)
                if on_result is not None:
                    on_result(result)
    return summary


async def _read_archive(path: str | os.PathLike[str]) -> AsyncIterator[list[Entry]]:
    # Reading the files is blocking I/O: it happens in the worker thread, a batch at a time.
    entries = iter_entries(path)
    while batch := await asyncio.to_thread(_take, entries, BATCH):
        yield batch


def _sorted_out(batch: Sequence[Entry], received_at: datetime) -> tuple[list[Arrival], list[Unreadable]]:
    """The messages of a batch, and the entries that hold none."""
    arrivals = [Arrival(*e, received_at) for e in batch if not isinstance(e, Unreadable)]
    return arrivals, [e for e in batch if isinstance(e, Unreadable)]


def _take(items: Iterator[Entry], count: int) -> list[Entry]:
    return list(itertools.islice(items, count))
