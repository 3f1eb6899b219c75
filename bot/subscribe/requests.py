"""The request a list server takes to subscribe or unsubscribe the bot's address, as each server
documents it; pure: settings in, a message out.

Mailman 3 takes a message to LIST-join@ or LIST-leave@ (its content is not read); Mailman 2.1 a command
("subscribe", "unsubscribe") to LIST-request@; Sympa a command naming the list ("SUBSCRIBE LIST",
"SIGNOFF LIST") to sympa@ the list's host; groups.io a message to LIST+subscribe@ or LIST+unsubscribe@.
A list set to "manual" gets instructions for a person instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Literal

from bot.config import ListSettings
from bot.mail.model import LOOP_HEADER
from bot.store.records import OutboxKey

Action = Literal["subscribe", "unsubscribe"]


@dataclass(frozen=True, slots=True)
class Request:
    """A request for the list server: where it goes and the command it carries."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class ManualSteps:
    """What a person has to do, for a list whose server the bot does not speak to."""

    text: str


def split_address(address: str) -> tuple[str, str]:
    local, _, domain = address.rpartition("@")
    return local, domain


def default_request_address(settings: ListSettings, action: Action) -> str | None:
    """Where the list's server takes the request by default; None for a list set to "manual"."""
    local, domain = split_address(settings.address)
    joining = action == "subscribe"
    if settings.server == "mailman3":
        return f"{local}-{'join' if joining else 'leave'}@{domain}"
    if settings.server == "mailman2":
        return f"{local}-request@{domain}"
    if settings.server == "sympa":
        # Sympa's robot answers for every list of its host under one name.
        return f"sympa@{domain}"
    if settings.server == "groupsio":
        return f"{local}+{'subscribe' if joining else 'unsubscribe'}@{domain}"
    return None


def command_of(settings: ListSettings, action: Action) -> str:
    """The command the request carries in its Subject."""
    local, _ = split_address(settings.address)
    joining = action == "subscribe"
    if settings.server == "sympa":
        return f"{'SUBSCRIBE' if joining else 'SIGNOFF'} {local}"
    if settings.server == "mailman3":
        # Read only when the request goes to a request_address (LIST-request@): -join@ and -leave@
        # carry the command in their name and ignore the content.
        return "join" if joining else "leave"
    return action


def request_for(settings: ListSettings, action: Action, member: str) -> Request | ManualSteps:
    """The request that asks the list's server to add (or remove) ``member``, the bot's address."""
    to = settings.request_address or default_request_address(settings, action)
    if settings.server == "manual" or to is None:
        return ManualSteps(manual_steps(settings, action, member))
    # Mailman 2.1 and Sympa read commands from the body too: a body of its own would be read as a
    # second command (and answered as an unknown one). The Subject says it all.
    return Request(to=to, subject=command_of(settings, action), body="")


def manual_steps(settings: ListSettings, action: Action, member: str) -> str:
    verb = "Subscribe" if action == "subscribe" else "Unsubscribe"
    towards = "to" if action == "subscribe" else "from"
    return (
        f'The list {settings.name} is set to server = "manual": nothing was sent.\n'
        f"{verb} {member} {towards} {settings.address} by hand: on the list's web page, or by asking "
        "its owner. A confirmation request the list server sends to the bot is forwarded to the admins.\n"
        'Or set server ("mailman3", "mailman2", "sympa" or "groupsio") in the list\'s [[lists]] table, '
        f"and run `listminder {action} {settings.name}` again."
    )


def request_message(request: Request, *, member: str, key: OutboxKey, at: datetime) -> EmailMessage:
    """The request as a message from the bot's address, under its outbox key's Message-ID."""
    message = EmailMessage(policy=SMTP)
    message["From"] = member
    message["To"] = request.to
    message["Subject"] = request.subject
    message["Date"] = format_datetime(at.astimezone(UTC))
    message["Message-ID"] = key.message_id(member)
    # No Precedence and no Auto-Submitted, unlike digests: Mailman discards commands that carry
    # "Precedence: bulk|junk|list", and the request is an admin's own, made through the command line.
    message[LOOP_HEADER] = member
    message.set_content(request.body)
    return message
