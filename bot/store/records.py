"""What the store hands out and takes in, as plain values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.detect.model import Mention
from bot.meeting import MeetingDetails, WrapsDetails


class MessageState(StrEnum):
    """A kept message's state (not a meeting's status)."""

    PROCESSED = "processed"
    # Never read for meetings: auto-submitted, carrying our loop marker, or sent by the bot itself.
    IGNORED = "ignored"
    # Could not be read (the reason says why); read again by `listminder reprocess` after an upgrade.
    QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class NewMessage:
    list_name: str
    key: str
    source: str
    raw: bytes
    received_at: datetime
    date: datetime | None
    subject: str
    sender: str | None
    state: MessageState
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    list_name: str
    key: str
    source: str
    raw: bytes
    received_at: datetime
    date: datetime | None
    state: MessageState
    reason: str | None


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message to keep, with what detection found in it and its thread keys (own Message-ID first)."""

    message: NewMessage
    mentions: tuple[Mention, ...] = ()
    thread_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reread:
    """A kept message read again (after an upgrade): its new state and reason, mentions and thread keys."""

    stored: StoredMessage
    state: MessageState
    reason: str | None
    mentions: tuple[Mention, ...] = ()
    thread_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Kept:
    """What became of a kept message: its state (a fault in the merge sets it aside), and the ids of the
    meetings it created and changed."""

    state: MessageState
    reason: str | None = None
    created: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Meeting(WrapsDetails):
    """A kept meeting: its details, with its identity in the store and in calendars."""

    id: int
    list_name: str
    uid: str
    sequence: int
    details: MeetingDetails
    # Read only from text quoted in a reply so far, never announced directly.
    quoted_only: bool
    corrected: frozenset[str]
    created_at: datetime
    updated_at: datetime
    # The sentence it was read from, or last changed by; None when the store has none.
    evidence: str | None = None
    # False when a meeting of another list took this UID first (an invitation cross-posted to both).
    first_with_uid: bool = True

    @property
    def calendar_uid(self) -> str:
        """The UID of the meeting's event in its list's calendars (digests, feeds, .ics files)."""
        return calendar_uid(self.uid, self.list_name, first=self.first_with_uid)


def calendar_uid(uid: str, list_name: str, *, first: bool) -> str:
    """The first list to have a UID keeps it in its calendars: its subscribers' events stay the same
    ones, and one announced on a single list (most) matches the organiser's own invitation. Every other
    list's copy is an event of its own, ``<list>/<uid>``, stable as long as the list has it: each list
    counts its own SEQUENCE, so one UID in two feeds would be two histories of one event, which a
    calendar subscribed to both lists shows as one event flipping between them. List names hold no "/"."""
    return uid if first else f"{list_name}/{uid}"


def uids_named(calendar_uids: Iterable[str], list_name: str) -> set[str]:
    """The meeting UIDs the list's calendar UIDs may stand for (our own digests' calendars, quoted or
    answered): each as it is, and without the ``<list>/`` of a later list's copy."""
    prefix = f"{list_name}/"
    found = set(calendar_uids)
    return found | {uid.removeprefix(prefix) for uid in found if uid.startswith(prefix)}


@dataclass(frozen=True, slots=True)
class ThreadRecords:
    """What the store knows of a message's thread: the meetings of the messages it refers to (or, when
    none of them is known, of earlier messages with its Subject), and the bytes of our own messages
    (digests, reminders) it refers to, which the list sent back to us."""

    meetings: tuple[Meeting, ...] = ()
    ours: tuple[bytes, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    field: str | None
    old: str | None
    new: str | None
    sequence: int
    # The Message-ID (or content key) of the message that caused it; None for an admin's correction.
    message_key: str | None


@dataclass(frozen=True, slots=True)
class Lease:
    """Which daemon owns a list, and until when unless it renews."""

    list_name: str
    owner: str
    acquired_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LeaseRound:
    """What one renewal found: the lists the daemon still owns, the daemons alive (itself included),
    and every lease on the store."""

    owned: frozenset[str]
    alive: int
    leases: tuple[Lease, ...]


@dataclass(frozen=True, slots=True)
class OutboxKey:
    """An outgoing message's place in the outbox, one per list, kind and period, ever: ("mmwg",
    "reminder", "2007-02-05T07:00Z"), or ("mmwg", "meeting", "<uid>/7d/3") for a per-meeting reminder.
    It is what makes sending idempotent: a second add of the same key changes nothing."""

    list_name: str
    kind: str
    period: str

    @property
    def text(self) -> str:
        return f"{self.list_name}/{self.kind}/{self.period}"

    def message_id(self, sender: str) -> str:
        """The Message-ID of the message kept under this key: the same key always gives the same one,
        so that a message resent after a crash is recognisable as the same message by its recipients'
        mail systems, and a reply to it as a reply to us."""
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]
        return f"<{digest}.{self.kind}@{_domain(sender)}>"

    def __str__(self) -> str:
        return self.text

    @classmethod
    def parse(cls, text: str) -> OutboxKey:
        """The key of ``text``; list names and kinds hold no "/", a period may ("<uid>/7d/3")."""
        parts = text.split("/", 2)
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"not an outbox key (list/kind/period): {text!r}")
        return cls(*parts)


def sent_kind(message_id: str, sender: str) -> str | None:
    """The outbox kind of a Message-ID of ours (``OutboxKey.message_id``), or None when it is not one."""
    found = _SENT_ID.fullmatch(message_id)
    if found is None or found["domain"].casefold() != _domain(sender).casefold():
        return None
    return found["kind"]


def _domain(sender: str) -> str:
    return sender.rpartition("@")[2] or "listminder.invalid"


_SENT_ID = re.compile(r"<[0-9a-f]{32}\.(?P<kind>[A-Za-z0-9_-]{1,32})@(?P<domain>[^<>@\s]{1,255})>")


class OutboxState(StrEnum):
    PENDING = "pending"
    # Claimed by a sender until its lease (claimed_until) runs out.
    SENDING = "sending"
    SENT = "sent"
    # Never tried again.
    FAILED = "failed"
    # A digest period that had nothing to say (and send_empty off): kept so that a restart later in the
    # period does not compose it again and mail it hours late; a manual `digest send` replaces it.
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    key: OutboxKey
    raw: bytes
    recipients: tuple[str, ...]
    state: OutboxState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    claimed_until: datetime | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class MailboxPosition:
    """How far one IMAP mailbox has been read: valid only while its UIDVALIDITY stays the same."""

    uidvalidity: int
    last_uid: int


class MembershipState(StrEnum):
    """Where one of the bot's subscribe or unsubscribe requests stands."""

    # Sent; the list server's confirmation request is still to come and be answered.
    PENDING = "pending"
    CONFIRMED = "confirmed"
    # A later request for the same list took its place: its confirmation is no longer awaited.
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class MembershipRequest:
    """A request the bot sent to a list server to add or remove its own address."""

    list_name: str
    # "subscribe" or "unsubscribe"
    action: str
    server: str
    member: str
    request_address: str
    outbox_key: OutboxKey
    requested_at: datetime
    state: MembershipState = MembershipState.PENDING
    id: int | None = None
