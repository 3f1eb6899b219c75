"""The values `bot.mail.parse` returns: what a message says, separated from how it was encoded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Every message listminder sends carries this header; a message that comes back with it is our own.
LOOP_HEADER = "X-Listminder-Loop"


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: display name (may be empty) and address (lower-cased domain, may be empty)."""

    name: str
    address: str


@dataclass(frozen=True, slots=True)
class QuotedBlock:
    """Text the author quoted from an earlier message, with its attribution when one was given.

    ``author`` is the name or address as the attribution states it ("Avri Doria"), ``written`` the
    date of the quoted message when stated and readable, ``written_text`` that date as written.
    """

    text: str
    author: str | None = None
    author_address: str | None = None
    written: datetime | None = None
    written_text: str | None = None


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One VEVENT of a text/calendar part or .ics attachment.

    ``start``/``end`` are dates for all-day events, aware datetimes otherwise (floating times are
    given ``tzid`` None and left naive); ``tzid`` is the TZID as written in the part.
    """

    uid: str | None
    sequence: int
    method: str | None
    status: str | None
    start: date | datetime | None
    end: date | datetime | None
    tzid: str | None
    summary: str | None
    location: str | None
    rrule: str | None = None


@dataclass(frozen=True, slots=True)
class Mail:
    """A parsed message. Parsing never raises: what went wrong is listed in ``defects``."""

    message_id: str | None
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None
    subject: str
    # Subject without list tags and reply/forward prefixes: the thread's subject key.
    topic: str
    in_reply_to: str | None
    references: tuple[str, ...]
    list_id: str | None
    auto_submitted: str | None
    precedence: str | None
    loop_marker: str | None
    # What the author wrote (forwarded content included), without quotes, signature or list footer.
    text: str
    quoted: tuple[QuotedBlock, ...] = ()
    calendar: tuple[CalendarEvent, ...] = ()
    defects: tuple[str, ...] = field(default_factory=tuple)
    # Where a reply goes when not to the sender: what a list server's confirmation request is answered at.
    reply_to: tuple[Address, ...] = ()

    @property
    def thread_keys(self) -> tuple[str, ...]:
        """Message-IDs that tie this message to its thread, own first."""
        keys = [self.message_id] if self.message_id else []
        keys += [r for r in self.references if r not in keys]
        if self.in_reply_to and self.in_reply_to not in keys:
            keys.append(self.in_reply_to)
        return tuple(keys)
