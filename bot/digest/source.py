"""Where digests get their meetings from: the store, through an adapter that makes snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.config import Settings
from bot.digest.model import MeetingSnapshot
from bot.errors import NotAvailableYet


class SnapshotSource(Protocol):
    """The meetings of one list as snapshots, with their changes (the daemon's view of the store)."""

    async def __call__(self, list_name: str) -> Sequence[MeetingSnapshot]: ...


def load_snapshots(settings: Settings, list_name: str) -> list[MeetingSnapshot]:
    """The meetings of a list, read from the store named by ``settings.store`` (for the command line)."""
    raise NotAvailableYet(
        f"'listminder digest' is not available in this version yet: it needs the store "
        f"to read the meetings of list {list_name!r}."
    )
