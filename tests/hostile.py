"""Pathological messages, each a function of a size factor: what hostile or broken mail looks like.

Shared by tests/test_hostile.py (which checks that nothing escapes and memory stays bounded) and
benchmarks/hostile_bench.py (which checks that time grows no faster than the input).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"
# Real-shaped messages to sprinkle NUL bytes into.
SAMPLES_FOR_NULS = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))[:6]]

HEAD = (
    b"From: Chair <chair@example.org>\r\nTo: wg@example.org\r\nDate: Mon, 03 Feb 2031 10:00:00 +0000\r\n"
    b"Message-ID: <hostile@example.org>\r\n"
)


def _message(body: bytes, *, subject: bytes = b"Working group meeting", extra: bytes = b"") -> bytes:
    return HEAD + b"Subject: " + subject + b"\r\n" + extra + b"\r\n" + body


def deep_multipart(scale: int) -> bytes:
    """multipart/mixed nested 125 x scale levels deep (1,000 at scale 8), a text part at the bottom."""
    return nested_multipart(125 * scale)


def nested_multipart(depth: int) -> bytes:
    out = [HEAD, b"Subject: nested\r\nMIME-Version: 1.0\r\n"]
    for level in range(depth):
        out.append(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (level, level))
    out.append(b"Content-Type: text/plain\r\n\r\nThe meeting is on 5 March 2031 at 15:00.\r\n")
    for level in reversed(range(depth)):
        out.append(b"--b%d--\r\n" % level)
    return b"".join(out)


def huge_header(scale: int) -> bytes:
    """A Subject of 128 KiB x scale, folded, full of words and dates."""
    words = b"meeting on 5 March 2031 at 15:00 " * (128 * 1024 * scale // 33)
    folded = b"\r\n ".join(words[i : i + 76] for i in range(0, len(words), 76))
    return _message(b"See the subject.\r\n", subject=folded)


def many_headers(scale: int) -> bytes:
    """5,000 x scale header fields, several of them repeated (Received, To, References)."""
    lines = []
    for i in range(5000 * scale):
        kind = i % 4
        if kind == 0:
            lines.append(b"Received: from host%d.example.org by mx.example.org; Mon, 3 Feb 2031\r\n" % i)
        elif kind == 1:
            lines.append(b"To: person%d@example.org\r\n" % i)
        elif kind == 2:
            lines.append(b"References: <ref%d@example.org>\r\n" % i)
        else:
            lines.append(b"X-Junk-%d: %s\r\n" % (i, b"x" * 40))
    return _message(b"The meeting is on 5 March 2031.\r\n", extra=b"".join(lines))


def lying_charset(scale: int) -> bytes:
    """Parts that claim one charset and carry another (Latin-1 as UTF-16, Shift-JIS as UTF-8, junk
    names), 64 KiB x scale of text in all."""
    text = "Réunion du groupe le 5 mars 2031 à 15h00, salle Genève. ".encode("latin-1")
    chunk = text * (64 * 1024 * scale // len(text) // 4)
    parts = []
    for i, charset in enumerate((b"utf-16", b"utf-8", b"x-unknown-\xff", b"iso-2022-jp")):
        body = chunk if i != 1 else "会議は3月5日です。".encode("shift_jis") * (len(chunk) // 20)
        parts.append(
            b'--L\r\nContent-Type: text/plain; charset="' + charset + b'"\r\n'
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body + b"\r\n"
        )
    body = b"".join(parts) + b"--L--\r\n"
    extra = b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=L\r\n"
    subject = b"=?utf-16?B?" + b"////" * 50 + b"?= =?x-bogus?Q?caf=E9?="
    return _message(body, subject=subject, extra=extra)


def nul_bytes(scale: int) -> bytes:
    """NUL bytes everywhere: in header names and values, the body, a base64 part."""
    line = b"The\x00 meeting\x00 is on 5 March\x00 2031 at 15:00.\x00\r\n"
    body = line * (1500 * scale)
    extra = b'X-\x00Bad: \x00\x00\r\nContent-Type: text/plain; charset="utf-8\x00"\r\n'
    return _message(body, subject=b"meet\x00ing", extra=extra)


def digit_line(scale: int) -> bytes:
    """One line of 128 KiB x scale digits (1 MiB at scale 8), no line break."""
    return _message(b"Meeting: " + b"1234567890" * (128 * 1024 * scale // 10) + b"\r\n")


def many_dates(scale: int) -> bytes:
    """1,250 x scale dates (10,000 at scale 8), each in a sentence that calls it a meeting."""
    start = date(2031, 3, 1)
    lines = []
    for i in range(1250 * scale):
        day = start + timedelta(days=i % 3000)
        lines.append(f"The working group meets on {day.day} {day:%B %Y} at {i % 24:02d}:00 UTC.".encode())
    return _message(b"\r\n".join(lines) + b"\r\n")


def deep_quotes(scale: int) -> bytes:
    """Quotes nested 125 x scale deep (1,000 at scale 8), each level with its attribution."""
    depth = 125 * scale
    lines = []
    for level in range(depth):
        prefix = b">" * level + (b" " if level else b"")
        lines.append(
            prefix + b"On Mon, 3 Feb 2031 at 10:00, Person %d <p%d@example.org> wrote:" % (level, level)
        )
        lines.append(prefix + b"The meeting is on 5 March 2031 at 15:00 in Geneva.")
    return _message(b"\r\n".join(lines) + b"\r\n")


def deep_html(scale: int) -> bytes:
    """An HTML part nested 2,500 x scale elements deep, never closed."""
    depth = 2500 * scale
    html = b"<html><body>" + b"<div><blockquote>" * depth + b"The meeting is on 5 March 2031 at 15:00."
    extra = b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
    return _message(html + b"\r\n", extra=extra)


def long_word(scale: int) -> bytes:
    """One 'word' of 128 KiB x scale letters with meeting words and dates glued in, no spaces."""
    word = b"meetingMarch2031at15:00" * (128 * 1024 * scale // 23)
    return _message(word + b"\r\n")


def many_lines(scale: int) -> bytes:
    """20,000 x scale short lines, mostly blank or one word: line-by-line passes over the text."""
    return _message(b"meeting\r\n\r\n>\r\n-- \r\n" * (5000 * scale))


SHAPES: dict[str, Callable[[int], bytes]] = {
    "deep multipart": deep_multipart,
    "huge header": huge_header,
    "many headers": many_headers,
    "lying charset": lying_charset,
    "nul bytes": nul_bytes,
    "1 MB digit line": digit_line,
    "many dates": many_dates,
    "deep quotes": deep_quotes,
    "deep html": deep_html,
    "long word": long_word,
    "many lines": many_lines,
}
