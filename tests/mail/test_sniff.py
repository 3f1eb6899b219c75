"""bot.mail.sniff.not_mail_reason: what an archive entry must be to count as a message."""

from __future__ import annotations

import gzip
import zlib

import pytest

from bot.mail.sniff import looks_binary, not_mail_reason
from tests.hostile import nul_bytes

MAIL = b"From: a@example.org\nSubject: hello\n\nbody\n"
NO_HEADER = "no header block (first line b'%s')"


@pytest.mark.parametrize(
    "raw",
    [
        MAIL,
        b"\n\r\n" + MAIL,  # blank lines before the header (written by some archivers)
        MAIL.replace(b"\n", b"\r\n"),
        b"From a@example.org Fri Mar  1 09:32:01 2019\n" + MAIL,  # a Maildir file that kept its envelope
        b"X-Odd: \n\n",  # a header with nothing else is still a (useless) message
        b"Received: from x\n\tby y\nFrom: a\n",  # no blank line and no body
        b"Subject: \x1b$B$3$s$K$A$O\x1b(B\n\nJIS in a raw header\n",  # ISO-2022-JP's ESC is text
        b"From: a@example.org\nSubject: broken\nthis line is no header\n\nbody\n",  # a defect, not junk
        nul_bytes(1),  # NUL bytes inside a message are the parser's business (it drops them)
    ],
)
def test_mail_even_with_defects_is_mail(raw: bytes) -> None:
    assert not_mail_reason(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"\n\n  \r\n\t", "blank file (only white space)"),
        (b"From a@example.org Fri Mar  1 09:32:01 2019\n\n", "empty file (an mbox From line alone)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (gzip.compress(MAIL * 50)[10:], "binary file"),  # compressed data without its gzip header
        (zlib.compress(bytes(range(256)) * 40), "binary file"),
        (b"just some words\nFrom: a@example.org\n\nbody\n", NO_HEADER % "just some words"),
        (b"<html>\n<body>Meeting: Monday</body>\n", NO_HEADER % "<html>"),
        (b"\xef\xbb\xbfFrom: a@example.org\n\nbody\n", NO_HEADER % "\\xef\\xbb\\xbfFrom: a@example.org"),
    ],
)
def test_what_holds_no_message_is_named(raw: bytes, reason: str) -> None:
    assert not_mail_reason(raw) == reason


def test_the_unit_is_named_in_the_reason() -> None:
    assert not_mail_reason(b"", "message") == "empty message"
    assert not_mail_reason(b"\x00\x01\x02", "message") == "binary message"


def test_the_first_line_is_shown_escaped_and_cut() -> None:
    reason = not_mail_reason(b"\x1b[2J" + b"x" * 100 + b"\n")
    assert reason == "no header block (first line b'\\x1b[2J" + "x" * 36 + "')"


@pytest.mark.parametrize(
    ("head", "binary"),
    [
        (b"plain text\n\twith a tab\x0c and a form feed\r\n", False),
        ("été, 会議 — UTF-8 text".encode(), False),
        ("Latin-1 text: réunion".encode("latin-1"), False),
        (b"one NUL \x00 is enough", True),
        (b"a\x01b\x02c\x03d\x04e\x05", True),
        (b"x" * 95 + b"\x01" * 5, False),  # a few stray controls in text
    ],
)
def test_binary_is_a_nul_byte_or_many_controls(head: bytes, binary: bool) -> None:
    assert looks_binary(head) is binary
