"""Threads through the intake, on a real store of each engine: a reply changes the meeting of the message it
answers, and a reply to one of our own digests or reminders makes no meeting of the digest's text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import ListSettings
from bot.digest.model import DigestKind
from bot.digest.prepare import prepare_digest, prepare_reminders
from bot.digest.render import Renderer
from bot.digest.source import StoreSnapshots
from bot.ingest import Arrival, Ingestor, reprocess_all
from bot.mail import parse
from bot.meeting import MeetingStatus
from bot.store import Meeting, Store

BOT = "listminder@bot.test"
WG = ListSettings.model_validate(
    {"name": "wg", "address": "wg@lists.test", "timezone": "Europe/Zurich", "reminders": {"before": ["1d"]}}
)
# Sent before the DNS working group's session of Thursday 12 February 2026.
ANNOUNCED = datetime(2026, 2, 2, 10, tzinfo=UTC)
DIGEST_AT = datetime(2026, 2, 11, 14, 5, tzinfo=UTC)


def message(key: str, subject: str, sent: str, body: str, *, answers: str | None = None) -> bytes:
    lines = [
        "From: Someone <someone@example.org>",
        "To: wg@lists.test",
        "List-Id: <wg.lists.test>",
        f"Subject: {subject}",
        f"Date: {sent}",
        f"Message-ID: {key}",
    ]
    if answers is not None:
        lines += [f"In-Reply-To: {answers}", f"References: {answers}"]
    return ("\n".join(lines) + "\n\n" + body + "\n").encode()


ANNOUNCEMENT = message(
    "<dns-1@example.org>",
    "DNS working group session",
    "Mon, 2 Feb 2026 11:00:00 +0100",
    "The DNS working group holds its session on Thursday 12 February 2026 at 15:00 CET.",
)


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


@pytest.fixture
def intake(store: Store) -> Ingestor:
    return Ingestor(store, [WG], BOT)


async def ingest(intake: Ingestor, raw: bytes, at: datetime) -> None:
    await intake(raw, list_name=None, received_at=at, source="test")


async def only_meeting(store: Store) -> Meeting:
    [meeting] = await store.meetings()
    return meeting


def quoting(text: str) -> str:
    """A member's quote of a message's text, as mail clients write it."""
    return "On Wed, 11 Feb 2026, listminder wrote:\n" + "\n".join(f"> {line}" for line in text.splitlines())


async def sent_to_the_list(intake: Ingestor, store: Store, kind: str, *, echoed: bool) -> bytes:
    """Our digest (or the meeting's reminder), kept in the outbox; and, when the list sends our own
    posts back to us, kept again as a message never read."""
    snapshots = await StoreSnapshots(store, lambda: DIGEST_AT)("wg")
    renderer = Renderer()
    if kind == "meeting":
        [outgoing] = prepare_reminders(
            snapshots, list_settings=WG, at=DIGEST_AT, renderer=renderer, from_address=BOT
        )
    else:
        prepared = prepare_digest(
            DigestKind.REMINDER,
            snapshots,
            list_settings=WG,
            at=DIGEST_AT,
            previous=None,
            period="2026-W07",
            renderer=renderer,
            from_address=BOT,
        )
        assert prepared is not None
        outgoing = prepared
    await store.outbox_add(outgoing.key, outgoing.message, outgoing.recipients)
    if echoed:
        await ingest(intake, b"List-Id: <wg.lists.test>\n" + outgoing.message, DIGEST_AT)
    return outgoing.message


@pytest.mark.parametrize("echoed", [True, False], ids=["echoed", "not-echoed"])
@pytest.mark.parametrize("kind", ["meeting", "reminder"])
async def test_attending_the_meeting_of_a_reminder_makes_no_copy_of_it(
    intake: Ingestor, store: Store, kind: str, echoed: bool
) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    before = await only_meeting(store)
    ours = parse(await sent_to_the_list(intake, store, kind, echoed=echoed))
    reply = message(
        "<attend@example.org>",
        f"Re: {ours.subject}",
        "Wed, 11 Feb 2026 16:00:00 +0100",
        "I will attend the interim on Thursday.\n\n" + quoting(ours.text),
        answers=ours.message_id,
    )
    await ingest(intake, reply, datetime(2026, 2, 11, 15, tzinfo=UTC))
    after = await only_meeting(store)
    assert (after.uid, after.details, after.sequence) == (before.uid, before.details, before.sequence)


async def test_a_dateless_move_in_a_reply_calls_off_the_meeting_and_makes_the_new_day_with_its_time(
    intake: Ingestor, store: Store
) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    [announced] = await store.meetings()
    reply = message(
        "<dns-2@example.org>",
        "Re: DNS working group session",
        "Tue, 10 Feb 2026 09:00:00 +0100",
        "Sorry all, the session has been moved to the 19th.",
        answers="<dns-1@example.org>",
    )
    await ingest(intake, reply, datetime(2026, 2, 10, 8, tzinfo=UTC))
    old, new = await store.meetings()
    assert (old.uid, old.status) == (announced.uid, MeetingStatus.CANCELLED)
    assert (new.title, new.when.start_iso, new.status) == (
        announced.title,
        "2026-02-19T15:00:00+01:00",
        MeetingStatus.CONFIRMED,
    )
    history = await store.history(old.id)
    assert [(h.field, h.new, h.message_key) for h in history if h.action == "changed"] == [
        ("status", "cancelled", "<dns-2@example.org>")
    ]


async def test_another_session_announced_in_a_reply_does_not_move_the_first(
    intake: Ingestor, store: Store
) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    reply = message(
        "<dns-2@example.org>",
        "Re: DNS working group session",
        "Tue, 3 Feb 2026 09:00:00 +0100",
        "The DNS working group holds a second session on Thursday 19 February 2026 at 15:00 CET.",
        answers="<dns-1@example.org>",
    )
    await ingest(intake, reply, datetime(2026, 2, 3, 8, tzinfo=UTC))
    assert [m.when.start_iso for m in await store.meetings()] == [
        "2026-02-12T15:00:00+01:00",
        "2026-02-19T15:00:00+01:00",
    ]


async def test_a_time_corrected_in_a_reply_changes_the_meeting_of_the_thread(
    intake: Ingestor, store: Store
) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    reply = message(
        "<dns-2@example.org>",
        "Re: DNS working group session",
        "Tue, 3 Feb 2026 09:00:00 +0100",
        "Correction: the session is at 16:00 CET, not 15:00.",
        answers="<dns-1@example.org>",
    )
    await ingest(intake, reply, datetime(2026, 2, 3, 8, tzinfo=UTC))
    meeting = await only_meeting(store)
    assert (meeting.when.start_iso, meeting.sequence) == ("2026-02-12T16:00:00+01:00", 1)


async def test_a_dateless_cancellation_found_by_the_subject_alone_calls_off_the_meeting(
    intake: Ingestor, store: Store
) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    # A client that sends no In-Reply-To: the Subject ties the reply to the announcement.
    body = "Unfortunately we have to cancel it: the chairs are both away."
    subject = "Re: [wg] DNS working group session"
    reply = message("<dns-2@example.org>", subject, "Tue, 3 Feb 2026 09:00:00 +0100", body)
    await ingest(intake, reply, datetime(2026, 2, 3, 8, tzinfo=UTC))
    assert (await only_meeting(store)).status is MeetingStatus.CANCELLED


async def test_an_archive_holding_the_announcement_and_its_reply_reads_them_in_thread_order(
    intake: Ingestor, store: Store
) -> None:
    reply = message(
        "<dns-2@example.org>",
        "Re: DNS working group session",
        "Tue, 3 Feb 2026 09:00:00 +0100",
        "Same time next week as well, please.",
        answers="<dns-1@example.org>",
    )
    # The reply first: an archive may hold them in any order.
    arrivals = [Arrival("a", reply, ANNOUNCED), Arrival("a", ANNOUNCEMENT, ANNOUNCED)]
    await intake.ingest_many(arrivals, list_name=None)
    assert [m.when.start_iso for m in await store.meetings()] == [
        "2026-02-12T15:00:00+01:00",
        "2026-02-19T15:00:00+01:00",
    ]


async def test_reading_the_store_again_finds_the_same_meetings(intake: Ingestor, store: Store) -> None:
    await ingest(intake, ANNOUNCEMENT, ANNOUNCED)
    reply = message(
        "<dns-2@example.org>",
        "Re: DNS working group session",
        "Thu, 12 Feb 2026 17:00:00 +0100",
        "Thanks all for a good session. Same time next week.",
        answers="<dns-1@example.org>",
    )
    await ingest(intake, reply, datetime(2026, 2, 12, 16, tzinfo=UTC))
    read_once = [(m.uid, m.details) for m in await store.meetings()]
    assert len(read_once) == 2
    summary = await reprocess_all(intake)
    assert (summary.created, summary.changed) == (set(), set())
    assert [(m.uid, m.details) for m in await store.meetings()] == read_once


PARENT = ListSettings.model_validate(
    {"name": "parent", "address": "parent@lists.test", "timezone": "UTC", "reminders": {"before": ["1d"]}}
)


async def test_a_reply_to_the_reminder_of_a_cross_posted_invitation_changes_its_list_meeting(
    store: Store,
) -> None:
    """The parent list's copy of an invitation cross-posted to the working group's list is an event of
    its own in the parent list's calendars (its UID is the list's): a reply to its reminder finds the
    meeting by that UID, and changes that list's meeting alone."""
    from tests.store.test_storable import invitation

    intake = Ingestor(store, [WG, PARENT], BOT)
    for name in ("wg", "parent"):
        await intake(invitation("call@example.org"), list_name=name, received_at=ANNOUNCED, source="test")
    at = datetime(2026, 3, 11, 15, 5, tzinfo=UTC)
    snapshots = await StoreSnapshots(store, lambda: at)("parent")
    [reminder] = prepare_reminders(
        snapshots, list_settings=PARENT, at=at, renderer=Renderer(), from_address=BOT
    )
    await store.outbox_add(reminder.key, reminder.message, reminder.recipients)
    ours = parse(reminder.message)
    assert [event.uid for event in ours.calendar] == ["parent/call@example.org"]
    reply = message(
        "<off@example.org>",
        "Call off",
        "Wed, 11 Mar 2026 16:00:00 +0000",
        "Sorry, it is cancelled.\n\n" + quoting(ours.text),
        answers=ours.message_id,
    )
    await intake(reply, list_name="parent", received_at=at, source="test")
    assert sorted((m.list_name, m.status.value) for m in await store.meetings()) == [
        ("parent", "cancelled"),
        ("wg", "confirmed"),
    ]
