"""The seed as acceptance, end to end: the announcement ingested; the pending digest mailed to an
organiser through a real SMTP server (aiosmtpd); the Confirm link taken from that mail, opened (GET) and
used (POST) against the web component over HTTP; then the meeting is confirmed, its history says by
whom, and the list page, the meeting's page and the feed show it confirmed with both events of its story."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import icalendar
from pydantic import SecretStr

from bot.config import (
    DigestSettings,
    DigestsSettings,
    OutboundSettings,
    Settings,
    SmtpClientSettings,
    StoreSettings,
    WebSettings,
)
from bot.digest.commands import preview_digest, send_digest
from bot.digest.source import load_snapshots
from bot.meeting import MeetingStatus
from bot.store import Store
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.web.conftest import MMWG, StartWeb, ingest_files

SECRET = "seed-secret"
ALICE = "alice@example.org"


def settings_for(store: Store, smtp: SmtpServer, base_url: str) -> Settings:
    pending = DigestSettings(cron="0 9 * * MON", horizon_days=90, to=[ALICE])
    reminder = DigestSettings(cron="0 8 * * MON", horizon_days=14, to=["mmwg@wsis-cs.org"])
    mmwg = MMWG.model_copy(update={"digests": DigestsSettings(pending=pending, reminder=reminder)})
    return Settings(
        store=StoreSettings(url=str(store.engine.url)),
        outbound=OutboundSettings(
            transport="smtp",
            from_address="listminder@bot.test",
            smtp=SmtpClientSettings(host="127.0.0.1", port=smtp.port, tls="none"),
        ),
        web=WebSettings(public_base_url=base_url, secret=SecretStr(SECRET)),
        lists=[mmwg],
    )


def confirm_link_for(message: EmailMessage, title: str) -> str:
    """The "Confirm" link of the entry of ``title`` in the mailed digest's plain text."""
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    entry = text[text.index(title) :]
    found = re.search(r"Confirm\W+(http://\S+/act/[\w.\-]+)", entry)
    assert found is not None, entry[:800]
    return found[1]


async def test_an_organiser_confirms_the_seed_meeting_from_the_pending_digest(
    store: Store, start_web: StartWeb, shared_dir: Path, server: SmtpServer, recorder: Recorder
) -> None:
    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    web = await start_web(settings=WebSettings(port=0, secret=SecretStr(SECRET)))
    settings = settings_for(store, server, web.base)

    # The page before: tentative, to be confirmed by the end of the year.
    before = await web.text("/lists/mmwg/")
    assert (
        before.count('class="badge tentative"') == 2 and "Confirmation expected by Sun 31 Dec 2006" in before
    )

    outcome = await send_digest(settings, "pending", "mmwg", load_snapshots, at_text="2006-12-04T09:00")
    assert "sent" in outcome.lower(), outcome
    [mail] = recorder.received
    assert mail.recipients == [ALICE]
    message = email.message_from_bytes(mail.data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    link = confirm_link_for(message, "MAG meeting")
    assert link.startswith(web.base + "/act/")
    path = link.removeprefix(web.base)

    # A mail scanner following the link changes nothing.
    shown = await web.text(path)
    assert "MAG meeting" in shown and "Confirm the meeting" in shown
    unchanged = await store.meeting(mag.id)
    assert unchanged is not None and unchanged.status is MeetingStatus.TENTATIVE

    async with web.session.post(link) as answer:
        assert answer.status == 200, await answer.text()

    confirmed = await store.meeting(mag.id)
    assert confirmed is not None and confirmed.status is MeetingStatus.CONFIRMED
    last = (await store.history(mag.id))[-1]
    assert (last.field, last.new, last.actor) == ("status", "confirmed", f"{ALICE} via the pending digest")

    listing = await web.text("/lists/mmwg/")
    assert 'class="meeting confirmed"' in listing
    page = await web.text(f"/meetings/{mag.id}")
    assert page.index('class="event created"') < page.index('class="event confirmed"')
    assert "IGF stock taking in Geneva in February" in page  # the announcement that created it
    assert f"by {ALICE} via the pending digest" in page
    _, _, feed = await web.get("/lists/mmwg/meetings.ics")
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert str(events[mag.uid]["STATUS"]) == "CONFIRMED" and events[mag.uid].get("SEQUENCE") == 1

    # The same link used again: the meeting changed since, so it is stale and changes nothing.
    async with web.session.post(link) as again:
        assert again.status == 409

    # The next digest shows it confirmed.
    reminder = await preview_digest(settings, "reminder", "mmwg", "2007-02-05T08:00", load_snapshots)
    mag_entry = reminder[reminder.index("MAG meeting") :].split("\n\n")[0]
    assert "Status: confirmed" in mag_entry, reminder
