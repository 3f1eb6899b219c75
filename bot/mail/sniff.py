"""Is this mail at all? The check an archive entry passes before it is handed to the intake as a message.

Pure (bytes in, a verdict out). Deliberately lenient: a message with defects is still mail, and
``bot.mail.parse`` copes with it (stray NUL bytes, broken MIME, odd charsets). Only bytes that hold no
message at all are refused: nothing, nothing but white space, binary data, or text that does not open
with a header field, which the parser would read as a message without any header.
"""

from __future__ import annotations

import re

# A header field opens with "Name:", the name in printable ASCII other than the colon (RFC 5322).
_HEADER_FIELD = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
# An mbox envelope line ("From sender date") may stand before the header of a stored message.
_ENVELOPE = re.compile(rb"From [^\r\n]*\r?\n")
_WHITE_SPACE = re.compile(rb"\s*")
# How much of the start is looked at to tell binary data from text.
_SNIFF_BYTES = 8192
# C0 controls that text does not carry; tab, line breaks, form feed and ESC (ISO-2022-JP) are left out.
_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r\f\x1b")
# Text has few such controls; compressed or executable data has one byte in eight or so.
_BINARY_CONTROL_SHARE = 0.1


def not_mail_reason(raw: bytes, unit: str = "file") -> str | None:
    """Why ``raw`` is not an e-mail message, or None when it is one.

    ``unit`` names what ``raw`` was ("file", "message") in the reason: "empty file", "binary file".
    Only the start of ``raw`` is looked at (positions, no copies: messages can be large).
    """
    if not raw:
        return f"empty {unit}"
    start = _after_white_space(raw, 0)
    if start == len(raw):
        return f"blank {unit} (only white space)"
    envelope = _ENVELOPE.match(raw, start)
    if envelope is not None:
        start = _after_white_space(raw, envelope.end())
        if start == len(raw):
            return f"empty {unit} (an mbox From line alone)"
    if _HEADER_FIELD.match(raw, start):
        return None
    head = raw[start : start + _SNIFF_BYTES]
    if looks_binary(head):
        return f"binary {unit}"
    first_line = head.split(b"\n", 1)[0][:40]
    return f"no header block (first line {first_line!r})"


def looks_binary(head: bytes) -> bool:
    """True for data rather than text: a NUL byte, or many control characters."""
    if b"\0" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > _BINARY_CONTROL_SHARE * len(head)


def _after_white_space(raw: bytes, pos: int) -> int:
    found = _WHITE_SPACE.match(raw, pos)
    return pos if found is None else found.end()
