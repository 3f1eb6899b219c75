"""From meetings to ready-to-send messages under their outbox keys: compose, render, build.

No clock and no I/O beyond reading templates: the schedule and the command line say when, and the
sender does the sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import DigestSettings, ListSettings
from bot.digest.compose import compose_pending, compose_reminder, due_reminders, worth_sending
from bot.digest.model import Digest, DigestKind, DueReminder, MeetingSnapshot
from bot.digest.render import Renderer, build_message
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
    """The digest's message, or None when it is empty and the list does not want empty ones."""
    digest = compose(kind, meetings, list_settings=list_settings, at=at, previous=previous)
    send_empty = (digest_settings(list_settings, kind) or DEFAULT_DIGEST).send_empty
    if not worth_sending(digest, send_empty):
        return None
    rendered = renderer.digest(digest)
    key = OutboxKey(list_settings.name, kind.value, period)
    recipients = digest_recipients(list_settings, kind)
    message = build_message(rendered, sender=from_address, recipients=recipients, key=key, at=at)
    return Outgoing(key, bytes(message), recipients, rendered.subject, rendered.text)


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
    due: DueReminder, *, list_settings: ListSettings, at: datetime, renderer: Renderer, from_address: str
) -> Outgoing:
    recipients = tuple(list_settings.reminders.to) or (list_settings.address,)
    key = reminder_key(list_settings.name, due)
    rendered = renderer.reminder(due, list_name=list_settings.name, time_zone=list_settings.timezone, at=at)
    message = build_message(rendered, sender=from_address, recipients=recipients, key=key, at=at)
    return Outgoing(key, bytes(message), recipients, rendered.subject, rendered.text)


def prepare_reminders(
    meetings: Sequence[MeetingSnapshot],
    *,
    list_settings: ListSettings,
    at: datetime,
    renderer: Renderer,
    from_address: str,
) -> list[Outgoing]:
    """A message for each per-meeting reminder due at ``at``, keyed by meeting UID, offset and SEQUENCE."""
    return [
        prepare_reminder(
            due, list_settings=list_settings, at=at, renderer=renderer, from_address=from_address
        )
        for due in due_reminders_of(meetings, list_settings=list_settings, at=at)
    ]
