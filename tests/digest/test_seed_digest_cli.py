"""The seed thread's digests through the real command line: ingest, preview at chosen times, send."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.meeting import day_text
from tests.cli import run_cli
from tests.configs import mmwg_site

pytestmark = pytest.mark.corpus

ANNOUNCE, REPLY, CONFIRM = "mmwg-1-announce.eml", "mmwg-2-reply.eml", "mmwg-3-confirmed.eml"


class Site:
    """A config with a SQLite store and a file outbox in one folder, run as an admin would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = folder / "listminder.toml"
        self.config.write_text(mmwg_site(folder))
        self.outbox = folder / "outbox"

    def run(self, *args: str) -> str:
        done = run_cli(*args, "--config", str(self.config), cwd=self.folder, timeout_s=120)
        assert done.returncode == 0, f"listminder {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def preview(self, kind: str, at: str) -> tuple[str, str]:
        """The preview's headers and its plain text."""
        head, _, body = self.run("digest", "preview", kind, "--list", "mmwg", "--at", at).partition("\n\n")
        return head, body

    def written(self) -> list[Path]:
        return sorted(self.outbox.glob("*.eml")) if self.outbox.is_dir() else []


@pytest.fixture
def seed(shared_dir: Path) -> Path:
    return shared_dir / "seed"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def entries(body: str) -> list[str]:
    """The digest's entries, each as its lines joined."""
    return [" ".join(block.split()) for block in body.split("\n* ")[1:]]


def test_the_pending_digest_before_and_after_the_deadline_then_confirmed(site: Site, seed: Path) -> None:
    site.run("ingest", str(seed / ANNOUNCE), str(seed / REPLY))

    head, body = site.preview("pending", "2006-12-01T09:00")
    assert "Subject: 2 meetings await confirmation" in head
    assert "To: chair@example.org" in head
    mag, consultations = entries(body)
    assert mag.startswith("MAG meeting When: Mon 12 Feb 2007 (tentative)")
    assert consultations.startswith("open consultations When: Tue 13 Feb 2007 (tentative)")
    for entry in (mag, consultations):
        assert "Where: Geneva" in entry
        assert "Confirmation expected by Sun 31 Dec 2006." in entry

    # Within the pending digest's horizon of the deadline: marked, in the same order.
    _, body = site.preview("pending", "2006-12-18T09:00")
    assert [entry.split(" When:")[0] for entry in entries(body)] == [
        "[DUE SOON] MAG meeting",
        "[DUE SOON] open consultations",
    ]

    head, body = site.preview("pending", "2007-01-05T09:00")
    assert "Subject: 2 meetings await confirmation (2 overdue)" in head
    for entry in entries(body):
        assert entry.startswith("[OVERDUE] ")
        assert "Confirmation was expected by Sun 31 Dec 2006 and is overdue." in entry

    site.run("ingest", str(seed / CONFIRM))
    for at in ("2006-12-21T09:00", "2007-01-05T09:00"):
        head, body = site.preview("pending", at)
        assert "Subject: No meetings await confirmation" in head
        assert entries(body) == [] and "No meetings await confirmation." in body


def test_the_embedded_default_pending_digest_lists_the_meeting_from_its_announcement(
    tmp_path: Path, seed: Path
) -> None:
    # No config anywhere: the embedded default, its store in the working directory.
    done = run_cli("ingest", str(seed / ANNOUNCE), str(seed / REPLY), cwd=tmp_path, timeout_s=120)
    assert done.returncode == 0, done.stderr
    done = run_cli("digest", "preview", "pending", "--at", "2006-12-01T09:00", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    head, _, body = done.stdout.partition("\n\n")
    assert "Subject: 2 meetings await confirmation" in head
    mag, consultations = entries(body)
    assert mag.startswith("MAG meeting When: Mon 12 Feb 2007 (tentative)")
    assert consultations.startswith("open consultations When: Tue 13 Feb 2007 (tentative)")
    assert "Confirmation expected by Sun 31 Dec 2006." in mag


def test_send_at_a_past_time_writes_that_periods_digest_once(site: Site, seed: Path) -> None:
    site.run("ingest", str(seed / ANNOUNCE))
    said = site.run("digest", "send", "pending", "--list", "mmwg", "--at", "2006-12-01T09:00")
    assert said.startswith(
        "Sent '2 meetings await confirmation' to chair@example.org (mmwg/pending/2006-11-27T08:00Z)"
    )
    [written] = site.written()
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["Date"] == "Fri, 01 Dec 2006 08:00:00 +0000"
    plain = message.get_body(("plain",))
    assert plain is not None
    mag, _ = entries(plain.get_content())
    assert mag.startswith("MAG meeting When: Mon 12 Feb 2007 (tentative)")
    again = site.run("digest", "send", "pending", "--list", "mmwg", "--at", "2006-12-03T12:00")
    assert again.startswith("Not sent again: mmwg/pending/2006-11-27T08:00Z")
    assert site.written() == [written]


def test_the_reminder_in_the_week_before_lists_both_confirmed(site: Site, seed: Path) -> None:
    site.run("ingest", str(seed / ANNOUNCE), str(seed / REPLY), str(seed / CONFIRM))
    head, body = site.preview("reminder", "2007-02-06T08:00")
    assert "Subject: Meetings in the next 14 days" in head
    assert "To: mmwg@wsis-cs.org" in head
    mag, consultations = entries(body)
    assert mag.startswith("MAG meeting When: Mon 12 Feb 2007")
    assert consultations.startswith("open consultations When: Tue 13 Feb 2007")
    for entry in (mag, consultations):
        assert "Palais des Nations" in entry
        assert "Status: confirmed" in entry
    # The week before, the meetings are beyond the horizon.
    _, earlier = site.preview("reminder", "2007-01-22T08:00")
    assert entries(earlier) == []


def call_announcement(folder: Path, now: datetime) -> tuple[Path, date]:
    """A message of today announcing a call three days ahead (the seed's meetings are long past, and
    `digest send` composes for now)."""
    day = (now + timedelta(days=3)).date()
    message = EmailMessage()
    message["From"] = "Chair <chair@example.org>"
    message["To"] = "mmwg@wsis-cs.org"
    message["Subject"] = "Steering call"
    message["Date"] = format_datetime(now - timedelta(hours=1))
    message["Message-ID"] = "<steering-call-1@example.org>"
    message.set_content(
        f"Dear all,\n\nour next steering call is on {day:%A} {day.day} {day:%B %Y} at 15:00.\n\nThe chair\n"
    )
    path = folder / "call.eml"
    path.write_bytes(bytes(message))
    return path, day


def test_send_writes_the_reminder_once(site: Site, seed: Path) -> None:
    call, day = call_announcement(site.folder, datetime.now(UTC))
    site.run("ingest", str(seed / ANNOUNCE), str(call))

    said = site.run("digest", "send", "reminder", "--list", "mmwg")
    assert said.startswith("Sent 'Meetings in the next 14 days' to mmwg@wsis-cs.org (mmwg/reminder/")
    [written] = site.written()
    first = written.read_bytes()
    message = email.message_from_bytes(first, policy=email.policy.default)
    assert (message["Subject"], message["To"], message["Auto-Submitted"]) == (
        "Meetings in the next 14 days",
        "mmwg@wsis-cs.org",
        "auto-generated",
    )
    plain = message.get_body(("plain",))
    assert plain is not None
    text = plain.get_content()
    [entry] = entries(text)
    # Learnt of since the previous period's digest: marked new.
    assert entry.startswith(f"[NEW] Steering call When: {day_text(day)}, 15:00 ")

    again = site.run("digest", "send", "reminder", "--list", "mmwg")
    assert again.startswith("Not sent again: mmwg/reminder/") and again.rstrip().endswith("(sent).")
    assert site.written() == [written]
    assert written.read_bytes() == first
