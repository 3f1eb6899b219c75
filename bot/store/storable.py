"""What the store can keep, made of what mail brings: the intake passes every parsed message through here.

SQLite takes any text; PostgreSQL refuses a NUL character in text ("invalid byte sequence for encoding
UTF8: 0x00"), the driver cannot encode a lone surrogate, and a unique index entry is limited to about
2.7 KB. Mail can bring all three (a NUL in an encoded-word Subject, undecodable header bytes, a
Message-ID or an iCalendar UID of kilobytes), and a message the store refuses is refused again on every
retry: the listener would answer 451 forever. So the intake cleans the message once, before anything
reads it, and the same message always comes out the same: a reply that names an over-long Message-ID
names it by the same bounded key.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, TypeVar

from bot.mail import Mail
from bot.mail.model import CalendarEvent

# What stands for a character the store cannot keep: the mark text decoders leave for bytes they
# could not read, so a reader sees that something was there.
REPLACEMENT = "\ufffd"
# A key (Message-ID, iCalendar UID) longer than this, in UTF-8, is kept as a hash of itself: far below
# PostgreSQL's index entry limit with the list's name beside it, and above any key a mail client writes
# (RFC 5322 lines end at 998 characters).
MAX_KEY_BYTES = 998

_T = TypeVar("_T")


def storable_text(text: str) -> str:
    """``text`` with NUL and lone surrogates replaced by U+FFFD; the same object when it has neither."""
    if "\x00" in text:
        text = text.replace("\x00", REPLACEMENT)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(REPLACEMENT if "\ud800" <= char <= "\udfff" else char for char in text)
    return text


def bounded_key(key: str) -> str:
    """A Message-ID or UID an index can hold: itself, or ``sha256:<hex of it>`` when it is too long
    (inside angle brackets when it had them), the same for the same key wherever it is met."""
    encoded = key.encode("utf-8", "surrogatepass")
    if len(encoded) <= MAX_KEY_BYTES:
        return key
    digest = "sha256:" + hashlib.sha256(encoded).hexdigest()
    return f"<{digest}>" if key.startswith("<") and key.endswith(">") else digest


def storable_mail(mail: Mail) -> Mail:
    """The message with every text cleaned and its Message-IDs and calendar UIDs bounded."""
    clean = _cleaned(mail)
    return dataclasses.replace(
        clean,
        message_id=_bounded(clean.message_id),
        in_reply_to=_bounded(clean.in_reply_to),
        references=tuple(dict.fromkeys(bounded_key(key) for key in clean.references)),
        calendar=tuple(_event(event) for event in clean.calendar),
    )


def _bounded(key: str | None) -> str | None:
    return bounded_key(key) if key is not None else None


def _event(event: CalendarEvent) -> CalendarEvent:
    uid = _bounded(event.uid)
    return event if uid == event.uid else dataclasses.replace(event, uid=uid)


def _cleaned(value: _T) -> _T:
    """Every str in ``value`` (a dataclass, tuple or str, nested) made storable; untouched parts kept."""
    cleaned: Any
    if isinstance(value, str):
        cleaned = storable_text(value)
    elif isinstance(value, tuple):
        items = tuple(_cleaned(item) for item in value)
        cleaned = value if all(a is b for a, b in zip(items, value, strict=True)) else items
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            before = getattr(value, item.name)
            after = _cleaned(before)
            if after is not before:
                changes[item.name] = after
        cleaned = dataclasses.replace(value, **changes) if changes else value
    else:
        cleaned = value
    result: _T = cleaned
    return result
