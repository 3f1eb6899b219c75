"""bot.sources.archive: .eml files, folders, mbox (mboxo/mboxrd, pipermail), gzip and Maildir."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bot.errors import ArchiveError
from bot.sources.archive import iter_messages

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


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary junk", b"just some words\n"])
def test_not_an_archive(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(content)
    with pytest.raises(ArchiveError):
        list(iter_messages(f))


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        list(iter_messages(tmp_path / "nope"))
    with pytest.raises(ArchiveError):
        list(iter_messages(tmp_path))


def test_broken_gzip_is_an_archive_error(tmp_path: Path) -> None:
    f = tmp_path / "broken.mbox.gz"
    f.write_bytes(gzip.compress(MBOX)[:40])
    with pytest.raises(ArchiveError) as info:
        list(iter_messages(f))
    assert info.value.__cause__ is not None
