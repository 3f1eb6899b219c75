"""Mail for the bot that is not a list post, forwarded once to the list's admins; pure.

The bot's own forwards must never come back to be forwarded again (an admin's mailbox that bounces
them, a vacation reply): mail that carries our loop marker, comes from the bot, or holds one of our
forwards' Message-IDs (a bounce quotes the message it returns) is not forwarded. A rate limit per list
bounds what is left.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from bot.config import ListSettings
from bot.mail import LOOP_HEADER, Mail
from bot.store.records import OutboxKey

KIND = "notice"
# At most this many forwards per list in any RATE_WINDOW: a storm of bounces reaches the admins as a
# handful of examples, not as a storm.
RATE_LIMIT = 10
RATE_WINDOW = timedelta(hours=1)
# A notice written this long before it arrived comes from an archive being imported: news to nobody.
STALE_AFTER = timedelta(days=2)


def notice_key(list_name: str, message_key: str) -> OutboxKey:
    """One forward per kept message, ever."""
    return OutboxKey(list_name, KIND, hashlib.sha256(message_key.encode("utf-8")).hexdigest()[:40])


def not_forwarded_because(mail: Mail, raw: bytes, own_address: str, received_at: datetime) -> str | None:
    """Why this message must not be forwarded (it would loop, or it is old news), or None."""
    if mail.date is not None and received_at - mail.date > STALE_AFTER:
        return "it was written long before it arrived (an archive)"
    if mail.loop_marker is not None:
        return "it carries our loop marker"
    if mail.sender is not None and mail.sender.address.casefold() == own_address.casefold():
        return "it comes from the bot itself"
    domain = own_address.rpartition("@")[2].encode("utf-8", "replace").lower()
    if f".{KIND}@".encode() + domain in raw.lower():
        return "it returns one of our own forwards"
    return None


def forward_message(
    raw: bytes,
    mail: Mail,
    *,
    reason: str,
    list_settings: ListSettings,
    member: str,
    key: OutboxKey,
    at: datetime,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = member
    message["To"] = ", ".join(list_settings.admins)
    subject = mail.subject or "(no subject)"
    message["Subject"] = f"[listminder {list_settings.name}] for the bot: {subject}"[:250]
    message["Date"] = format_datetime(at.astimezone(UTC))
    message["Message-ID"] = key.message_id(member)
    message["Auto-Submitted"] = "auto-generated"
    message[LOOP_HEADER] = member
    sender = mail.sender.address if mail.sender is not None else "(no sender)"
    message.set_content(
        f"The bot's address ({member}) received this message for the list {list_settings.name} from "
        f"{sender}. It is not a list post, so it was kept and not read for meetings.\n\n"
        f"What the bot did: {reason}\n\nThe message is attached as it arrived.\n"
    )
    # As a file, not message/rfc822, which may not be base64-encoded (RFC 2046) while the bytes that
    # arrived may be anything; mail clients open a .eml file as the message it is.
    message.add_attachment(raw, maintype="application", subtype="octet-stream", filename="message.eml")
    return message
