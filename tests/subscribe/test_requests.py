"""The request each list server documents, derived from the list's address (or its request_address)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from bot.config import ListSettings
from bot.mail import LOOP_HEADER
from bot.store import OutboxKey
from bot.subscribe.requests import Action, ManualSteps, Request, request_for, request_message

BOT = "listminder@bot.test"


def eco(server: str, **more: str) -> ListSettings:
    return ListSettings(name="eco", address="eco@lists.example.org", server=server, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("server", "action", "to", "subject"),
    [
        ("mailman3", "subscribe", "eco-join@lists.example.org", "join"),
        ("mailman3", "unsubscribe", "eco-leave@lists.example.org", "leave"),
        ("mailman2", "subscribe", "eco-request@lists.example.org", "subscribe"),
        ("mailman2", "unsubscribe", "eco-request@lists.example.org", "unsubscribe"),
        ("sympa", "subscribe", "sympa@lists.example.org", "SUBSCRIBE eco"),
        ("sympa", "unsubscribe", "sympa@lists.example.org", "SIGNOFF eco"),
        ("groupsio", "subscribe", "eco+subscribe@lists.example.org", "subscribe"),
        ("groupsio", "unsubscribe", "eco+unsubscribe@lists.example.org", "unsubscribe"),
    ],
)
def test_each_server_is_asked_where_and_how_it_documents(
    server: str, action: Action, to: str, subject: str
) -> None:
    assert request_for(eco(server), action, BOT) == Request(to=to, subject=subject, body="")


def test_a_request_address_replaces_the_derived_one_and_keeps_the_command() -> None:
    settings = eco("mailman3", request_address="eco-request@mail.example.org")
    assert request_for(settings, "subscribe", BOT) == Request("eco-request@mail.example.org", "join", "")
    assert request_for(settings, "unsubscribe", BOT) == Request("eco-request@mail.example.org", "leave", "")


def test_manual_is_the_default_and_says_what_to_do_by_hand() -> None:
    settings = ListSettings(name="eco", address="eco@lists.example.org")
    steps = request_for(settings, "subscribe", BOT)
    assert isinstance(steps, ManualSteps)
    assert BOT in steps.text and "eco@lists.example.org" in steps.text and "server" in steps.text


def test_the_request_message_is_a_command_mailman_does_not_discard() -> None:
    """Mailman discards commands carrying Precedence bulk, junk or list; our loop marker stays."""
    key = OutboxKey("eco", "subscribe", "2026-11-30T10:00:00Z")
    at = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    request = Request("eco-request@lists.example.org", "subscribe", "")
    raw = request_message(request, member=BOT, key=key, at=at).as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert (parsed["From"], parsed["To"], parsed["Subject"]) == (BOT, request.to, "subscribe")
    assert parsed["Precedence"] is None and parsed["Auto-Submitted"] is None
    assert parsed[LOOP_HEADER] == BOT and parsed["Message-ID"] == key.message_id(BOT)
