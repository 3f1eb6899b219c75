"""bot.sources.archive: .eml files, folders, mbox (mboxo/mboxrd, pipermail), gzip and Maildir."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from bot.errors import ArchiveError
from bot.sources.archive import Unreadable, iter_entries, iter_messages

MSG = b"From: a@example.org\nSubject: %d\n\nbody %d\n"

MBOX = (
    b"From a@example.org Fri Mar  1 09:32:01 2019\n"
    b"From: a@example.org\nSubject: one\n\nFrom the chair: hello\n>From here on, escaped\n>>From twice\n\n"
    b"From b at example.org  Sat Mar  2 10:00:00 2019\n"
    b"From: b at example.org (B)\nSubject: two\n\nFrom 1983 to 1988 he taught.\n\n"
    b"From c@example.org Sun Mar  3 11:00 2019\n"
    b"From: c@example.org\nSubject: three\n\nlast\n"
)


def test_single_eml(tmp_path: Path) -> None:
    f = tmp_path / "one.eml"
    f.write_bytes(MSG % (1, 1))
    assert list(iter_messages(f)) == [(str(f), MSG % (1, 1))]


def test_folder_is_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.eml").write_bytes(MSG % (2, 2))
    (tmp_path / "a.eml").write_bytes(MSG % (1, 1))
    with gzip.open(tmp_path / "c.eml.gz", "wb") as z:
        z.write(MSG % (3, 3))
    (tmp_path / "notes.txt").write_text("not mail")
    got = list(iter_messages(tmp_path))
    assert [label for label, _ in got] == [str(tmp_path / n) for n in ("a.eml", "b/2.eml", "c.eml.gz")]
    assert got[2][1] == MSG % (3, 3)


def test_mbox_splits_only_on_from_lines_with_a_date(tmp_path: Path) -> None:
    f = tmp_path / "list.mbox"
    f.write_bytes(MBOX)
    got = list(iter_messages(f))
    assert [label for label, _ in got] == [f"{f}#1", f"{f}#2", f"{f}#3"]
    first = got[0][1]
    assert first.startswith(b"From: a@example.org\n")
    assert b"\nFrom the chair: hello\nFrom here on, escaped\n>From twice\n" in first
    assert first.endswith(b">From twice\n")
    assert b"From 1983 to 1988" in got[1][1]
    assert got[2][1].endswith(b"last\n")


def test_gzip_mbox(tmp_path: Path) -> None:
    f = tmp_path / "list.mbox.gz"
    with gzip.open(f, "wb") as z:
        z.write(MBOX)
    assert len(list(iter_messages(f))) == 3


def test_maildir(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1700000000.1.host").write_bytes(MSG % (1, 1))
    (tmp_path / "cur" / "1690000000.2.host:2,S").write_bytes(MSG % (2, 2))
    (tmp_path / "tmp" / "partial").write_bytes(b"From: x")
    labels = [label for label, _ in iter_messages(tmp_path)]
    assert labels == [f"{tmp_path}/cur/1690000000.2.host:2,S", f"{tmp_path}/new/1700000000.1.host"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\x00\x01binary junk", "binary file"), (b"just some words\n", "no header block")],
)
def test_not_an_archive(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(content)
    with pytest.raises(ArchiveError, match=f"x.bin: {reason}"):
        list(iter_messages(f))
    [entry] = iter_entries(f)
    assert isinstance(entry, Unreadable) and entry.source == str(f) and entry.reason.startswith(reason)


def test_a_folder_goes_on_past_files_that_hold_no_message(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(MSG % (1, 1))
    (tmp_path / "b.eml").write_bytes(b"")
    (tmp_path / "c.eml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "d.eml").write_bytes(b"\n\n")
    (tmp_path / "e.eml").symlink_to(tmp_path / "gone.eml")
    (tmp_path / "f.eml").write_bytes(MSG % (6, 6))
    assert list(iter_entries(tmp_path)) == [
        (str(tmp_path / "a.eml"), MSG % (1, 1)),
        Unreadable(str(tmp_path / "b.eml"), "empty file"),
        Unreadable(str(tmp_path / "c.eml"), "binary file"),
        Unreadable(str(tmp_path / "d.eml"), "blank file (only white space)"),
        Unreadable(str(tmp_path / "e.eml"), "cannot read: No such file or directory"),
        (str(tmp_path / "f.eml"), MSG % (6, 6)),
    ]


def test_junk_in_a_maildir_is_reported_not_read(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "cur" / "1.host:2,S").write_bytes(MSG % (1, 1))
    (tmp_path / "cur" / "2.host:2,S").write_bytes(b"\x00\x00\x00\x02junk")
    (tmp_path / "cur" / "3.host:2,").write_bytes(b"not a message at all\n")
    (tmp_path / "new" / "4.host").mkdir()
    (tmp_path / "new" / "5.host").write_bytes(MSG % (5, 5))
    entries = list(iter_entries(tmp_path))
    assert entries == [
        (f"{tmp_path}/cur/1.host:2,S", MSG % (1, 1)),
        Unreadable(f"{tmp_path}/cur/2.host:2,S", "binary file"),
        Unreadable(f"{tmp_path}/cur/3.host:2,", "no header block (first line b'not a message at all')"),
        Unreadable(f"{tmp_path}/new/4.host", "cannot read: Is a directory"),
        (f"{tmp_path}/new/5.host", MSG % (5, 5)),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(MSG % (1, 1))
    locked = tmp_path / "b.eml"
    locked.write_bytes(MSG % (2, 2))
    locked.chmod(0)
    assert list(iter_entries(tmp_path)) == [
        (str(tmp_path / "a.eml"), MSG % (1, 1)),
        Unreadable(str(locked), "cannot read: Permission denied"),
    ]


def test_an_mbox_part_without_a_message_is_reported_by_position(tmp_path: Path) -> None:
    f = tmp_path / "list.mbox"
    f.write_bytes(b"From x@example.org Fri Mar  1 09:32:01 2019\n\n" + MBOX)
    entries = list(iter_entries(f))
    assert entries[0] == Unreadable(f"{f}#1", "empty message")
    assert [e[0] for e in entries[1:] if isinstance(e, tuple)] == [f"{f}#2", f"{f}#3", f"{f}#4"]


def test_a_gzip_cut_short_keeps_the_messages_before_the_cut(tmp_path: Path) -> None:
    whole = b"".join(
        b"From a@example.org Fri Mar  1 09:32:01 2019\n"
        + MSG % (n, n)
        + os.urandom(300).hex().encode()
        + b"\n\n"
        for n in range(200)
    )
    f = tmp_path / "list.mbox.gz"
    compressed = gzip.compress(whole)
    f.write_bytes(compressed[: len(compressed) // 2])
    *messages, last = iter_entries(f)
    assert 50 < len(messages) < 150 and all(isinstance(m, tuple) for m in messages)
    assert isinstance(last, Unreadable) and last.source == str(f)
    assert last.reason.startswith(f"cannot read after message {len(messages)}: EOFError")


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        list(iter_messages(tmp_path / "nope"))
    with pytest.raises(ArchiveError):
        list(iter_messages(tmp_path))
    assert list(iter_entries(tmp_path / "nope")) == [
        Unreadable(str(tmp_path / "nope"), "cannot read: No such file or directory")
    ]
    assert list(iter_entries(tmp_path)) == [
        Unreadable(str(tmp_path), "a folder without .eml files and not a Maildir")
    ]


def test_broken_gzip_is_an_archive_error(tmp_path: Path) -> None:
    f = tmp_path / "broken.mbox.gz"
    f.write_bytes(gzip.compress(MBOX)[:40])
    with pytest.raises(ArchiveError) as info:
        list(iter_messages(f))
    assert info.value.__cause__ is not None
