"""The confirmation rules, from confirmation requests written after each server's documentation: the
documented ones are answered, and every case the issue names is never confirmed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import ListSettings
from bot.mail import Mail, parse
from bot.store import MembershipRequest, MembershipState, OutboxKey
from bot.subscribe.confirm import Reply, Verdict, judge

HERE = Path(__file__).with_name("confirmations")
BOT = "listminder@bot.test"
NOW = datetime(2026, 11, 30, 10, 0, 10, tzinfo=UTC)
MM3_TOKEN = "0b6c1f7e9a2d4c3b8e5f1a0d9c8b7a6f5e4d3c2b"
MM3_CONFIRM = f"eco-confirm+{MM3_TOKEN}@lists.example.org"


def eco(server: str = "mailman3", **more: str) -> ListSettings:
    return ListSettings(name="eco", address="eco@lists.example.org", server=server, **more)  # type: ignore[arg-type]


def asked(
    action: str = "subscribe",
    ago: timedelta = timedelta(minutes=1),
    state: MembershipState = MembershipState.PENDING,
    list_name: str = "eco",
) -> MembershipRequest:
    at = NOW - ago
    return MembershipRequest(
        list_name=list_name,
        action=action,
        server="mailman3",
        member=BOT,
        request_address="eco-join@lists.example.org",
        outbox_key=OutboxKey(list_name, action, at.isoformat()),
        requested_at=at,
        state=state,
    )


def fixture(name: str, **replace: str) -> Mail:
    """A fixture, with some header lines replaced ("From" -> new value) or added."""
    text = (HERE / name).read_bytes().decode()
    head, _, body = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    for field, value in replace.items():
        field = field.replace("_", "-")
        kept = [line for line in lines if not line.lower().startswith(field.lower() + ":")]
        lines = [*kept, f"{field}: {value}"]
    return parse(("\r\n".join(lines) + "\r\n\r\n" + body).encode())


def verdict_on(mail: Mail, settings: ListSettings | None = None, *pending: MembershipRequest) -> Verdict:
    return judge(mail, [settings or eco()], list(pending) or [asked()], NOW)


@pytest.mark.parametrize(
    ("name", "server", "reply"),
    [
        (
            "mailman3-join.eml",
            "mailman3",
            Reply(
                MM3_CONFIRM,
                "Re: Your confirmation is needed to join the eco@lists.example.org mailing list.",
                "",
            ),
        ),
        (
            "mailman2-subscribe.eml",
            "mailman2",
            Reply("eco-request@lists.example.org", "confirm 5e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d", ""),
        ),
        (
            "sympa-subscribe.eml",
            "sympa",
            Reply("sympa@lists.example.org", "AUTH 3f8a1c5e9b7d2046 SUB eco", ""),
        ),
        (
            "groupsio-subscribe.eml",
            "groupsio",
            Reply(
                "eco+confirm+7741236598@lists.example.org",
                "Re: Confirm your subscription to eco@lists.example.org",
                "",
            ),
        ),
    ],
)
def test_the_documented_confirmation_request_of_each_server_is_answered(
    name: str, server: str, reply: Reply
) -> None:
    verdict = verdict_on(fixture(name), eco(server))
    assert verdict.confirm, verdict.reason
    assert verdict.reply == reply and verdict.request == asked()


def test_a_list_the_bot_is_not_configured_for_is_not_answered() -> None:
    other = ListSettings(name="garden", address="garden@lists.example.org", server="mailman3")
    verdict = judge(fixture("mailman3-join.eml"), [other], [asked(list_name="garden")], NOW)
    assert not verdict.confirm and "documented form" in verdict.reason


def test_a_list_the_bot_never_asked_to_join_is_not_answered() -> None:
    verdict = judge(fixture("mailman3-join.eml"), [eco()], [], NOW)
    assert not verdict.confirm and "never asked" in verdict.reason


def test_a_request_superseded_or_of_another_list_is_not_awaited() -> None:
    superseded = asked(state=MembershipState.SUPERSEDED)
    assert not verdict_on(fixture("mailman3-join.eml"), eco(), superseded).confirm
    assert not verdict_on(fixture("mailman3-join.eml"), eco(), asked(list_name="garden")).confirm


@pytest.mark.parametrize("ago", [timedelta(days=2), timedelta(days=9), -timedelta(minutes=5)])
def test_a_request_older_than_the_window_or_from_the_future_is_not_answered(ago: timedelta) -> None:
    verdict = verdict_on(fixture("mailman3-join.eml"), eco(), asked(ago=ago))
    assert not verdict.confirm and "confirm_within" in verdict.reason


def test_the_window_is_the_list_setting() -> None:
    mail = fixture("mailman3-join.eml")
    assert not verdict_on(mail, eco(confirm_within="1h"), asked(ago=timedelta(hours=2))).confirm
    assert verdict_on(mail, eco(confirm_within="3d"), asked(ago=timedelta(days=2))).confirm


def test_a_request_from_another_domain_is_not_answered() -> None:
    mail = fixture("mailman3-join.eml", From=f"eco-confirm+{MM3_TOKEN}@lists.example.net")
    verdict = verdict_on(mail)
    assert not verdict.confirm and "comes from" in verdict.reason


@pytest.mark.parametrize(
    ("name", "server", "reply_to"),
    [
        ("mailman3-join.eml", "mailman3", f"eco-confirm+{MM3_TOKEN}@attacker.example"),
        ("mailman2-subscribe.eml", "mailman2", "eco-request@attacker.example"),
        ("sympa-subscribe.eml", "sympa", "sympa@attacker.example"),
        ("groupsio-subscribe.eml", "groupsio", "eco+confirm+7741236598@attacker.example"),
    ],
)
def test_a_forged_request_whose_reply_address_is_outside_the_list_domain_is_not_answered(
    name: str, server: str, reply_to: str
) -> None:
    """From the list's domain, in the documented form, for a pending request: only Reply-To is forged."""
    verdict = verdict_on(fixture(name, Reply_To=reply_to), eco(server))
    assert not verdict.confirm and "outside the domain" in verdict.reason


def test_a_reply_to_another_address_on_the_domain_that_is_not_the_documented_one_is_not_answered() -> None:
    mail = fixture("mailman2-subscribe.eml", Reply_To="postmaster@lists.example.org")
    assert not verdict_on(mail, eco("mailman2")).confirm


@pytest.mark.parametrize(
    ("name", "server", "changes"),
    [
        # Mailman 3 reads the token from the reply address only.
        ("mailman3-join.eml", "mailman3", {"From": "eco-confirm@lists.example.org"}),
        ("mailman3-join.eml", "mailman3", {"From": "eco-confirm+ab@lists.example.org"}),
        ("mailman3-join.eml", "mailman3", {"From": "garden-confirm+" + MM3_TOKEN + "@lists.example.org"}),
        ("mailman2-subscribe.eml", "mailman2", {"Subject": "Welcome to the eco list"}),
        ("mailman2-subscribe.eml", "mailman2", {"Subject": "confirm 5e1d0c9b; subscribe garden"}),
        (
            "sympa-subscribe.eml",
            "sympa",
            {"From": "listmaster@lists.example.org", "Reply_To": "listmaster@lists.example.org"},
        ),
        ("groupsio-subscribe.eml", "groupsio", {"Reply_To": "garden+confirm+7741236598@lists.example.org"}),
    ],
)
def test_what_is_not_in_the_documented_form_is_not_answered(
    name: str, server: str, changes: dict[str, str]
) -> None:
    verdict = verdict_on(fixture(name, **changes), eco(server))
    assert not verdict.confirm and "documented form" in verdict.reason


def test_a_sympa_request_for_another_list_of_the_same_server_is_not_answered() -> None:
    mail = fixture("sympa-subscribe.eml")
    garden = ListSettings(name="garden", address="garden@lists.example.org", server="sympa")
    assert not judge(mail, [garden], [asked(list_name="garden")], NOW).confirm


def test_the_wrong_server_form_is_not_answered() -> None:
    """A Mailman 2.1 request for a list configured as Mailman 3 (or manual) is not read as one."""
    for server in ("mailman3", "manual"):
        assert not verdict_on(fixture("mailman2-subscribe.eml"), eco(server)).confirm


def test_a_leave_confirmation_does_not_answer_a_pending_join() -> None:
    mail = fixture("mailman3-join.eml", Subject="Your confirmation is needed to leave the eco mailing list.")
    verdict = verdict_on(mail)
    assert not verdict.confirm and "asked to subscribe" in verdict.reason
    assert verdict_on(mail, eco(), asked("unsubscribe")).confirm


def test_a_request_addressed_to_someone_else_is_not_answered() -> None:
    verdict = verdict_on(fixture("mailman3-join.eml", To="chair@example.org"))
    assert not verdict.confirm and "not addressed" in verdict.reason


def test_a_request_address_set_by_the_admin_is_a_place_replies_may_go() -> None:
    settings = eco("mailman2", request_address="eco-request@mail.example.org")
    mail = fixture(
        "mailman2-subscribe.eml", From="eco-request@mail.example.org", Reply_To="eco-request@mail.example.org"
    )
    verdict = verdict_on(mail, settings)
    assert (
        verdict.confirm and verdict.reply is not None and verdict.reply.to == "eco-request@mail.example.org"
    )
