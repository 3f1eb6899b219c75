"""Header fields: decoded text, addresses, message ids and the subject's thread key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import MessageError
from email.header import decode_header
from email.message import Message

from bot.mail.charsets import decode_text
from bot.mail.dates import parse_date_header
from bot.mail.model import LOOP_HEADER, Address

_FOLD = re.compile(r"\r?\n[ \t]*")
_SPACES = re.compile(r"\s+")
# One mailbox of a list: commas inside quotes, angle brackets and comments do not separate.
_MAILBOX = re.compile(r'(?:"(?:[^"\\]|\\.)*"?|<[^<>]*>?|\([^()]*\)?|[^,"<(])+')
_ANGLE = re.compile(r"<([^<>]*)>?")
_COMMENT = re.compile(r"\(([^()]*)\)?")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
# Mailman 2 archives write addresses as "user at host".
_AT_WORD = re.compile(r"^\s*([^\s@<>()]+) at ([^\s@<>()]+\.[^\s@<>()]+|[^\s@<>()]+)(?=\s|$)")
# Reply and forward prefixes in the languages clients localise them to (Re, Fwd, AW/WG in German,
# TR in French, RV in Spanish, SV/VS in Nordic languages, Odp in Polish, ...), optionally counted
# ("Re[2]:") or repeated ("RE: RE:"), and list tags ("[mmwg]"), all only at the start.
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw|odp|res|enc|doorst|r)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"
    r"|\[[^\[\]]{1,40}\])\s*",
    re.IGNORECASE,
)
_FORWARD_PREFIX = re.compile(r"^\s*(?:\[[^\[\]]{1,40}\]\s*)*(?:fwd?|wg|tr|rv|doorst|enc)\s*:", re.IGNORECASE)


@dataclass(slots=True)
class Headers:
    message_id: str | None = None
    sender: Address | None = None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    date: datetime | None = None
    subject: str = ""
    topic: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    list_id: str | None = None
    auto_submitted: str | None = None
    precedence: str | None = None
    loop_marker: str | None = None
    defects: list[str] = field(default_factory=list)


def read_headers(raw: dict[str, str]) -> Headers:
    """The header fields of a message, from ``first_values``."""
    h = Headers()
    h.date, h.defects = parse_date_header(raw.get("date", ""))
    h.subject = _SPACES.sub(" ", decode_value(raw.get("subject", ""))).strip()
    h.topic = topic_of(h.subject)
    senders = addresses(raw.get("from", ""))
    h.sender = senders[0] if senders else None
    h.to = addresses(raw.get("to", ""))
    h.cc = addresses(raw.get("cc", ""))
    h.reply_to = addresses(raw.get("reply-to", ""))
    h.message_id = _one_id(raw.get("message-id", ""))
    if h.message_id is None:
        h.defects.append("message-id: missing")
    h.in_reply_to = _one_id(raw.get("in-reply-to", ""))
    h.references = tuple(dict.fromkeys(f"<{m}>" for m in _MSG_ID.findall(raw.get("references", ""))))
    h.list_id = _list_id(decode_value(raw.get("list-id", "")))
    h.auto_submitted = _token(raw.get("auto-submitted", ""))
    h.precedence = _token(raw.get("precedence", ""))
    h.loop_marker = decode_value(raw.get(LOOP_HEADER.lower(), "")).strip() or None
    return h


def first_values(msg: Message) -> dict[str, str]:
    """The first value of each field, by lower-cased name, read once.

    Message.get scans every header on every call; a list message has dozens of them.
    """
    values: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = name.lower()
        if key not in values:
            # A value compat32 could not decode comes back as a Header object; str() is its raw text.
            values[key] = _without_surrogates(value if isinstance(value, str) else str(value))
    return values


def _without_surrogates(value: str) -> str:
    """compat32 keeps undeclared 8-bit header bytes as surrogate escapes, which no store or encoder
    takes: a Message-ID or an address with them would fail far from here. Decode them once, here."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return decode_text(value.encode("utf-8", "surrogateescape"), None)[0]
    return value


def is_forward_subject(subject: str) -> bool:
    return _FORWARD_PREFIX.match(subject) is not None


def topic_of(subject: str) -> str:
    """The subject without list tags and reply/forward prefixes, however many and in whatever order."""
    previous = None
    topic = subject
    while topic != previous:
        previous = topic
        topic = _PREFIX.sub("", topic, count=1)
    return topic.strip() or subject.strip()


def decode_value(value: str) -> str:
    """A header value as text: unfolded, encoded words decoded, stray 8-bit bytes recovered."""
    if not value:
        return ""
    if "\n" in value:
        value = _FOLD.sub(" ", value)
    if not value.isascii():
        # compat32 keeps undeclared 8-bit header bytes as surrogate escapes.
        raw = value.encode("utf-8", "surrogateescape")
        value = decode_text(raw, None)[0]
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
    except (MessageError, ValueError, AssertionError, LookupError):
        # A broken encoded word: the raw text is still better than nothing.
        return value
    return "".join(
        decode_text(chunk, charset)[0] if isinstance(chunk, bytes) else chunk for chunk, charset in chunks
    )


def addresses(value: str) -> tuple[Address, ...]:
    """The mailboxes of an address list: "Name <a@b>", "a@b (Name)", bare "a@b", quoted names.

    Not email.utils.getaddresses: its strict parser costs more than the rest of parse together on
    messages with long To/Cc lists, and its strictness drops the odd forms archives carry.
    """
    if not value:
        return ()
    if "\n" in value:
        value = _FOLD.sub(" ", value)
    if " at " in value:
        value = _AT_WORD.sub(r"\1@\2", value)
    found: list[Address] = []
    for item in _MAILBOX.findall(value):
        mailbox = _mailbox(item)
        if mailbox is not None:
            found.append(mailbox)
    return tuple(found)


def _mailbox(item: str) -> Address | None:
    item = item.strip()
    angle = _ANGLE.search(item)
    if angle:
        addr = angle.group(1)
        name = (item[: angle.start()] + item[angle.end() :]).strip()
    else:
        comment = _COMMENT.search(item)
        name = comment.group(1) if comment else ""
        addr = (item[: comment.start()] + item[comment.end() :]) if comment else item
        if ":" in addr:
            # Group syntax ("undisclosed-recipients:;"): the group name is not a mailbox.
            addr = addr.split(":", 1)[1].rstrip(";")
    addr = addr.strip().strip(";")
    if not addr and not name:
        return None
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].replace('\\"', '"')
    if name and ("=?" in name or "  " in name or "\t" in name or not name.isascii()):
        name = _SPACES.sub(" ", decode_value(name)).strip()
    return Address(name, _normal_address(addr))


def _normal_address(addr: str) -> str:
    local, at, domain = addr.rpartition("@")
    return f"{local}@{domain.lower()}" if at else addr


def _one_id(value: str) -> str | None:
    m = _MSG_ID.search(value)
    if m:
        return f"<{m.group(1)}>"
    bare = value.strip()
    return f"<{bare}>" if bare and not any(c.isspace() for c in bare) else None


def _list_id(value: str) -> str | None:
    m = _MSG_ID.search(value)
    if m:
        return m.group(1).lower()
    return value.strip().lower() or None


def _token(value: str) -> str | None:
    # "auto-replied (vacation)" -> "auto-replied": the comment is not part of the keyword.
    word = value.split("(", 1)[0].split(";", 1)[0].strip().lower()
    return word or None
