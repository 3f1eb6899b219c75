"""`listminder digest preview|send`: the work behind the command, apart from argument handling.

Both act for one period, the one the list's cron last fired in (or the period --at falls in), so that
`digest send` and the daemon's schedule share the outbox key in the store: whichever comes first
sends, the other finds the key and sends nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import clock
from bot.config import ListSettings, Settings
from bot.digest.compose import worth_sending
from bot.digest.links import web_links
from bot.digest.model import DigestKind, MeetingSnapshot
from bot.digest.periods import period_of
from bot.digest.prepare import (
    DEFAULT_DIGEST,
    Outgoing,
    compose,
    digest_recipients,
    digest_settings,
    per_recipient,
    prepare_digests,
    recipient_key,
    render_options,
)
from bot.digest.render import Renderer, build_message
from bot.digest.send import Sender, transport_for
from bot.errors import ListminderError
from bot.store import OutboxKey, Store, open_store

# The meetings of a list as at a time: bot.digest.source.load_snapshots, or meetings made by a test.
Loader = Callable[[Settings, str, datetime], Awaitable[Sequence[MeetingSnapshot]]]


def pick_list(settings: Settings, name: str | None) -> ListSettings:
    names = ", ".join(item.name for item in settings.lists) or "none"
    if name is not None:
        found = settings.list_named(name)
        if found is None:
            raise ListminderError(f"no list named {name!r} in the config (lists: {names})")
        return found
    if len(settings.lists) == 1:
        return settings.lists[0]
    if not settings.lists:
        raise ListminderError("the config has no [[lists]]")
    raise ListminderError(f"the config has several lists ({names}): name one with --list")


def parse_at(text: str | None, time_zone: str, now: datetime) -> datetime:
    """--at as ISO 8601; a time without an offset, or a date alone, is read in the list's zone."""
    if text is None:
        return now
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ListminderError(f"--at {text!r}: not an ISO date or date-time (2007-02-05T08:00)") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(time_zone))


def list_period_of(
    list_settings: ListSettings, kind: DigestKind, at: datetime
) -> tuple[str, datetime | None]:
    """The period of the list's digest ``at`` falls in, and the time of the digest before it."""
    config = digest_settings(list_settings, kind) or DEFAULT_DIGEST
    return period_of(config.cron, list_settings.timezone, at)


async def preview_digest(
    settings: Settings,
    kind: str,
    list_name: str | None,
    at_text: str | None,
    load: Loader,
    now: datetime | None = None,
) -> str:
    """The digest as it would be mailed, headers and plain text, for the terminal."""
    list_settings = pick_list(settings, list_name)
    digest_kind = DigestKind(kind)
    at = parse_at(at_text, list_settings.timezone, now or clock.now())
    period, previous = list_period_of(list_settings, digest_kind, at)
    meetings = await load(settings, list_settings.name, at)
    digest = compose(digest_kind, meetings, list_settings=list_settings, at=at, previous=previous)
    web = web_links(settings.web)
    options = render_options(list_settings, from_address=settings.outbound.from_address, web=web)
    recipients = digest_recipients(list_settings, digest_kind)
    key = OutboxKey(list_settings.name, digest_kind.value, period)
    if per_recipient(digest_kind, web) and recipients:
        # Each recipient gets a copy with their own signed links: the preview shows the first one's.
        recipients = recipients[:1]
        key = recipient_key(key, recipients[0])
    rendered = Renderer(settings.templates_dir).digest(
        digest, options=options, recipient=recipients[0] if recipients else None
    )
    message = build_message(
        rendered, sender=settings.outbound.from_address, recipients=recipients, key=key, at=at
    )
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Subject", "Date", "Message-ID")]
    lines.append(f"Outbox-Key: {key.text}")
    send_empty = (digest_settings(list_settings, digest_kind) or DEFAULT_DIGEST).send_empty
    if not worth_sending(digest, send_empty):
        lines.append("Note: the digest is empty and send_empty is false: it would not be sent.")
    return "\n".join(lines) + "\n\n" + rendered.text


async def send_digest(
    settings: Settings,
    kind: str,
    list_name: str | None,
    load: Loader,
    now: datetime | None = None,
    at_text: str | None = None,
) -> str:
    """Send the digest of the period ``at_text`` falls in (the current one by default) now, through the
    outbox; say what became of it. It is composed as at that time, under that period's key."""
    list_settings = pick_list(settings, list_name)
    digest_kind = DigestKind(kind)
    sent_at = now or clock.now()
    at = parse_at(at_text, list_settings.timezone, sent_at)
    period, previous = list_period_of(list_settings, digest_kind, at)
    outgoing = prepare_digests(
        digest_kind,
        await load(settings, list_settings.name, at),
        list_settings=list_settings,
        at=at,
        previous=previous,
        period=period,
        renderer=Renderer(settings.templates_dir),
        from_address=settings.outbound.from_address,
        web=web_links(settings.web),
    )
    if not outgoing:
        return "Nothing sent: the digest is empty and send_empty is false."
    if not all(item.recipients for item in outgoing):
        raise ListminderError(
            f"no recipients for the {kind} digest of {list_settings.name}: set 'to' or admins"
        )
    async with open_store(settings.store) as store:
        return "\n".join([await _deliver(settings, store, item, sent_at) for item in outgoing])


async def _deliver(settings: Settings, store: Store, outgoing: Outgoing, now: datetime) -> str:
    # The outbox's claims and records are kept in real time, whatever time the digest was composed for:
    # a claim dated in the past would be free for the daemon to take at once.
    claim = timedelta(seconds=settings.daemon.send_claim_s)
    sender = Sender(
        store,
        transport_for(settings.outbound),
        settings.outbound.from_address,
        lease=claim,
        clock=lambda: now,
    )
    key = outgoing.key
    if not await sender.enqueue(key, outgoing.message, outgoing.recipients):
        item = await store.outbox_item(key)
        state = item.state.value if item is not None else "unknown"
        return f"Not sent again: {key} is already in the outbox ({state})."
    return await _outcome(sender, store, key, outgoing.subject, outgoing.recipients)


async def _outcome(sender: Sender, store: Store, key: OutboxKey, subject: str, to: Sequence[str]) -> str:
    outcome = await sender.deliver_key(key)
    if outcome == "sent":
        return f"Sent {subject!r} to {', '.join(to)} ({key})."
    item = await store.outbox_item(key)
    error = item.last_error if item is not None else None
    if outcome == "failed":
        raise ListminderError(f"{key} was refused for good: {error}")
    return f"Queued {key}; not delivered yet ({error}); the daemon will try again."
