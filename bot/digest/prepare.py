"""From meetings to ready-to-send messages under their outbox keys: compose, render, build.

No clock and no I/O beyond reading templates: the schedule and the command line say when, and the
sender does the sending.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import DigestSettings, ListSettings
from bot.digest.compose import compose_pending, compose_reminder, due_reminders, worth_sending
from bot.digest.ics import CalendarOptions
from bot.digest.links import WebLinks
from bot.digest.model import Digest, DigestKind, DueReminder, MeetingSnapshot
from bot.digest.render import Rendered, Renderer, RenderOptions, build_message
from bot.store.records import OutboxKey

# What a digest kind does when the list's config has no table for it (previews still work).
DEFAULT_DIGEST = DigestSettings(cron="0 8 * * MON")


@dataclass(frozen=True, slots=True)
class Outgoing:
    key: OutboxKey
    message: bytes
    recipients: tuple[str, ...]
    subject: str
    text: str


def calendar_options(
    list_settings: ListSettings, *, from_address: str, public_base_url: str | None = None
) -> CalendarOptions:
    """The list's calendar settings, as the digests' attachments and the web feed both use them."""
    return CalendarOptions(
        time_zone=list_settings.timezone,
        organizer=from_address,
        default_length=timedelta(minutes=list_settings.default_length_min),
        public_base_url=public_base_url,
        language=list_settings.language,
    )


def digest_settings(list_settings: ListSettings, kind: DigestKind) -> DigestSettings | None:
    digests = list_settings.digests
    return digests.reminder if kind is DigestKind.REMINDER else digests.pending


def digest_recipients(list_settings: ListSettings, kind: DigestKind) -> tuple[str, ...]:
    """The configured ``to``; else the list for reminders and its admins for pending digests."""
    settings = digest_settings(list_settings, kind)
    if settings is not None and settings.to:
        return tuple(settings.to)
    if kind is DigestKind.REMINDER:
        return (list_settings.address,)
    return tuple(list_settings.admins)


def compose(
    kind: DigestKind,
    meetings: Sequence[MeetingSnapshot],
    *,
    list_settings: ListSettings,
    at: datetime,
    previous: datetime | None,
) -> Digest:
    horizon = (digest_settings(list_settings, kind) or DEFAULT_DIGEST).horizon_days
    if kind is DigestKind.REMINDER:
        return compose_reminder(
            meetings,
            list_name=list_settings.name,
            time_zone=list_settings.timezone,
            at=at,
            horizon_days=horizon,
            previous=previous,
            language=list_settings.language,
        )
    return compose_pending(
        meetings,
        list_name=list_settings.name,
        time_zone=list_settings.timezone,
        at=at,
        horizon_days=horizon,
        language=list_settings.language,
    )


def render_options(list_settings: ListSettings, *, from_address: str, web: WebLinks | None) -> RenderOptions:
    base = web.public_base_url if web is not None else None
    calendar = calendar_options(list_settings, from_address=from_address, public_base_url=base)
    return RenderOptions(calendar=calendar, subject_prefix=list_settings.subject_prefix, web=web)


def per_recipient(kind: DigestKind, web: WebLinks | None) -> bool:
    """A confirmation-pending digest with signed links is made for each recipient apart: a link says
    who acts, so a copy forwarded or sent to several readers must not let one act as another."""
    return kind is DigestKind.PENDING and web is not None and bool(web.signing_secret)


def recipient_key(key: OutboxKey, recipient: str) -> OutboxKey:
    """The outbox key of one recipient's copy: the period's key and a short hash of the address (the
    period column is short, and the address need not be spelt out in every key)."""
    tag = hashlib.sha256(recipient.strip().lower().encode("utf-8")).hexdigest()[:12]
    return OutboxKey(key.list_name, key.kind, f"{key.period}/{tag}")


def digest_keys(
    list_settings: ListSettings, kind: DigestKind, period: str, web: WebLinks | None
) -> tuple[OutboxKey, ...]:
    """The keys a period's digest is kept under: one, or one per recipient."""
    key = OutboxKey(list_settings.name, kind.value, period)
    if not per_recipient(kind, web):
        return (key,)
    return tuple(recipient_key(key, r) for r in digest_recipients(list_settings, kind))


def prepare_digests(
    kind: DigestKind,
    meetings: Sequence[MeetingSnapshot],
    *,
    list_settings: ListSettings,
    at: datetime,
    previous: datetime | None,
    period: str,
    renderer: Renderer,
    from_address: str,
    web: WebLinks | None = None,
) -> list[Outgoing]:
    """The digest's messages: none when it is empty and the list does not want empty ones; one for
    all its recipients; or, for a confirmation-pending digest with signed links, one per recipient."""
    digest = compose(kind, meetings, list_settings=list_settings, at=at, previous=previous)
    send_empty = (digest_settings(list_settings, kind) or DEFAULT_DIGEST).send_empty
    if not worth_sending(digest, send_empty):
        return []
    options = render_options(list_settings, from_address=from_address, web=web)
    key = OutboxKey(list_settings.name, kind.value, period)
    recipients = digest_recipients(list_settings, kind)
    if not per_recipient(kind, web) or not recipients:
        rendered = renderer.digest(digest, options=options)
        return [_outgoing(rendered, key, recipients, from_address, at)]
    outgoing = []
    for recipient in recipients:
        rendered = renderer.digest(digest, options=options, recipient=recipient)
        outgoing.append(_outgoing(rendered, recipient_key(key, recipient), (recipient,), from_address, at))
    return outgoing


def _outgoing(
    rendered: Rendered, key: OutboxKey, recipients: tuple[str, ...], from_address: str, at: datetime
) -> Outgoing:
    message = build_message(rendered, sender=from_address, recipients=recipients, key=key, at=at)
    return Outgoing(key, bytes(message), recipients, rendered.subject, rendered.text)


def prepare_digest(
    kind: DigestKind,
    meetings: Sequence[MeetingSnapshot],
    *,
    list_settings: ListSettings,
    at: datetime,
    previous: datetime | None,
    period: str,
    renderer: Renderer,
    from_address: str,
) -> Outgoing | None:
    """The digest's one message, without web links, or None when it is empty and the list does not
    want empty ones."""
    found = prepare_digests(
        kind,
        meetings,
        list_settings=list_settings,
        at=at,
        previous=previous,
        period=period,
        renderer=renderer,
        from_address=from_address,
    )
    return found[0] if found else None


def reminder_key(list_name: str, due: DueReminder) -> OutboxKey:
    """One per meeting, offset and SEQUENCE: a changed meeting is reminded of again."""
    return OutboxKey(list_name, "meeting", f"{due.meeting.uid}/{due.offset_text}/{due.sequence}")


def due_reminders_of(
    meetings: Sequence[MeetingSnapshot], *, list_settings: ListSettings, at: datetime
) -> list[DueReminder]:
    return due_reminders(
        meetings,
        list_name=list_settings.name,
        time_zone=list_settings.timezone,
        at=at,
        offsets=list_settings.reminders.before,
        language=list_settings.language,
    )


def prepare_reminder(
    due: DueReminder,
    *,
    list_settings: ListSettings,
    at: datetime,
    renderer: Renderer,
    from_address: str,
    web: WebLinks | None = None,
) -> Outgoing:
    recipients = tuple(list_settings.reminders.to) or (list_settings.address,)
    key = reminder_key(list_settings.name, due)
    rendered = renderer.reminder(
        due,
        list_name=list_settings.name,
        time_zone=list_settings.timezone,
        at=at,
        options=render_options(list_settings, from_address=from_address, web=web),
    )
    message = build_message(rendered, sender=from_address, recipients=recipients, key=key, at=at)
    return Outgoing(key, bytes(message), recipients, rendered.subject, rendered.text)


def prepare_reminders(
    meetings: Sequence[MeetingSnapshot],
    *,
    list_settings: ListSettings,
    at: datetime,
    renderer: Renderer,
    from_address: str,
    web: WebLinks | None = None,
) -> list[Outgoing]:
    """A message for each per-meeting reminder due at ``at``, keyed by meeting UID, offset and SEQUENCE."""
    return [
        prepare_reminder(
            due, list_settings=list_settings, at=at, renderer=renderer, from_address=from_address, web=web
        )
        for due in due_reminders_of(meetings, list_settings=list_settings, at=at)
    ]
