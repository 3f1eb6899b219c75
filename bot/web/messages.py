"""The messages behind a meeting's story: their subject, sender and date, the sentence that stated the
meeting (read again by detection), a link into the list's archive, and their text where the list's
archive is public. Pure: the store's bytes in, plain values out (detection is run off the event loop
by the caller)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from bot.config import ListSettings
from bot.detect import DetectOptions, detect
from bot.errors import ListminderError
from bot.mail import Mail, parse
from bot.text import printable, printable_block


@dataclass(frozen=True, slots=True)
class StoryMessage:
    subject: str
    sender: str | None
    date: datetime | None
    evidence: str | None
    archive_url: str | None
    # None unless the list is public.
    text: str | None


def archive_link(pattern: str | None, message_key: str) -> str | None:
    """The archive's page of a message: ``{message_id}`` is its Message-ID without angle brackets."""
    if pattern is None or not message_key.startswith("<"):
        return None
    return pattern.replace("{message_id}", quote(message_key.strip("<>"), safe="@"))


def story_message(raw: bytes, key: str, settings: ListSettings, days: frozenset[date]) -> StoryMessage:
    mail = parse(raw)
    return StoryMessage(
        subject=printable(mail.subject),
        sender=printable(mail.sender.address) if mail.sender is not None else None,
        date=mail.date,
        evidence=_evidence(mail, settings, days),
        archive_url=archive_link(settings.archive_url, key),
        text=printable_block(mail.text) if settings.public else None,
    )


def _evidence(mail: Mail, settings: ListSettings, days: frozenset[date]) -> str | None:
    options = DetectOptions(
        time_zone=settings.timezone, date_order=settings.date_order, language=settings.language
    )
    try:
        mentions = detect(mail, options, mail.date)
    except (ListminderError, ValueError):
        return None
    # The sentence of the mention of the meeting's day (its day then, or now); any mention else.
    chosen = [m for m in mentions if m.when.first_day in days] or mentions
    return printable(chosen[0].evidence) if chosen else None
