"""Meetings put into a real store the way ingest does: messages of one thread with their mentions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.detect.model import Mention
from bot.meeting import MeetingDetails, MeetingStatus, When
from bot.store import MessageState, NewMessage, Store
from tests.meeting_values import changed

MAG = Mention(
    MeetingDetails(
        title="MAG meeting",
        when=When(date(2007, 2, 12)),
        location="Geneva",
        status=MeetingStatus.TENTATIVE,
        confirm_by=date(2006, 12, 31),
    ),
    quoted=False,
    confidence=0.9,
    evidence="The MAG will tentatively meet on 12 February",
)


def mention(**changes: Any) -> Mention:
    return changed(MAG, **changes)


async def post(
    store: Store, number: int, sent: datetime, *mentions: Mention, list_name: str = "mmwg"
) -> None:
    """Message ``number`` of the thread that message 1 began, sent at ``sent``, stating ``mentions``."""
    key = f"<m{number}@example.org>"
    message = NewMessage(
        list_name,
        key,
        "test",
        b"Subject: x\n\nx\n",
        sent,
        sent,
        "x",
        "chair@example.org",
        MessageState.PROCESSED,
    )
    thread = (key, "<m1@example.org>") if number != 1 else (key,)
    assert await store.add_message(message, mentions, thread) is not None
