"""Messages from files on disk: a .eml file, a folder of them, an mbox, a Maildir, gzip-compressed files.

Everything streams: an mbox of any size is read line by line and only one message is held at a time.
Each message comes with a source label (the file's path; for an mbox ``path#N``, N counted from 1).
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bot.errors import ArchiveError

Message = tuple[str, bytes]

# A separator line is "From <sender> <asctime date>". Requiring the date keeps body lines such as
# "From the chair:" from splitting a message, which matters for Mailman 2 text archives: they do not
# escape "From " in bodies, and write the sender as "user at host".
_FROM_LINE = re.compile(
    rb"From \S.*? +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d\d(?::\d\d)? +"
    rb"(?:[A-Z]{2,5} +|[+-]\d{4} +)?\d{4}\b"
)
# mboxrd escapes every "From " line inside a body with one more ">"; undo one level.
_ESCAPED_FROM = re.compile(rb">+From ")
# The first line of a message file: a header field ("Name: value").
_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
_MAILDIR_PARTS = ("cur", "new")
_GZIP_MAGIC = b"\x1f\x8b"


def iter_messages(path: str | os.PathLike[str]) -> Iterator[Message]:
    """Yield (source label, raw bytes) for every message stored at ``path``.

    Raises ArchiveError when ``path`` is not a readable message, folder of .eml files, mbox or Maildir.
    """
    p = Path(path)
    try:
        if p.is_dir():
            yield from _iter_maildir(p) if _is_maildir(p) else _iter_eml_folder(p)
        elif p.is_file():
            yield from _iter_file(p)
        else:
            raise ArchiveError(f"{p}: no such file or folder")
    except (OSError, EOFError) as exc:
        raise ArchiveError(f"{p}: cannot read: {exc}") from exc


def _is_maildir(p: Path) -> bool:
    return all((p / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _iter_maildir(p: Path) -> Iterator[Message]:
    # tmp/ holds deliveries in progress: they are not messages yet.
    for sub in _MAILDIR_PARTS:
        for f in sorted((p / sub).iterdir()):
            if f.is_file() and not f.name.startswith("."):
                yield f"{p}/{sub}/{f.name}", f.read_bytes()


def _iter_eml_folder(p: Path) -> Iterator[Message]:
    files = sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith((".eml", ".eml.gz")))
    if not files:
        raise ArchiveError(f"{p}: a folder without .eml files and not a Maildir")
    for f in files:
        yield from _iter_file(f)


def _open(p: Path) -> IO[bytes]:
    with p.open("rb") as probe:
        compressed = probe.read(2) == _GZIP_MAGIC
    if compressed:
        # Buffered: GzipFile's own readline is several times slower on line-by-line mbox reading.
        return io.BufferedReader(gzip.GzipFile(p, "rb"))
    return p.open("rb")


def _iter_file(p: Path) -> Iterator[Message]:
    with _open(p) as stream:
        first = stream.readline()
        while first in (b"\n", b"\r\n"):
            first = stream.readline()
        if _FROM_LINE.match(first):
            yield from _iter_mbox(str(p), stream)
        elif _HEADER_LINE.match(first):
            yield str(p), first + stream.read()
        else:
            raise ArchiveError(f"{p}: neither a message nor an mbox (first line {first[:40]!r})")


def _iter_mbox(label: str, stream: IO[bytes]) -> Iterator[Message]:
    """Split an mbox whose first From_ line has already been read from ``stream``."""
    lines: list[bytes] = []
    n = 0
    for line in stream:
        if line.startswith(b"From ") and _FROM_LINE.match(line):
            n += 1
            yield f"{label}#{n}", _message_bytes(lines)
            lines = []
        elif line.startswith(b">") and _ESCAPED_FROM.match(line):
            lines.append(line[1:])
        else:
            lines.append(line)
    n += 1
    yield f"{label}#{n}", _message_bytes(lines)


def _message_bytes(lines: list[bytes]) -> bytes:
    # The writer put one empty line before the next From_ line; it is not part of the message.
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines.pop()
    return b"".join(lines)
