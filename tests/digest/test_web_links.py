"""Digests that link to the web interface: each meeting's page and .ics, the list's feed, and in the
confirmation-pending digest the organiser's signed links, one copy per recipient, mailed through a real
SMTP server."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from email.message import EmailMessage

import pytest

from bot.config import WebSettings
from bot.digest.compose import compose_pending, compose_reminder
from bot.digest.links import WebLinks, web_links
from bot.digest.model import Digest
from bot.digest.render import Renderer, RenderOptions
from bot.meeting import MeetingStatus
from bot.schedule import DigestSchedule
from bot.signed_links import Action, is_stale, meeting_version, read_action_token
from bot.store import Store
from tests.digest.meetings import MAG, SEED, at, mmwg
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.digest.test_schedule import Clock, Meetings, schedule, start_and_stop

BASE = "https://lists.example.org/meetings"
SECRET = "a long random secret"
WEB = WebLinks(BASE, SECRET)
WHEN = at(2006, 12, 4, 9)
LIFETIME_S = 30 * 86400
ACTION_LINK = re.compile(re.escape(BASE) + r"/act/([A-Za-z0-9_.-]+)")


def pending() -> Digest:
    return compose_pending(SEED, list_name="mmwg", time_zone="Europe/Zurich", at=WHEN, horizon_days=90)


def claims(text: str) -> list[tuple[int, str, Action]]:
    found = []
    for token in ACTION_LINK.findall(text):
        claim = read_action_token(SECRET, token, WHEN, LIFETIME_S)
        found.append((claim.meeting_id, claim.recipient, claim.action))
    return found


def test_without_a_public_address_there_is_no_link_at_all() -> None:
    rendered = Renderer().digest(pending(), recipient="chair@example.org")
    for part in (rendered.text, rendered.html):
        assert "http" not in part
        assert "webcal" not in part


def test_each_meeting_links_to_its_page_and_its_ics_and_the_footer_to_the_feed() -> None:
    rendered = Renderer().digest(pending(), options=RenderOptions(web=WebLinks(BASE)))
    assert f'<a href="{BASE}/meetings/1" style="color:#0b57d0;">MAG meeting</a>' in rendered.html
    assert f'href="{BASE}/meetings/2.ics"' in rendered.html
    assert 'href="webcal://lists.example.org/meetings/lists/mmwg/meetings.ics"' in rendered.html
    assert f'href="{BASE}/lists/mmwg/meetings.ics"' in rendered.html
    assert f"{BASE}/meetings/1\n" in rendered.text
    assert "webcal://lists.example.org/meetings/lists/mmwg/meetings.ics" in rendered.text


def test_without_a_secret_the_pending_digest_has_pages_but_no_action_links() -> None:
    rendered = Renderer().digest(pending(), options=RenderOptions(web=WebLinks(BASE)), recipient="a@x.org")
    assert "/act/" not in rendered.text + rendered.html


def test_each_entry_carries_three_signed_links_for_its_meeting_and_the_recipient() -> None:
    rendered = Renderer().digest(pending(), options=RenderOptions(web=WEB), recipient="chair@example.org")
    expected = [(m.id, "chair@example.org", action) for m in SEED for action in Action]
    assert claims(rendered.text) == expected
    assert claims(rendered.html) == expected
    for label in ("Confirm", "Cancel", "Change the date"):
        assert f">{label}</a>" in rendered.html
        assert f"  {label}: {BASE}/act/" in rendered.text


def test_the_links_go_stale_when_the_meeting_changes() -> None:
    rendered = Renderer().digest(pending(), options=RenderOptions(web=WEB), recipient="chair@example.org")
    token = ACTION_LINK.findall(rendered.text)[0]
    claim = read_action_token(SECRET, token, WHEN, LIFETIME_S)
    assert not is_stale(claim, meeting_version(MAG.details))
    assert is_stale(claim, meeting_version(replace(MAG.details, status=MeetingStatus.CONFIRMED)))


def test_a_reminder_digest_carries_no_action_links() -> None:

    digest = compose_reminder(
        SEED,
        list_name="mmwg",
        time_zone="Europe/Zurich",
        at=at(2007, 2, 5, 8),
        horizon_days=14,
        previous=None,
    )
    rendered = Renderer().digest(digest, options=RenderOptions(web=WEB), recipient="chair@example.org")
    assert "/act/" not in rendered.text + rendered.html
    assert f"{BASE}/meetings/1" in rendered.html


def test_the_action_links_are_translated() -> None:
    digest = compose_pending(
        SEED, list_name="mmwg", time_zone="Europe/Zurich", at=WHEN, horizon_days=90, language="fr"
    )
    rendered = Renderer().digest(digest, options=RenderOptions(web=WEB), recipient="chair@example.org")
    for label in ("Confirmer", "Annuler", "Changer la date"):
        assert f">{label}</a>" in rendered.html
    assert "  Confirmer : https://" in rendered.text


def test_the_secret_is_read_from_the_environment_and_kept_out_of_reprs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LISTMINDER_TEST_WEB_SECRET", SECRET)
    links = web_links(WebSettings(public_base_url=BASE, secret_env="LISTMINDER_TEST_WEB_SECRET"))
    assert links == WEB
    assert SECRET not in repr(links)
    assert web_links(WebSettings(secret_env="LISTMINDER_TEST_WEB_SECRET")) is None


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None
    return str(part.get_content())


async def test_each_organiser_gets_a_copy_with_their_own_links_once_per_period(
    server: SmtpServer, recorder: Recorder, store: Store
) -> None:
    organisers = ["chair@example.org", "cochair@example.org"]
    lists = [mmwg(admins=organisers, reminders={"before": []}, digests={"pending": {"cron": "0 9 * * MON"}})]
    clock = Clock(WHEN)
    component = schedule(lists, server, store, clock, Meetings(SEED))
    component.web = WEB
    await start_and_stop(component)
    assert sorted(tuple(item.recipients) for item in recorder.received) == [(o,) for o in organisers]
    for item in recorder.received:
        (recipient,) = item.recipients
        message = parse(item.data)
        assert message["To"] == recipient
        for kind in ("plain", "html"):
            assert {who for _, who, _ in claims(body(message, kind))} == {recipient}
    # A restart in the same period sends neither copy again.
    again: DigestSchedule = schedule(lists, server, store, clock, Meetings(SEED))
    again.web = WEB
    await start_and_stop(again)
    assert len(recorder.received) == 2
