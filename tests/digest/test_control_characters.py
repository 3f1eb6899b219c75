"""Text from mail is untrusted: a meeting whose title, place and calendar UID carry ESC, NUL, BEL, C1
controls and CR LF, kept in a real SQLite store, goes through the real digest paths (the command line's
preview and send with the file transport, and the schedule's per-meeting reminder) and no control
character reaches a header, a body or the calendar."""

from __future__ import annotations

import email
import email.policy
import unicodedata
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import icalendar

from bot.digest.render import Renderer
from bot.digest.send import FileTransport, Sender
from bot.digest.source import StoreSnapshots
from bot.schedule import DigestSchedule
from bot.store import Store
from tests.cli import run_cli
from tests.configs import mmwg_site
from tests.digest.meetings import ANNOUNCED, at, mmwg
from tests.digest.stored import mention, post

HOSTILE_TITLE = "MAG\x1b[2J meeting\x00\x07\r\nBcc: all@example.org\x9b"
HOSTILE_PLACE = "Geneva\x1b]0;owned\x07\r\nRoom\x7f 1"
HOSTILE_UID = "mag\x1b[31m@example.org\r\nATTACH:http://evil.example/x"
# What a reader sees of them: controls gone, each line break one space.
TITLE = "MAG[2J meeting Bcc: all@example.org"
PLACE = "Geneva]0;owned Room 1"
UID = "mag[31m@example.org ATTACH:http://evil.example/x"


def controls(text: str) -> list[str]:
    """The control characters of a text, line ends (CR LF or LF) aside."""
    return [c for c in text.replace("\r\n", "\n") if c != "\n" and unicodedata.category(c) == "Cc"]


async def hostile_meeting(store: Store) -> None:
    await post(
        store,
        1,
        ANNOUNCED,
        mention(title=HOSTILE_TITLE, location=HOSTILE_PLACE, uid=HOSTILE_UID, start=date(2007, 2, 12)),
    )


def assert_clean_message(raw: bytes) -> EmailMessage:
    assert controls(raw.decode("utf-8")) == []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Bcc"] is None
    subject = str(message["Subject"])
    assert "\r" not in subject and "\n" not in subject and controls(subject) == []
    parts = [part for part in message.walk() if not part.is_multipart()]
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html", "text/calendar"]
    for part in parts:
        content = part.get_content()
        assert isinstance(content, str)
        assert controls(content) == [], part.get_content_type()
    for part in parts[:2]:
        assert TITLE in part.get_content() and PLACE in part.get_content()
    [event] = icalendar.Calendar.from_ical(parts[2].get_content()).walk("VEVENT")
    assert (str(event["SUMMARY"]), str(event["LOCATION"]), str(event["UID"])) == (TITLE, PLACE, UID)
    assert "ATTACH" not in event
    return message


async def test_the_command_line_previews_and_writes_digests_without_controls(
    store: Store, tmp_path: Path
) -> None:
    await hostile_meeting(store)
    config = tmp_path / "listminder.toml"
    config.write_text(mmwg_site(tmp_path))

    preview = run_cli(
        "digest", "preview", "reminder", "--at", "2007-02-05T08:00", "--config", str(config), cwd=tmp_path
    )
    assert preview.returncode == 0, preview.stderr
    assert controls(preview.stdout) == []
    assert f"* {TITLE}\n" in preview.stdout and f"Where:  {PLACE}\n" in preview.stdout

    sent = run_cli(
        "digest", "send", "reminder", "--at", "2007-02-05T08:00", "--config", str(config), cwd=tmp_path
    )
    assert sent.returncode == 0, sent.stderr
    [written] = sorted((tmp_path / "outbox").glob("*.eml"))
    message = assert_clean_message(written.read_bytes())
    assert message["Subject"] == "Meetings in the next 14 days"


async def test_a_per_meeting_reminder_has_a_one_line_subject_without_controls(
    store: Store, tmp_path: Path
) -> None:
    await hostile_meeting(store)
    now = at(2007, 2, 11, 9)
    outbox_dir = tmp_path / "outbox"
    sender = Sender(store, FileTransport(outbox_dir), "listminder@bot.test", clock=lambda: now)
    schedule = DigestSchedule(
        [mmwg(reminders={"before": ["1d"]})],
        from_address="listminder@bot.test",
        renderer=Renderer(),
        sender=sender,
        snapshots=StoreSnapshots(store, clock=lambda: now),
        clock=lambda: now,
    )
    await schedule.check()
    [written] = sorted(outbox_dir.glob("*.eml"))
    message = assert_clean_message(written.read_bytes())
    # Python's email package folds this long Subject right after "Subject:" and reads the fold back as a
    # leading space; mail readers drop it.
    assert str(message["Subject"]).strip() == f"Reminder: {TITLE}, Mon 12 Feb 2007 (tentative)"
