"""The one intake path: every source (IMAP, the SMTP/LMTP listener, archives) hands raw bytes here.

A message is kept once per list (by Message-ID, else by a hash of its bytes), compressed, whatever
becomes of it: read for meetings (processed), never read (ignored: auto-submitted, our own loop
marker, sent by the bot itself), or kept aside with the reason when reading it failed (quarantined),
to be read again by ``reprocess`` after an upgrade. A processed message and the meetings it creates
or changes are committed in one transaction. Parsing and detection run in a worker thread.

Each message is read with what the store knows of its thread (``bot.detect.ThreadContext``): the
meetings of the messages it refers to (In-Reply-To, References; failing those, a reply's Subject),
and whether it answers one of our own digests or reminders (the list's copy of it, else the outbox).
A batch that holds a message and a reply to it is committed in waves, the original first.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from bot.config import ListSettings, Settings
from bot.detect import NO_THREAD, DetectOptions, Mention, ThreadContext, ThreadMeeting, detect
from bot.errors import ListminderError, StoreError
from bot.logs import FIELDS_ATTR, fields
from bot.mail import Mail, parse
from bot.store import (
    Incoming,
    Kept,
    Meeting,
    MembershipState,
    MessageState,
    NewMessage,
    Reread,
    Store,
    StoredMessage,
    open_store,
)
from bot.store.storable import storable_mail, storable_text
from bot.subscribe.addressed import for_the_bot, list_of_notice
from bot.subscribe.confirm import confirmation_key, confirmation_message, judge, recognise
from bot.subscribe.forward import KIND as NOTICE_KIND
from bot.subscribe.forward import RATE_LIMIT as NOTICE_RATE_LIMIT
from bot.subscribe.forward import RATE_WINDOW as NOTICE_RATE_WINDOW
from bot.subscribe.forward import forward_message, not_forwarded_because, notice_key
from bot.subscribe.notices import NOTICE, NoticeKind, held_reason, kind_of

log = logging.getLogger(__name__)

# Used when the config names no list at all, so that mail is still kept.
FALLBACK_LIST = ListSettings(name="default", address="list@listminder.test")
# Kept messages read again per transaction by ``reprocess``: as many as an archive import commits at once.
REPROCESS_BATCH = 100
# A reply or forward, after any list tags: only these are tied to a thread by their Subject alone.
_ANSWER = re.compile(r"(?i)^\s*(?:\[[^\[\]]{1,40}\]\s*)*(?:re|aw|sv|antw|fwd?|wg|tr)\s*(?:\[\d+\])?\s*:")


class IngestOutcome(StrEnum):
    NEW = "new"
    KNOWN = "known"
    IGNORED = "ignored"
    QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class IngestResult:
    outcome: IngestOutcome
    list_name: str
    key: str
    source: str
    reason: str | None = None
    created: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()


@dataclass(slots=True)
class Summary:
    """What a run over many messages did; a meeting counts once however many messages touched it."""

    read: int = 0
    outcomes: dict[IngestOutcome, int] = field(default_factory=lambda: dict.fromkeys(IngestOutcome, 0))
    created: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)

    def add(self, result: IngestResult) -> None:
        self.read += 1
        self.outcomes[result.outcome] += 1
        self.created.update(result.created)
        self.changed.update(m for m in result.changed if m not in self.created)

    def describe(self, verb: str = "read", new: str = "new") -> str:
        counts = self.outcomes
        return (
            f"{verb} {self.read} message(s): {counts[IngestOutcome.NEW]} {new}, "
            f"{counts[IngestOutcome.KNOWN]} already known, {counts[IngestOutcome.IGNORED]} ignored, "
            f"{counts[IngestOutcome.QUARANTINED]} quarantined; "
            f"meetings: {len(self.created)} created, {len(self.changed)} changed"
        )


class StoreReporter(Protocol):
    """Told whether the store took the intake's last write, for `listminder status` (the status board)."""

    def __call__(self, *, writable: bool, error: str | None) -> None: ...


def _no_report(*, writable: bool, error: str | None) -> None:
    """The reporter of an intake without a status board (the command line's)."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """A message as a source hands it over."""

    source: str
    raw: bytes
    received_at: datetime


@dataclass(frozen=True, slots=True)
class _ReadMessage:
    """One message as read: who it is, which list it belongs to, and what becomes of it."""

    arrival: Arrival
    mail: Mail | None
    key: str
    list_settings: ListSettings
    state: MessageState
    reason: str | None = None
    mentions: tuple[Mention, ...] = ()
    thread: ThreadContext = NO_THREAD


class Ingestor:
    """The intake (bot.sources.base.Intake) over one store, for the configured lists."""

    def __init__(
        self,
        store: Store,
        lists: Sequence[ListSettings],
        own_address: str,
        *,
        report_store: StoreReporter | None = None,
    ) -> None:
        self.store = store
        self._report_store = report_store or _no_report
        self.configure(lists, own_address)

    def configure(self, lists: Sequence[ListSettings], own_address: str) -> None:
        """Take the lists of a reloaded config: sources keep this one intake across reloads."""
        self.lists = tuple(lists) or (FALLBACK_LIST,)
        self.own_address = own_address.casefold()

    async def __call__(
        self, raw: bytes, *, list_name: str | None, received_at: datetime, source: str
    ) -> IngestResult:
        [result] = await self.ingest_many([Arrival(source, raw, received_at)], list_name=list_name)
        return result

    async def ingest_many(self, arrivals: Sequence[Arrival], *, list_name: str | None) -> list[IngestResult]:
        """Several messages at once (an archive): two trips to the worker thread and one transaction for
        them all, which is what makes a large import fast; each message's effects are still all or none."""
        parsed = await asyncio.to_thread(_parse_all, [arrival.raw for arrival in arrivals])
        heads = [
            self._head(arrival, *found, list_name) for arrival, found in zip(arrivals, parsed, strict=True)
        ]
        done: dict[int, IngestResult] = {}
        fresh = [await self._answered(head) for head in await self._fresh(heads)]
        for wave in _waves(fresh):
            threaded = [replace(head, thread=await self._thread(head)) for head in wave]
            readings = await asyncio.to_thread(self._read_all, threaded)
            kept = await self._keep([_incoming(reading) for reading in readings])
            done.update(
                (id(r.arrival), _result(r, k)) for r, k in zip(readings, kept, strict=True) if k is not None
            )
        return [done.get(id(head.arrival)) or _known(head) for head in heads]

    async def reprocess(self, stored: StoredMessage) -> IngestResult:
        """Read a kept message again with the current parser and detector; nothing is duplicated."""
        [result] = await self.reprocess_many([stored])
        return result

    async def reprocess_many(self, batch: Sequence[StoredMessage]) -> list[IngestResult]:
        """Several kept messages read again, as ``ingest_many`` reads new ones: two trips to the worker
        thread and one transaction for each wave of the batch (a reply after the message it answers)."""
        parsed = await asyncio.to_thread(_parse_all, [stored.raw for stored in batch])
        heads = [self._stored_head(stored, *found) for stored, found in zip(batch, parsed, strict=True)]
        stored_of = {id(head.arrival): stored for head, stored in zip(heads, batch, strict=True)}
        done: dict[int, IngestResult] = {}
        for wave in _waves(heads):
            threaded = [replace(head, thread=await self._thread(head, again=True)) for head in wave]
            readings = await asyncio.to_thread(self._read_all, threaded)
            kept = await self.store.redo_messages([_reread(r, stored_of[id(r.arrival)]) for r in readings])
            done.update((id(r.arrival), _result(r, k)) for r, k in zip(readings, kept, strict=True))
        return [done[id(head.arrival)] for head in heads]

    def _stored_head(self, stored: StoredMessage, mail: Mail | None, failure: str | None) -> _ReadMessage:
        arrival = Arrival(stored.source, stored.raw, stored.received_at)
        chosen = self.list_named(stored.list_name) or FALLBACK_LIST.model_copy(
            update={"name": stored.list_name}
        )
        head = _ReadMessage(arrival, mail, stored.key, chosen, _state(mail), failure)
        if mail is not None and for_the_bot(mail, self.lists, self.own_address):
            # Read again, never answered again: what was decided then stands in its reason.
            head = replace(head, state=MessageState.IGNORED, reason=stored.reason or NOTICE)
        return head

    def list_named(self, name: str) -> ListSettings | None:
        return next((item for item in self.lists if item.name == name), None)

    async def _keep(self, batch: Sequence[Incoming]) -> list[Kept | None]:
        """Commit, and tell the status board whether the store took it (refusing: 451, disk full)."""
        try:
            kept = await self.store.add_messages(batch)
        except StoreError as exc:
            self._report_store(writable=False, error=str(exc))
            raise
        self._report_store(writable=True, error=None)
        return kept

    def _head(
        self, arrival: Arrival, mail: Mail | None, failure: str | None, list_name: str | None
    ) -> _ReadMessage:
        arrival = replace(arrival, received_at=_aware(arrival.received_at))
        return _ReadMessage(
            arrival, mail, message_key(mail, arrival.raw), self._list(list_name, mail), _state(mail), failure
        )

    def _list(self, list_name: str | None, mail: Mail | None) -> ListSettings:
        if list_name is None and mail is not None and for_the_bot(mail, self.lists, self.own_address):
            return list_of_notice(mail, self.lists) or choose_list(mail, self.lists)
        if list_name is None:
            return choose_list(mail, self.lists)
        chosen = self.list_named(list_name)
        if chosen is None:
            raise ListminderError(f"no list named {list_name!r} in the config")
        return chosen

    async def _fresh(self, heads: Sequence[_ReadMessage]) -> list[_ReadMessage]:
        """The messages not kept yet, each once (an archive may hold a message twice)."""
        by_list: dict[str, list[str]] = {}
        for head in heads:
            by_list.setdefault(head.list_settings.name, []).append(head.key)
        seen = {
            (name, key) for name, keys in by_list.items() for key in await self.store.known_keys(name, keys)
        }
        fresh = []
        for head in heads:
            if (head.list_settings.name, head.key) not in seen:
                seen.add((head.list_settings.name, head.key))
                fresh.append(head)
        return fresh

    async def _answered(self, head: _ReadMessage) -> _ReadMessage:
        """Mail for the bot (not a list post) is never read for meetings; a confirmation request that
        the rules of bot.subscribe.confirm accept is answered, through the outbox, before it is kept,
        so that a message kept is never one whose answer was lost."""
        mail = head.mail
        if mail is None or not for_the_bot(mail, self.lists, self.own_address):
            return head
        pending = await self.store.membership_requests(head.list_settings.name, MembershipState.PENDING)
        verdict = judge(mail, self.lists, pending, head.arrival.received_at)
        kind = kind_of(mail, confirmation=recognise(mail, self.lists) is not None)
        reason = f"{NOTICE} ({kind.value}): {_notice_outcome(mail, kind, verdict.confirm, verdict.reason)}"
        if verdict.reply is not None and verdict.request is not None and verdict.request.id is not None:
            key = confirmation_key(verdict.request)
            member = verdict.request.member
            at = head.arrival.received_at
            raw = confirmation_message(
                verdict.reply, member=member, key=key, at=at, answering=mail.message_id
            ).as_bytes()
            if not await self.store.confirm_membership(verdict.request.id, key, raw, verdict.reply.to):
                reason = f"{NOTICE} ({kind.value}): not confirmed: the request was answered before"
        reason += await self._forwarded(head, mail, reason)
        log.info("ingest.notice", extra=fields(list=head.list_settings.name, reason=reason))
        return replace(head, state=MessageState.IGNORED, reason=reason)

    async def _forwarded(self, head: _ReadMessage, mail: Mail, reason: str) -> str:
        """Forward the notice once to the list's admins, through the outbox; what became of it."""
        settings = head.list_settings
        if not settings.admins:
            return "; not forwarded: the list has no admins"
        at = head.arrival.received_at
        looping = not_forwarded_because(mail, head.arrival.raw, self.own_address, at)
        if looping is not None:
            return f"; not forwarded: {looping}"
        recent = await self.store.outbox_count_since(settings.name, NOTICE_KIND, at - NOTICE_RATE_WINDOW)
        if recent >= NOTICE_RATE_LIMIT:
            return f"; not forwarded: {recent} notices forwarded to the admins in the last hour already"
        key = notice_key(settings.name, head.key)
        message = forward_message(
            head.arrival.raw,
            mail,
            reason=reason,
            list_settings=settings,
            member=self.own_address,
            key=key,
            at=at,
        )
        await self.store.outbox_add(key, message.as_bytes(), settings.admins)
        return "; forwarded to the admins"

    async def _thread(self, head: _ReadMessage, *, again: bool = False) -> ThreadContext:
        """What the store knows of the message's thread: the meetings of the messages it answers (by
        its headers, else by its Subject), and whether it answers one of our own digests."""
        mail = head.mail
        if mail is None or head.state is MessageState.IGNORED or self._ignored_because(mail) is not None:
            return NO_THREAD
        referred = [key for key in mail.thread_keys if key != mail.message_id]
        topic = mail.topic if _ANSWER.match(mail.subject) else None
        if not referred and topic is None:
            return NO_THREAD
        written = _aware(mail.date or head.arrival.received_at)
        records = await self.store.thread_of(
            head.list_settings.name, referred, topic, written, again=head.key if again else None
        )
        raws = [
            *records.ours,
            *await self.store.sent_among(head.list_settings.name, referred, self.own_address),
        ]
        ours = await asyncio.to_thread(_our_messages, raws) if raws else []
        uids = {event.uid for own in ours for event in own.calendar if event.uid}
        meetings = {m.id: m for m in records.meetings}
        if uids:
            meetings.update(
                (m.id, m) for m in await self.store.meetings_with_uids(head.list_settings.name, uids)
            )
        parent = mail.in_reply_to or (mail.references[-1] if mail.references else None)
        return ThreadContext(
            meetings=tuple(_thread_meeting(m) for m in sorted(meetings.values(), key=_by_day)),
            answers_digest=any(own.message_id == parent for own in ours),
            digest_topics=tuple(own.topic for own in ours),
        )

    def _read_all(self, heads: Sequence[_ReadMessage]) -> list[_ReadMessage]:
        return [self._read(head) for head in heads]

    def _read(self, head: _ReadMessage) -> _ReadMessage:
        """Classify and detect (CPU work: runs in the worker thread)."""
        if head.mail is None or head.state is MessageState.IGNORED:
            return head
        ignored = self._ignored_because(head.mail)
        if ignored is not None:
            return replace(head, state=MessageState.IGNORED, reason=ignored)
        settings = head.list_settings
        # The list's language is the one a text is read in when its own words do not say.
        options = DetectOptions(
            time_zone=settings.timezone, date_order=settings.date_order, language=settings.language
        )
        mentions, failure = _detect(head.mail, options, head.arrival.received_at, head.thread)
        if failure is not None:
            return replace(head, state=MessageState.QUARANTINED, reason=failure)
        return replace(head, state=MessageState.PROCESSED, reason=None, mentions=tuple(mentions))

    def _ignored_because(self, mail: Mail) -> str | None:
        if mail.auto_submitted is not None and mail.auto_submitted.lower() != "no":
            return f"auto-submitted: {mail.auto_submitted}"
        if mail.loop_marker is not None:
            return "loop: carries our own marker"
        if mail.sender is not None and mail.sender.address.casefold() == self.own_address:
            return "own: sent by the bot"
        return None


@asynccontextmanager
async def open_ingestor(settings: Settings) -> AsyncIterator[Ingestor]:
    """The store (opened and migrated) with an Ingestor for the configured lists; closed on the way out."""
    async with open_store(settings.store) as store:
        yield Ingestor(store, settings.lists, settings.outbound.from_address)


def choose_list(mail: Mail | None, lists: Sequence[ListSettings]) -> ListSettings:
    """The list a message came through: by List-Id, else by the list's address in To or Cc, else the first.

    A List-Id is the list's address with "@" written as "." (Mailman, Sympa, Google Groups, groups.io);
    some servers use another host name, so a List-Id that starts with the address's local part also counts.
    """
    if mail is not None and mail.list_id:
        list_id = mail.list_id.casefold()
        exact = [item for item in lists if list_id == item.address.casefold().replace("@", ".")]
        local = [item for item in lists if list_id.startswith(item.address.casefold().split("@")[0] + ".")]
        if exact or local:
            return (exact or local)[0]
    if mail is not None:
        recipients = {a.address.casefold() for a in (*mail.to, *mail.cc)}
        for item in lists:
            if item.address.casefold() in recipients:
                return item
    return lists[0]


def message_key(mail: Mail | None, raw: bytes) -> str:
    if mail is not None and mail.message_id:
        return mail.message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


async def reprocess_all(
    ingestor: Ingestor,
    *,
    list_name: str | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    batch_size: int = REPROCESS_BATCH,
) -> Summary:
    """Every kept message (of ``list_name``) read again, oldest first, ``batch_size`` at a time."""
    summary = Summary()
    batch: list[StoredMessage] = []

    async def flush() -> None:
        for result in await ingestor.reprocess_many(batch):
            summary.add(result)
            if on_result is not None:
                on_result(result)
        batch.clear()

    async for stored in ingestor.store.stored_messages(list_name):
        batch.append(stored)
        if len(batch) >= batch_size:
            await flush()
    if batch:
        await flush()
    return summary


def _parse_all(raws: Sequence[bytes]) -> list[tuple[Mail | None, str | None]]:
    return [_parse(raw) for raw in raws]


def _parse(raw: bytes) -> tuple[Mail | None, str | None]:
    """The message as the store can keep it (bot.store.storable): every part of the intake, the keys it
    looks up and the detection, reads the same cleaned message."""
    try:
        return storable_mail(parse(raw)), None
    except Exception as exc:  # parse is meant not to raise; if it does, the message is kept aside
        log.warning("ingest.unparsable", exc_info=True)
        return None, _describe("parse", exc)


def _detect(
    mail: Mail, options: DetectOptions, received_at: datetime, thread: ThreadContext
) -> tuple[list[Mention], str | None]:
    try:
        return detect(mail, options, received_at, thread), None
    except Exception as exc:  # one message that breaks detection must not stop the intake
        log.warning("ingest.detect_failed", exc_info=True, extra=fields(message_id=mail.message_id))
        return [], _describe("detect", exc)


def _notice_outcome(mail: Mail, kind: NoticeKind, confirmed: bool, why: str) -> str:
    if kind is NoticeKind.CONFIRMATION or confirmed:
        return f"{'confirmed' if confirmed else 'not confirmed'}: {why}"
    if kind is NoticeKind.HOLD:
        return held_reason(mail)
    if kind is NoticeKind.BOUNCE:
        return f"a bounce: {mail.subject or '(no subject)'}"[:300]
    return f"a notice: {mail.subject or '(no subject)'}"[:300]


def _waves(heads: Sequence[_ReadMessage]) -> Iterator[list[_ReadMessage]]:
    """The messages in the order their threads need: one that refers to another message of the same
    batch is read once that one is kept, so that a reply finds the meetings its original made."""
    pending = list(heads)
    while pending:
        keys = {head.key for head in pending}
        ready = [head for head in pending if not _refers_to(head, keys)] or pending
        yield ready
        taken = {id(head) for head in ready}
        pending = [head for head in pending if id(head) not in taken]


def _our_messages(raws: Sequence[bytes]) -> list[Mail]:
    """Our own digests and reminders among ``raws``, each once (the list's copy and the outbox's)."""
    parsed = (storable_mail(parse(raw)) for raw in raws)
    ours = {own.message_id: own for own in parsed if own.loop_marker is not None}
    return list(ours.values())


def _refers_to(head: _ReadMessage, keys: set[str]) -> bool:
    mail = head.mail
    return mail is not None and any(key in keys for key in mail.thread_keys if key != head.key)


def _thread_meeting(meeting: Meeting) -> ThreadMeeting:
    return ThreadMeeting(uid=meeting.uid, id=meeting.id, details=meeting.details)


def _by_day(meeting: Meeting) -> tuple[object, int]:
    return (meeting.when.first_day, meeting.id)


def _describe(stage: str, exc: Exception) -> str:
    return f"{stage}: {type(exc).__name__}: {exc}"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _state(mail: Mail | None) -> MessageState:
    return MessageState.PROCESSED if mail is not None else MessageState.QUARANTINED


def _incoming(reading: _ReadMessage) -> Incoming:
    mail, arrival = reading.mail, reading.arrival
    message = NewMessage(
        list_name=reading.list_settings.name,
        key=reading.key,
        # A file name need not be UTF-8; an exception's text may quote the mail.
        source=storable_text(arrival.source),
        raw=arrival.raw,
        received_at=arrival.received_at,
        date=_aware(mail.date) if mail is not None and mail.date is not None else None,
        subject=mail.subject if mail is not None else "",
        sender=mail.sender.address if mail is not None and mail.sender is not None else None,
        state=reading.state,
        reason=storable_text(reading.reason) if reading.reason is not None else None,
    )
    return Incoming(message, reading.mentions, mail.thread_keys if mail is not None else ())


def _reread(reading: _ReadMessage, stored: StoredMessage) -> Reread:
    mail = reading.mail
    reason = storable_text(reading.reason) if reading.reason is not None else None
    thread_keys = mail.thread_keys if mail is not None else ()
    return Reread(stored, reading.state, reason, reading.mentions, thread_keys)


def _ids(meeting_ids: Sequence[int]) -> str | None:
    return ",".join(str(i) for i in meeting_ids) or None


def _known(head: _ReadMessage) -> IngestResult:
    return IngestResult(IngestOutcome.KNOWN, head.list_settings.name, head.key, head.arrival.source)


def _result(reading: _ReadMessage, kept: Kept) -> IngestResult:
    outcome = {
        MessageState.PROCESSED: IngestOutcome.NEW,
        MessageState.IGNORED: IngestOutcome.IGNORED,
        MessageState.QUARANTINED: IngestOutcome.QUARANTINED,
    }[kept.state]
    source = reading.arrival.source
    name = reading.list_settings.name
    message_id = reading.mail.message_id if reading.mail is not None else None
    where = fields(list=name, message_id=message_id, source=source)[FIELDS_ATTR]
    if outcome is IngestOutcome.QUARANTINED:
        log.warning("ingest.quarantined", extra=fields(**where, reason=kept.reason))
    else:
        changes = fields(
            **where, outcome=outcome.value, created=_ids(kept.created), changed=_ids(kept.changed)
        )
        log.info("ingest.stored", extra=changes)
    return IngestResult(outcome, name, reading.key, source, kept.reason, kept.created, kept.changed)
