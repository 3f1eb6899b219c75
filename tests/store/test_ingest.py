"""The intake path on real messages and a real SQLite store: what is kept, read, ignored, set aside."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import ListSettings
from bot.errors import ListminderError
from bot.ingest import Ingestor, IngestOutcome, choose_list, reprocess_all
from bot.mail import LOOP_HEADER, parse
from bot.sources.archive import Unreadable
from bot.sources.archive_import import ImportSummary
from bot.store import MessageState, Store
from tests.store.conftest import Installation

RECEIVED = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
MMWG = ListSettings(name="mmwg", address="mmwg@wsis-cs.org", timezone="Europe/Zurich")
OTHER = ListSettings(name="other", address="other@lists.test", timezone="America/New_York", date_order="MDY")
BOT = "listminder@bot.test"


def mail(*headers: str, body: str = "Our next call is on Monday 8 January at 15:00.") -> bytes:
    base = {
        "From": "Chair <chair@example.org>",
        "To": "mmwg@wsis-cs.org",
        "Subject": "Next call",
        "Date": "Mon, 1 Jan 2024 10:00:00 +0000",
        "Message-ID": "<call-1@example.org>",
    }
    for header in headers:
        name, _, value = header.partition(": ")
        base[name] = value
    lines = [f"{name}: {value}" for name, value in base.items() if value]
    return ("\n".join(lines) + "\n\n" + body + "\n").encode()


@pytest.fixture
def ingest(store: Store) -> Ingestor:
    return Ingestor(store, [MMWG, OTHER], BOT)


async def test_a_message_is_read_once(ingest: Ingestor, store: Store) -> None:
    first = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    again = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    assert (first.outcome, len(first.created)) == (IngestOutcome.NEW, 1)
    assert (again.outcome, again.created) == (IngestOutcome.KNOWN, ())
    [meeting] = await store.meetings()
    assert meeting.when.start == datetime.fromisoformat("2024-01-08T15:00:00+01:00")


async def test_the_same_message_from_two_sources_at_once_is_kept_once(ingest: Ingestor, store: Store) -> None:
    results = await asyncio.gather(
        *(ingest(mail(), list_name="mmwg", received_at=RECEIVED, source=f"s{n}") for n in range(4))
    )
    assert sorted(r.outcome for r in results) == [IngestOutcome.KNOWN] * 3 + [IngestOutcome.NEW]
    assert len(await store.meetings()) == 1


async def test_without_message_id_the_bytes_are_the_key(ingest: Ingestor) -> None:
    raw = mail("Message-ID: ")
    first = await ingest(raw, list_name=None, received_at=RECEIVED, source="t")
    assert first.key.startswith("sha256:")
    assert (
        await ingest(raw, list_name=None, received_at=RECEIVED, source="t")
    ).outcome is IngestOutcome.KNOWN
    other = await ingest(raw + b"-- \nsent again\n", list_name=None, received_at=RECEIVED, source="t")
    assert other.outcome is IngestOutcome.NEW


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-replied", "auto-submitted"),
        (f"{LOOP_HEADER}: mmwg", "loop"),
        (f"From: The bot <{BOT}>", "own"),
    ],
)
async def test_mail_that_is_not_an_announcement_is_kept_but_not_read(
    ingest: Ingestor, store: Store, header: str, reason: str
) -> None:
    result = await ingest(mail(header), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is IngestOutcome.IGNORED
    assert result.reason is not None and result.reason.startswith(reason)
    assert await store.meetings() == []
    assert await store.has_message("mmwg", "<call-1@example.org>")


async def test_auto_submitted_no_is_a_person_writing(ingest: Ingestor) -> None:
    result = await ingest(mail("Auto-Submitted: no"), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is IngestOutcome.NEW


async def test_a_message_detection_fails_on_is_kept_aside_and_the_intake_goes_on(store: Store) -> None:
    # A zone this machine does not know (a config written elsewhere, bypassing validation) breaks detection.
    broken = ListSettings.model_construct(name="mmwg", address="mmwg@wsis-cs.org", timezone="Nowhere/Atall")
    ingest = Ingestor(store, [broken], BOT)
    result = await ingest(mail(), list_name=None, received_at=RECEIVED, source="t")
    assert result.outcome is IngestOutcome.QUARANTINED
    assert result.reason is not None and result.reason.startswith("detect: ZoneInfoNotFoundError")
    [kept] = [m async for m in store.stored_messages()]
    assert (kept.state, kept.raw) == (MessageState.QUARANTINED, mail())
    after = await ingest(mail("Message-ID: <call-2@example.org>", body="Hello."), list_name=None,
                         received_at=RECEIVED, source="t")  # fmt: skip
    assert after.outcome is IngestOutcome.NEW

    # Once the config is mended, reprocessing reads the quarantined message, and only once.
    mended = Ingestor(store, [MMWG], BOT)
    summary = await reprocess_all(mended)
    assert (summary.read, summary.outcomes[IngestOutcome.NEW], len(summary.created)) == (2, 2, 1)
    summary = await reprocess_all(mended)
    assert (summary.read, len(summary.created), len(summary.changed)) == (2, 0, 0)
    assert len(await store.meetings()) == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["List-Id: mmwg mailing list <mmwg.wsis-cs.org>", "To: someone@else.test"], "mmwg"),
        (["List-Id: <other.lists.test>", "To: mmwg@wsis-cs.org"], "other"),
        (["List-Id: <other.mail.lists.test>", "To: mmwg@wsis-cs.org"], "other"),
        (["To: a@b.test", "Cc: Other list <other@lists.test>"], "other"),
        (["To: a@b.test"], "mmwg"),
    ],
)
def test_the_list_is_chosen_by_list_id_then_recipients_then_the_first(
    headers: list[str], expected: str
) -> None:
    assert choose_list(parse(mail(*headers)), [MMWG, OTHER]).name == expected


async def test_a_list_given_by_name_must_be_configured(ingest: Ingestor) -> None:
    with pytest.raises(ListminderError, match="no list named"):
        await ingest(mail(), list_name="nope", received_at=RECEIVED, source="t")


async def test_the_list_settings_steer_detection(ingest: Ingestor, store: Store) -> None:
    raw = mail("To: other@lists.test", "Message-ID: <o@x>", body="The board meets on 3/4/2024 at 10:00.")
    await ingest(raw, list_name=None, received_at=RECEIVED, source="t")
    [meeting] = await store.meetings(list_name="other")
    assert meeting.when.start == datetime.fromisoformat("2024-03-04T10:00:00-05:00")


# --- archives with entries that hold no message, through the real command line ------------------------


def numbered(n: int) -> bytes:
    return mail(f"Message-ID: <archive-{n}@example.org>", f"Subject: Note {n}", body=f"Note {n}, no meeting.")


def eml_folder(folder: Path, count: int, bad_name: str, bad: bytes) -> Path:
    folder.mkdir()
    for n in range(1, count):
        (folder / f"m{n:03}.eml").write_bytes(numbered(n))
    (folder / bad_name).write_bytes(bad)
    return folder / bad_name


def maildir(folder: Path, count: int, bad_name: str, bad: bytes) -> Path:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True)
    for n in range(1, count):
        (folder / "cur" / f"17000{n:05}.M{n}P1.host:2,S").write_bytes(numbered(n))
    (folder / "cur" / bad_name).write_bytes(bad)
    return folder / "cur" / bad_name


@pytest.mark.parametrize(
    ("layout", "bad_name", "bad", "reason"),
    [
        # In the second batch of 100: the first 100 used to be stored, then the import stopped.
        (eml_folder, "m120a.eml", b"", "empty file"),
        # In the first batch: nothing used to be stored.
        (eml_folder, "m030a.eml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary file"),
        (eml_folder, "m075a.eml", b"Notes\n\nnothing here\n", "no header block (first line b'Notes')"),
        # Junk in a Maildir used to be stored as a processed message.
        (maildir, "1700000075.M75a.host:2,S", b"\x00\x01\x02\x03 junk" * 20, "binary file"),
    ],
)
def test_an_import_reads_every_message_around_a_file_that_holds_none(
    site: Installation,
    tmp_path: Path,
    layout: Callable[[Path, int, str, bytes], Path],
    bad_name: str,
    bad: bytes,
    reason: str,
) -> None:
    bad_file = layout(tmp_path / "archive", 150, bad_name, bad)
    done = site.attempt("ingest", str(tmp_path / "archive"))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "read 149 message(s): 149 new, 0 already known, 0 ignored, 0 quarantined; "
        f"meetings: 0 created, 0 changed; 1 unreadable: {bad_file}: {reason}"
    ]
    assert f"listminder: {bad_file}: {reason}" in done.stderr.splitlines()
    assert "Traceback" not in done.stderr
    assert site.rows("select count(*), count(distinct key) from messages where state = 'processed'") == [
        (149, 149)
    ]
    assert site.rows("select count(*) from messages where source = :source", source=str(bad_file)) == [(0,)]

    # Once the file is mended, the next run imports it and only it.
    bad_file.write_bytes(numbered(1000))
    again = site.attempt("ingest", str(tmp_path / "archive"))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("read 150 message(s): 1 new, 149 already known, 0 ignored, 0 quarantined;")
    assert "unreadable" not in again.stdout
    assert site.rows("select count(*) from messages where source = :source", source=str(bad_file)) == [(1,)]
    assert site.rows("select count(*) from messages") == [(150,)]


def test_every_path_given_is_read_though_some_cannot_be(site: Installation, tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(numbered(1))
    (tmp_path / "b.eml").write_bytes(numbered(2))
    missing = tmp_path / "missing.mbox"
    done = site.attempt("ingest", str(tmp_path / "a.eml"), str(missing), str(tmp_path / "b.eml"))
    assert done.returncode == 1
    assert done.stdout.startswith("read 2 message(s): 2 new,")
    assert done.stdout.rstrip().endswith(f"; 1 unreadable: {missing}: cannot read: No such file or directory")


def test_the_summary_names_the_first_unreadable_entries_and_counts_the_rest() -> None:
    summary = ImportSummary()
    summary.unreadable += [Unreadable(f"m{n}.eml", "empty file") for n in range(5)]
    assert summary.describe().endswith(
        "; 5 unreadable: m0.eml: empty file, m1.eml: empty file, m2.eml: empty file and 2 more"
    )
    assert "unreadable" not in ImportSummary().describe()


async def test_undeclared_8bit_bytes_in_ids_and_addresses_do_not_stop_the_intake(
    ingest: Ingestor, store: Store
) -> None:
    # Archives and careless MUAs put raw Latin-1 into Message-ID and From; the store must still take it.
    raw = mail().replace(b"<call-1@example.org>", b"<caf\xe9\xff@example.org>")
    raw = raw.replace(b"Chair <chair@", b"Ren\xe9 <chair@")
    first = await ingest(raw, list_name="mmwg", received_at=RECEIVED, source="t")
    again = await ingest(raw, list_name="mmwg", received_at=RECEIVED, source="t")
    assert (first.outcome, again.outcome) == (IngestOutcome.NEW, IngestOutcome.KNOWN)
    [meeting] = await store.meetings()
    assert meeting.when.start == datetime.fromisoformat("2024-01-08T15:00:00+01:00")
