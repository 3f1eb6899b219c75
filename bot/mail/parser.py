"""``parse``: raw RFC 5322 bytes to a Mail. Never raises; what went wrong is listed in ``defects``.

The message is parsed with the compat32 policy (the cheap one) and headers are decoded here, because
the modern policy's header objects cost several times more than everything else parse does.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from email.parser import BytesParser, Parser

from bot.mail.body import Body, extract
from bot.mail.footers import strip_list_footers, strip_signature
from bot.mail.headers import Headers, first_values, is_forward_subject, read_headers
from bot.mail.model import CalendarEvent, Mail, QuotedBlock
from bot.mail.quotes import Quote, split_quotes

_BLANK_RUN = re.compile(r"\n{3,}")
# The blank line that ends a header block ("\n\n" or "\r\n\r\n").
_HEADER_END = re.compile(r"\n\r?\n")
_SINGLE_PART_ONLY = ("multipart", "message")


def parse(raw: bytes) -> Mail:
    """Read one message. Pure: the result depends on ``raw`` alone."""
    try:
        return _parse(raw)
    except Exception as exc:  # the last guard: parse must return a Mail for any input
        return _empty(Headers(), "", [f"internal: unparseable ({type(exc).__name__})"])


def _parse(raw: bytes) -> Mail:
    defects: list[str] = []
    if b"\0" in raw:
        raw = raw.replace(b"\0", b"")
        defects.append("nul bytes removed")
    try:
        msg = _read_message(raw)
    except RecursionError:
        # The standard parser recurses once per MIME level: a message nested deeper than the
        # interpreter allows keeps its headers and loses its body (bot.mail.body reads 20 levels).
        msg = BytesParser().parsebytes(raw, headersonly=True)
        del msg["Content-Type"]
        msg.set_payload("")
        defects.append("mime: nested too deep")
    # Each stage is guarded on its own, so that a bug met in one part of a message loses only that part.
    values = first_values(msg)
    try:
        headers = read_headers(values)
    except Exception as exc:
        headers = Headers(defects=[f"internal: headers ({type(exc).__name__})"])
    try:
        body = extract(msg, values)
    except Exception as exc:
        body = Body(defects=[f"internal: body ({type(exc).__name__})"])
    defects += headers.defects + body.defects + _mime_defects(msg)
    text = body.text
    try:
        text = strip_list_footers(text)
        own, quotes = split_quotes(text, headers.date, is_forward_subject(headers.subject))
        own = strip_signature(strip_list_footers(own))
    except Exception as exc:
        own, quotes = text, []
        defects.append(f"internal: quotes ({type(exc).__name__})")
    blocks = tuple(b for b in (_block(q) for q in quotes) if b.text and not b.text.isspace())
    return _empty(headers, own, defects, blocks, tuple(body.calendar))


def _read_message(raw: bytes) -> Message:
    """``email.message_from_bytes(raw)``, with the body of a single-part message set directly.

    The standard parser walks a body line by line even when it only joins the lines back into the
    payload: on a plain-text message that is a good part of its time. So the header block is parsed
    alone, and when it ends at the first blank line and declares no multipart or message body, the
    rest of the text is the payload, exactly what the parser would have set. Anything else (a header
    block cut short by a line that is no header, a multipart body) is parsed whole, as before.
    """
    text = raw.decode("ascii", "surrogateescape")  # what message_from_bytes does first
    end = _HEADER_END.search(text)
    # A header block that names a multipart or message type anywhere goes straight to the whole
    # parse, so that a MIME message does not have its headers parsed twice.
    if end is not None and not _names_nested_type(text[: end.start()].lower()):
        msg = Parser().parsestr(text[: end.end()], headersonly=True)
        if msg.get_content_maintype() not in _SINGLE_PART_ONLY and msg.get_payload() == "":
            msg.set_payload(text[end.end() :])
            return msg
    return message_from_bytes(raw)


def _names_nested_type(head: str) -> bool:
    return "multipart/" in head or "message/" in head


def _block(quote: Quote) -> QuotedBlock:
    a = quote.attribution
    text = strip_list_footers(quote.text).strip("\n")
    if a is None:
        return QuotedBlock(text)
    return QuotedBlock(text, a.author, a.address, a.written, a.written_text)


def _mime_defects(msg: Message) -> list[str]:
    found: list[str] = []
    for part in msg.walk():
        for defect in part.defects:
            name = "mime: " + type(defect).__name__.removesuffix("Defect")
            if name not in found:
                found.append(name)
    return found


def _empty(
    h: Headers,
    text: str,
    defects: list[str],
    quoted: tuple[QuotedBlock, ...] = (),
    calendar: tuple[CalendarEvent, ...] = (),
) -> Mail:
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return Mail(
        message_id=h.message_id,
        sender=h.sender,
        to=h.to,
        cc=h.cc,
        reply_to=h.reply_to,
        date=h.date,
        subject=h.subject,
        topic=h.topic,
        in_reply_to=h.in_reply_to,
        references=h.references,
        list_id=h.list_id,
        auto_submitted=h.auto_submitted,
        precedence=h.precedence,
        loop_marker=h.loop_marker,
        text=text.strip("\n"),
        quoted=quoted,
        calendar=calendar,
        defects=tuple(dict.fromkeys(defects)),
    )
