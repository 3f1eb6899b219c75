"""Messages from files on disk: a .eml file, a folder of them, an mbox, a Maildir, gzip-compressed files.

Everything streams: an mbox of any size is read line by line and only one message is held at a time.
Each message comes with a source label (the file's path; for an mbox ``path#N``, N counted from 1).

An entry that holds no message (an empty or binary file, text without a header, a file or folder that
cannot be read) does not stop the reading: ``iter_entries`` hands it over as ``Unreadable``, with its
label and the reason, and goes on with the next one.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bot.errors import ArchiveError
from bot.mail.sniff import not_mail_reason

Message = tuple[str, bytes]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An entry at an archive path that holds no message: its label and why."""

    source: str
    reason: str
    # The library's error, when one said why (chained by iter_messages' ArchiveError).
    cause: BaseException | None = field(default=None, compare=False)


Entry = Message | Unreadable

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
_MAILDIR_PARTS = ("cur", "new")
_GZIP_MAGIC = b"\x1f\x8b"
_EML_SUFFIXES = (".eml", ".eml.gz")
# What reading a file can raise: the system's errors, and a gzip stream that is cut short or corrupt.
_READ_ERRORS = (OSError, EOFError, zlib.error)


def iter_entries(path: str | os.PathLike[str]) -> Iterator[Entry]:
    """Yield every message stored at ``path`` as (source label, raw bytes), and every entry there that
    holds no message as ``Unreadable``; nothing is raised for what is found on disk."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        yield _cannot_read(str(p), exc)
        return
    if stat.S_ISDIR(mode):
        yield from _iter_maildir(p) if _is_maildir(p) else _iter_eml_folder(p)
    elif stat.S_ISREG(mode):
        yield from _iter_file(p)
    else:
        yield Unreadable(str(p), "neither a file nor a folder")


def iter_messages(path: str | os.PathLike[str]) -> Iterator[Message]:
    """Yield (source label, raw bytes) for every message stored at ``path``, for callers that want a
    clean archive (benchmarks, corpus tools).

    Raises ArchiveError at the first entry that holds no message.
    """
    for entry in iter_entries(path):
        if isinstance(entry, Unreadable):
            raise ArchiveError(f"{entry.source}: {entry.reason}") from entry.cause
        yield entry


def _is_maildir(p: Path) -> bool:
    return all((p / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _iter_maildir(p: Path) -> Iterator[Entry]:
    # tmp/ holds deliveries in progress: they are not messages yet.
    for sub in _MAILDIR_PARTS:
        folder = p / sub
        try:
            files = sorted(folder.iterdir())
        except OSError as exc:
            yield _cannot_read(str(folder), exc)
            continue
        for f in files:
            # Dot files are a mail client's own (.DS_Store, .customflags), not deliveries.
            if not f.name.startswith("."):
                yield _maildir_entry(f"{p}/{sub}/{f.name}", f)


def _maildir_entry(label: str, f: Path) -> Entry:
    try:
        raw = f.read_bytes()
    except OSError as exc:
        return _cannot_read(label, exc)
    return _checked(label, raw, "file")


def _iter_eml_folder(p: Path) -> Iterator[Entry]:
    unlisted: list[OSError] = []
    files = sorted(
        Path(folder, name)
        for folder, _dirs, names in os.walk(p, onerror=unlisted.append)
        for name in names
        if name.lower().endswith(_EML_SUFFIXES)
    )
    for error in unlisted:
        yield _cannot_read(str(error.filename or p), error)
    if not files and not unlisted:
        yield Unreadable(str(p), "a folder without .eml files and not a Maildir")
    for f in files:
        yield from _iter_file(f)


def _open(p: Path) -> IO[bytes]:
    with p.open("rb") as probe:
        compressed = probe.read(2) == _GZIP_MAGIC
    if compressed:
        # Buffered: GzipFile's own readline is several times slower on line-by-line mbox reading.
        return io.BufferedReader(gzip.GzipFile(p, "rb"))
    return p.open("rb")


def _iter_file(p: Path) -> Iterator[Entry]:
    """One file: a single message, or an mbox (when it opens with a From_ line)."""
    read = 0
    try:
        with _open(p) as stream:
            blank = b""
            first = stream.readline()
            while first in (b"\n", b"\r\n"):
                blank += first
                first = stream.readline()
            if _FROM_LINE.match(first):
                for entry in _iter_mbox(str(p), stream):
                    read += 1
                    yield entry
            else:
                rest = stream.read()
                yield _checked(str(p), first + rest, "file", leading=blank)
    except _READ_ERRORS as exc:
        yield _cannot_read(str(p), exc, f" after message {read}" if read else "")


def _checked(label: str, raw: bytes, unit: str, leading: bytes = b"") -> Entry:
    # Leading blank lines matter only to tell a file of blank lines from an empty one.
    reason = not_mail_reason(raw or leading, unit)
    return (label, raw) if reason is None else Unreadable(label, reason)


def _cannot_read(label: str, exc: BaseException, where: str = "") -> Unreadable:
    # The system's own words ("Permission denied"); the path is the label already.
    if isinstance(exc, OSError) and exc.strerror:
        why = exc.strerror
    else:
        why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Unreadable(label, f"cannot read{where}: {why}", exc)


def _iter_mbox(label: str, stream: IO[bytes]) -> Iterator[Entry]:
    """Split an mbox whose first From_ line has already been read from ``stream``."""
    lines: list[bytes] = []
    n = 0
    for line in stream:
        if line.startswith(b"From ") and _FROM_LINE.match(line):
            n += 1
            yield _checked(f"{label}#{n}", _message_bytes(lines), "message")
            lines = []
        elif line.startswith(b">") and _ESCAPED_FROM.match(line):
            lines.append(line[1:])
        else:
            lines.append(line)
    n += 1
    yield _checked(f"{label}#{n}", _message_bytes(lines), "message")


def _message_bytes(lines: list[bytes]) -> bytes:
    # The writer put one empty line before the next From_ line; it is not part of the message.
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines.pop()
    return b"".join(lines)
