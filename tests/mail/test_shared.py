"""Tests on the shared seed thread and corpus beside the repository (skipped when absent, not in CI)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bot.mail import parse
from bot.sources.archive import iter_messages

pytestmark = pytest.mark.corpus


def test_seed_announcement_loses_its_mailman_footer(shared_dir: Path) -> None:
    mail = parse((shared_dir / "seed" / "mmwg-1-announce.eml").read_bytes())
    assert "The MAG will tentatively meet on 12 Febraury" in mail.text
    assert mail.text.endswith("a.")
    assert "mailing list" not in mail.text and "listinfo" not in mail.text
    assert mail.topic == "IGF stock taking in Geneva in February"
    assert mail.defects == ()


def test_seed_html_reply_separates_quote(shared_dir: Path) -> None:
    mail = parse((shared_dir / "seed" / "mmwg-2-reply.eml").read_bytes())
    assert mail.text.startswith("Hi to all,")
    assert "Antalya" in mail.text
    assert "12 Febraury" not in mail.text and "wrote:" not in mail.text
    (quote,) = mail.quoted
    assert quote.author == "Avri Doria"
    assert quote.author_address == "avri@acm.org"
    assert quote.written_text == "11/23/06"
    assert quote.written is not None and quote.written.date() == date(2006, 11, 23)
    assert "The MAG will tentatively meet on 12 Febraury" in quote.text
    assert "listinfo" not in quote.text


def test_seed_confirmation(shared_dir: Path) -> None:
    mail = parse((shared_dir / "seed" / "mmwg-3-confirmed.eml").read_bytes())
    assert "Palais des Nations" in mail.text and "mailing list" not in mail.text
    assert mail.in_reply_to == "<seed-reply-0001@example.org>"


def test_dev_corpus_parses(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted((shared_dir / "corpus" / "dev" / "mail").glob("*.eml"))
    assert len(files) == 304
    defects: Counter[str] = Counter()
    with_defects = empty = 0
    for f in files:
        mail = parse(f.read_bytes())
        assert not any(d.startswith("internal:") for d in mail.defects), f.name
        assert mail.date is not None, f.name
        # Some archived messages held only an HTML part, which the archive replaced by a stub.
        empty += not (mail.text or mail.calendar or mail.quoted)
        with_defects += bool(mail.defects)
        defects.update(mail.defects)
    assert empty < len(files) // 20
    with capsys.disabled():
        print(
            f"\ndev corpus: {len(files)} messages, {with_defects} with defects {dict(defects)}, "
            f"{empty} without any text"
        )


# 63,000 messages read: out of the quick loop.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "count"),
    [("indology-1990-2022.pipermail.txt.gz", 57_141), ("openbmc-2019-2020.mboxrd.gz", 6_000)],
)
def test_bench_archive_counts(shared_dir: Path, name: str, count: int) -> None:
    path = shared_dir / "corpus" / "bench" / name
    n = 0
    last = ""
    for label, raw in iter_messages(path):
        n += 1
        last = label
        assert raw
    assert n == count
    assert last == f"{path}#{count}"
