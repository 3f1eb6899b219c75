"""In-test implementations of the source protocols (``Intake``, ``SourceStates``): they keep what they
are given, so a test can check what a real server delivered through a real component, and they can be
told to fail the way the store fails."""

from __future__ import annotations

import asyncio
import email
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage

from bot.errors import StoreUnavailable
from bot.store.records import MailboxPosition


@dataclass(frozen=True)
class Received:
    raw: bytes
    list_name: str | None
    received_at: datetime
    source: str

    @property
    def message_id(self) -> str:
        return str(email.message_from_bytes(self.raw)["Message-ID"])


@dataclass
class RecordingIntake:
    """Commits by appending to ``received``. ``unavailable`` (or a list in ``down_lists``) makes it
    raise StoreUnavailable;
    a message containing one of ``poison`` makes it raise another error; ``gate``, when set,
    holds every call until it is opened."""

    received: list[Received] = field(default_factory=list)
    calls: int = 0
    unavailable: bool = False
    down_lists: set[str | None] = field(default_factory=set)
    poison: set[bytes] = field(default_factory=set)
    gate: asyncio.Event | None = None
    entered: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(
        self, raw: bytes, *, list_name: str | None, received_at: datetime, source: str
    ) -> object:
        self.calls += 1
        self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.unavailable or list_name in self.down_lists:
            raise StoreUnavailable("the test store is down")
        if any(marker in raw for marker in self.poison):
            raise ValueError("the test intake cannot take this message")
        self.received.append(Received(raw, list_name, received_at, source))
        return None

    def message_ids(self) -> Counter[str]:
        return Counter(item.message_id for item in self.received)


@dataclass
class MemoryStates:
    positions: dict[str, MailboxPosition] = field(default_factory=dict)
    writes: int = 0

    async def get_position(self, source_key: str) -> MailboxPosition | None:
        return self.positions.get(source_key)

    async def set_position(self, source_key: str, position: MailboxPosition) -> None:
        self.writes += 1
        self.positions[source_key] = position

    def only(self) -> MailboxPosition:
        (position,) = self.positions.values()
        return position


def make_message(number: int, *, subject: str = "Working group call", body: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = "chair@example.org"
    message["To"] = "wg@lists.example.org"
    message["Subject"] = f"{subject} #{number}"
    message["Message-ID"] = f"<msg-{number}@example.org>"
    message["Date"] = "Mon, 02 Jun 2025 10:00:00 +0000"
    message.set_content(body or f"Our next call is on 12 June at 15:00 UTC (message {number}).\n")
    return message.as_bytes().replace(b"\n", b"\r\n")


def bare_lf_message(number: int, *, agenda_items: int) -> bytes:
    """An announcement with an agenda, written with bare LF line endings as an .eml file on disk has
    them; about 50 bytes per agenda item."""
    agenda = "".join(
        f"{n}. Item {n}: report from the task force on topic {n}, then discussion.\n"
        for n in range(agenda_items)
    )
    body = "The working group meets on 12 June at 15:00 UTC.\n\nAgenda:\n" + agenda
    return make_message(number, body=body).replace(b"\r\n", b"\n")


async def eventually(condition: Callable[[], bool], what: str, timeout_s: float = 15.0) -> float:
    """Poll ``condition`` until it holds; returns the seconds it took. Fails naming ``what``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"timed out after {timeout_s} s waiting for: {what}")
        await asyncio.sleep(0.01)
    return time.monotonic() - started
