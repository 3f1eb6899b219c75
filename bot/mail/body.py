"""The MIME tree walked for what the author wrote and for calendar parts; other attachments are ignored.

In a multipart/alternative the text/plain part is preferred (it is what the author's client wrote as
text) and the HTML part is turned into text only when there is no plain one. A forwarded message
attached as message/rfc822 (and each message of a MIME digest) is part of the content, introduced by
one line naming its sender, date and subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

from bot.mail.charsets import decode_text
from bot.mail.headers import decode_value
from bot.mail.html import html_to_text
from bot.mail.ical import read_calendar
from bot.mail.model import CalendarEvent

_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_CALENDAR_TYPES = frozenset(("text/calendar", "application/ics", "text/x-vcalendar"))
# Deeper nesting than this is not mail a person wrote; it is a crafted or broken message.
_MAX_DEPTH = 20
# Text beyond this is not something a person wrote either, and would only slow the rules down.
_MAX_TEXT = 1_000_000


@dataclass(slots=True)
class Body:
    texts: list[str] = field(default_factory=list)
    calendar: list[CalendarEvent] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(t for t in self.texts if t.strip())


def extract(msg: Message, header_values: dict[str, str] | None = None) -> Body:
    """``header_values``: the message's own fields by lower-cased name, when already read."""
    body = Body()
    _collect(msg, body, 0, header_values)
    return body


@dataclass(frozen=True, slots=True)
class _Fields:
    ctype: str
    charset: str | None
    disposition: str | None


def _fields(part: Message, values: dict[str, str] | None = None) -> _Fields:
    """Content-Type and Content-Disposition, read in one pass over the part's headers.

    Message.get_content_type and friends scan every header of the part on each call, which on the
    top-level message of a list mail (dozens of Received and DKIM lines) adds up.
    """
    ctype_raw = disposition_raw = None
    if values is not None:
        ctype_raw, disposition_raw = values.get("content-type"), values.get("content-disposition")
    for name, value in part.raw_items() if values is None else ():
        if len(name) in (12, 19) and name[:8].lower() == "content-":
            key = name.lower()
            if key == "content-type" and ctype_raw is None:
                ctype_raw = str(value)
            elif key == "content-disposition" and disposition_raw is None:
                disposition_raw = str(value)
    ctype = part.get_default_type()
    charset = None
    if ctype_raw is not None:
        main = ctype_raw.split(";", 1)[0].strip().lower()
        if main.count("/") == 1:
            ctype = main
        m = _CHARSET.search(ctype_raw)
        charset = m.group(1) if m else None
    disposition = disposition_raw.split(";", 1)[0].strip().lower() if disposition_raw else None
    return _Fields(ctype, charset, disposition)


def _collect(part: Message, body: Body, depth: int, values: dict[str, str] | None = None) -> None:
    if depth > _MAX_DEPTH:
        body.defects.append("mime: nested too deep")
        return
    fields = _fields(part, values)
    ctype = fields.ctype
    if _is_calendar(part, ctype):
        _calendar(part, body)
    elif ctype == "multipart/alternative":
        _alternative(part, body, depth)
    elif ctype == "message/rfc822":
        _attached_message(part, body, depth)
    elif part.is_multipart():
        for sub in _subparts(part):
            _collect(sub, body, depth + 1)
    elif ctype in ("text/plain", "text/html") and not _is_attachment(part, fields):
        body.texts.append(_text(part, fields, body))


def _alternative(part: Message, body: Body, depth: int) -> None:
    subs = _subparts(part)
    by_type: dict[str, tuple[Message, _Fields]] = {}
    for sub in subs:
        fields = _fields(sub)
        by_type.setdefault(fields.ctype, (sub, fields))
    for ctype, (sub, _) in by_type.items():
        if _is_calendar(sub, ctype):
            _calendar(sub, body)
    if "text/plain" in by_type:
        text = _text(*by_type["text/plain"], body)
        if text.strip():
            body.texts.append(text)
            return
    if "text/html" in by_type:
        body.texts.append(_text(*by_type["text/html"], body))
        return
    nested = [s for s in subs if s.is_multipart()]
    if nested:
        _collect(nested[0], body, depth + 1)


def _attached_message(part: Message, body: Body, depth: int) -> None:
    inner = _subparts(part)
    if not inner:
        return
    message = inner[0]
    # One line, not a "From:/Date:" block, which the quote rules would take for an Outlook reply's history.
    facts = [decode_value(str(message.get(name) or "")).strip() for name in ("From", "Date", "Subject")]
    sender, date, subject = facts
    body.texts.append(
        f"Message from {sender or 'unknown sender'}" + (f", {date}" if date else "") + f": {subject}"
    )
    _collect(message, body, depth + 1)


def _text(part: Message, fields: _Fields, body: Body) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    if len(data) > _MAX_TEXT:
        data = data[:_MAX_TEXT]
        body.defects.append("body: text truncated")
    text, defects = decode_text(data, fields.charset)
    body.defects += defects
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if fields.ctype == "text/html" else text


def _calendar(part: Message, body: Body) -> None:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        body.defects.append("calendar: empty part")
        return
    events, defects = read_calendar(payload)
    body.calendar += events
    body.defects += defects


def _is_calendar(part: Message, ctype: str) -> bool:
    if ctype in _CALENDAR_TYPES:
        return True
    if ctype.startswith("multipart/") or ctype in ("text/plain", "text/html"):
        # The body parts of nearly every message: reading their filename parameter costs time.
        return False
    filename = part.get_filename()
    return isinstance(filename, str) and filename.lower().endswith((".ics", ".vcs"))


def _is_attachment(part: Message, fields: _Fields) -> bool:
    return fields.disposition == "attachment" and part.get_filename() is not None


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []
