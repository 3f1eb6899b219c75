"""Mail for the bot's own address through the one intake path, with a real SQLite store: kept, never
read for meetings, and a confirmation request the bot asked for answered once, through the outbox."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import ListSettings
from bot.health import Health
from bot.ingest import Ingestor, IngestOutcome
from bot.status import StatusReport, as_text, list_status
from bot.store import MembershipRequest, MembershipState, MessageState, OutboxKey, Store

HERE = Path(__file__).with_name("confirmations")
BOT = "listminder@bot.test"
ECO = ListSettings(name="eco", address="eco@lists.example.org", server="mailman3")
GARDEN = ListSettings(name="garden", address="garden@lists.example.org", server="mailman2")
RECEIVED = datetime(2026, 11, 30, 10, 0, 10, tzinfo=UTC)
CONFIRM_TO = "eco-confirm+0b6c1f7e9a2d4c3b8e5f1a0d9c8b7a6f5e4d3c2b@lists.example.org"
CONFIRM_KEY = OutboxKey("eco", "confirm", "1")
MEETING = "The working group meets on Monday 7 December 2026 at 15:00 in room 4."


async def asked(store: Store, at: datetime = RECEIVED - timedelta(minutes=1)) -> None:
    key = OutboxKey("eco", "subscribe", at.isoformat())
    request = MembershipRequest("eco", "subscribe", "mailman3", BOT, "eco-join@lists.example.org", key, at)
    assert await store.request_membership(request, b"Subject: join\r\n\r\n")


def notice(**headers: str) -> bytes:
    base = {
        "From": "eco-owner@lists.example.org",
        "To": BOT,
        "Subject": "Welcome to the eco mailing list",
        "Date": "Mon, 30 Nov 2026 10:00:00 +0000",
        "Message-ID": "<welcome-1@lists.example.org>",
    }
    base.update({name.replace("_", "-"): value for name, value in headers.items()})
    return ("\r\n".join(f"{k}: {v}" for k, v in base.items()) + f"\r\n\r\n{MEETING}\r\n").encode()


async def test_the_confirmation_the_bot_asked_for_is_answered_once(store: Store) -> None:
    await asked(store)
    ingest = Ingestor(store, [GARDEN, ECO], BOT)
    raw = (HERE / "mailman3-join.eml").read_bytes()
    result = await ingest(raw, list_name=None, received_at=RECEIVED, source="lmtp")
    assert (result.outcome, result.list_name) == (IngestOutcome.IGNORED, "eco")
    assert result.reason is not None and ": confirmed: mailman3" in result.reason
    item = await store.outbox_item(CONFIRM_KEY)
    assert item is not None and item.recipients == (CONFIRM_TO,)
    reply = email.message_from_bytes(item.raw, policy=email.policy.default)
    assert (reply["From"], reply["To"], reply["In-Reply-To"]) == (
        BOT,
        CONFIRM_TO,
        "<mm3-join-1@lists.example.org>",
    )
    [request] = await store.membership_requests("eco")
    assert request.state is MembershipState.CONFIRMED
    # The server asking again (another Message-ID) finds nothing pending: not answered twice.
    again = raw.replace(b"<mm3-join-1@", b"<mm3-join-2@")
    second = await ingest(again, list_name=None, received_at=RECEIVED, source="lmtp")
    assert second.reason is not None and "not confirmed" in second.reason


async def test_a_confirmation_request_nobody_asked_for_is_kept_and_not_answered(store: Store) -> None:
    ingest = Ingestor(store, [ECO], BOT)
    raw = (HERE / "mailman3-join.eml").read_bytes()
    result = await ingest(raw, list_name=None, received_at=RECEIVED, source="lmtp")
    assert result.outcome is IngestOutcome.IGNORED
    assert result.reason is not None and "not confirmed" in result.reason and "never asked" in result.reason
    assert await store.outbox_item(CONFIRM_KEY) is None
    [kept] = [m async for m in store.stored_messages("eco")]
    assert kept.state is MessageState.IGNORED


async def test_a_notice_for_the_bot_is_never_read_for_meetings(store: Store) -> None:
    ingest = Ingestor(store, [ECO], BOT)
    result = await ingest(notice(), list_name=None, received_at=RECEIVED, source="lmtp")
    assert (result.outcome, result.created) == (IngestOutcome.IGNORED, ())
    assert await store.meetings() == []
    # Reading it again after an upgrade does not turn it into a post.
    [kept] = [m async for m in store.stored_messages("eco")]
    redone = await ingest.reprocess(kept)
    assert (redone.outcome, redone.created) == (IngestOutcome.IGNORED, ())
    # Mailman's welcome message carries the list's List-Id, as a post does, but comes from its server.
    welcome = notice(
        From="eco-request@lists.example.org",
        Message_ID="<welcome-2@lists.example.org>",
        List_Id="<eco.lists.example.org>",
    )
    result = await ingest(welcome, list_name=None, received_at=RECEIVED, source="lmtp")
    assert (result.outcome, result.created) == (IngestOutcome.IGNORED, ())
    # The same text as a post the list addressed to each member (Mailman's personalised delivery puts
    # the member in To): the List-Id says it is a post, and it is read.
    post = notice(
        From="chair@example.org", Message_ID="<post-1@example.org>", List_Id="<eco.lists.example.org>"
    )
    result = await ingest(post, list_name=None, received_at=RECEIVED, source="lmtp")
    assert (result.outcome, len(result.created)) == (IngestOutcome.NEW, 1)


ECO_WITH_ADMINS = ECO.model_copy(update={"admins": ["chair@example.org", "vice@example.org"]})


async def forwards(store: Store) -> list[bytes]:
    found = await store.outbox_due(RECEIVED + timedelta(days=1))
    return [item.raw for item in found if item.key.kind == "notice"]


async def test_a_notice_is_forwarded_once_to_the_admins(store: Store) -> None:
    ingest = Ingestor(store, [ECO_WITH_ADMINS], BOT)
    for _ in range(2):
        await ingest(notice(), list_name=None, received_at=RECEIVED, source="lmtp")
    [forward] = await forwards(store)
    message = email.message_from_bytes(forward, policy=email.policy.default)
    assert message["To"] == "chair@example.org, vice@example.org" and message["From"] == BOT
    assert "Welcome to the eco mailing list" in str(message["Subject"])
    [attached] = list(message.iter_attachments())
    assert attached.get_content() == notice()
    [item] = [i for i in await store.outbox_due(RECEIVED + timedelta(days=1)) if i.key.kind == "notice"]
    assert item.recipients == ("chair@example.org", "vice@example.org")


async def test_a_bounce_of_our_own_forward_is_not_forwarded_again(store: Store) -> None:
    ingest = Ingestor(store, [ECO_WITH_ADMINS], BOT)
    await ingest(notice(), list_name=None, received_at=RECEIVED, source="lmtp")
    [forward] = await forwards(store)
    bounce = (
        notice(
            From="MAILER-DAEMON@lists.example.org",
            Subject="Undelivered Mail Returned to Sender",
            Message_ID="<bounce-1@lists.example.org>",
        )
        + b"\r\n--- the returned message ---\r\n"
        + forward
    )
    result = await ingest(bounce, list_name=None, received_at=RECEIVED, source="lmtp")
    assert result.reason is not None and "returns one of our own forwards" in result.reason
    assert len(await forwards(store)) == 1


async def test_forwards_are_rate_limited_and_archived_notices_are_not_forwarded(store: Store) -> None:
    ingest = Ingestor(store, [ECO_WITH_ADMINS], BOT)
    for n in range(12):
        await ingest(
            notice(Message_ID=f"<n{n}@lists.example.org>"),
            list_name=None,
            received_at=RECEIVED,
            source="lmtp",
        )
    assert len(await forwards(store)) == 10
    old = notice(Message_ID="<old@lists.example.org>", Date="Mon, 2 Nov 2026 10:00:00 +0000")
    later = RECEIVED + timedelta(hours=2)
    result = await ingest(old, list_name=None, received_at=later, source="archive.mbox")
    assert result.reason is not None and "an archive" in result.reason


async def test_a_held_digest_and_a_bounce_are_named_in_the_status(store: Store) -> None:
    ingest = Ingestor(store, [ECO], BOT)
    hold = (Path(__file__).with_name("notices") / "mailman3-hold.eml").read_bytes()
    result = await ingest(hold, list_name=None, received_at=RECEIVED, source="lmtp")
    assert result.reason is not None and "(hold)" in result.reason
    assert (
        "the list holds our digests: finish the subscription or let the bot's address post" in result.reason
    )
    assert "(The message is not from a list member)" in result.reason
    status = await list_status(store, ECO, {}, RECEIVED)
    assert status.last_hold_or_bounce is not None and "holds our digests" in status.last_hold_or_bounce[1]
    lines = as_text(StatusReport(Health(True, "daemon running", None), (status,)))
    assert any(
        line.startswith("  held/bounced  2026-11-30 10:00 UTC: (hold): the list holds") for line in lines
    )

    bounce = notice(
        From="MAILER-DAEMON@mx.example.net",
        Subject="Undelivered Mail Returned to Sender",
        Message_ID="<bounce-2@mx.example.net>",
    )
    later = RECEIVED + timedelta(minutes=5)
    result = await ingest(bounce, list_name=None, received_at=later, source="lmtp")
    assert result.reason is not None and "(bounce): a bounce: Undelivered Mail" in result.reason
    status = await list_status(store, ECO, {}, later)
    assert status.last_hold_or_bounce is not None and status.last_hold_or_bounce[0] == later


async def test_the_status_counts_list_posts_not_the_servers_notices(store: Store) -> None:
    ingest = Ingestor(store, [ECO], BOT)
    post = notice(
        From="Ann <ann@example.org>",
        To="eco@lists.example.org",
        Subject="Next meeting",
        List_Id="<eco.lists.example.org>",
        Message_ID="<post-1@example.org>",
    )
    await ingest(post, list_name="eco", received_at=RECEIVED, source="lmtp")
    welcome = RECEIVED + timedelta(hours=1)
    result = await ingest(notice(), list_name=None, received_at=welcome, source="lmtp")
    assert result.outcome is IngestOutcome.IGNORED and result.list_name == "eco"
    status = await list_status(store, ECO, {}, welcome)
    assert status.last_message_at == RECEIVED
