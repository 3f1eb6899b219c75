"""Whether to answer a list server's confirmation request, and why; pure: no I/O, the time is given.

Anyone can send the bot a message that looks like a confirmation request, and answering one subscribes
the bot wherever the sender likes. So a request is answered only when every one of these holds:
- it has the form its list's server documents (Mailman 3: a reply address LIST-confirm+TOKEN@; Mailman
  2.1: "confirm TOKEN" from LIST-request@; Sympa: "AUTH KEY SUBSCRIBE LIST" from sympa@; groups.io: a
  reply address LIST+...@), for a list of the config whose server is set;
- it comes from that list's domain, and the reply would go only to an address on that domain (or on the
  domain of the list's request_address, which an admin set);
- the bot has a pending request for that list, sent less than the list's confirm_within ago;
- it is addressed to the address that request was made for.
Anything else is never confirmed; the verdict says why, for the admins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from bot.config import ListSettings, parse_duration
from bot.mail import LOOP_HEADER, Mail
from bot.store.records import MembershipRequest, MembershipState, OutboxKey
from bot.subscribe.requests import split_address

# Tokens as the servers write them (Mailman: 40 hex digits; Sympa: 32) with room for other lengths,
# and never anything that could carry a second address or a header.
_TOKEN = r"[A-Za-z0-9]{8,64}"
_MAILMAN2_SUBJECT = re.compile(rf"^(?:re:\s*)*confirm\s+({_TOKEN})\s*$", re.IGNORECASE)
_SYMPA_AUTH = re.compile(
    rf"^\s*(?:re:\s*)*AUTH\s+({_TOKEN})\s+(SUB|SUBSCRIBE|SIG|SIGNOFF|UNSUBSCRIBE)\s+([a-z0-9][a-z0-9._-]*)\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Reply:
    """The answer that confirms: where it goes and what it says."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Recognised:
    """A message in the documented form of one list's server: the list, and the reply that would confirm."""

    list_settings: ListSettings
    reply: Reply
    # "subscribe" or "unsubscribe" when the message says which; None when its form does not tell.
    action: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Confirm (with ``reply`` and the ``request`` it answers) or not, and why, in words for an admin."""

    reason: str
    reply: Reply | None = None
    request: MembershipRequest | None = None
    list_name: str | None = None

    @property
    def confirm(self) -> bool:
        return self.reply is not None


def domain_of(address: str) -> str:
    return split_address(address)[1].casefold()


def reply_address(mail: Mail) -> str:
    """Where a reply goes: Reply-To when the message has one (as a mail client does), else From."""
    if mail.reply_to:
        return mail.reply_to[0].address
    return mail.sender.address if mail.sender is not None else ""


def _mailman3(mail: Mail, settings: ListSettings) -> Recognised | None:
    local, _ = split_address(settings.address)
    # Any domain here: where the reply may go is judged afterwards, with its own reason.
    form = re.compile(rf"^{re.escape(local)}-confirm\+{_TOKEN}@[^@\s]+$", re.IGNORECASE)
    to = reply_address(mail)
    if not form.match(to):
        return None
    subject = mail.subject.casefold()
    action = "unsubscribe" if "leave" in subject else "subscribe" if "join" in subject else None
    # Mailman 3 reads the token from the address the reply is sent To; the content is not read.
    return Recognised(settings, Reply(to=to, subject=f"Re: {mail.subject}"[:200], body=""), action)


def _mailman2(mail: Mail, settings: ListSettings) -> Recognised | None:
    local, _ = split_address(settings.address)
    found = _MAILMAN2_SUBJECT.match(mail.subject)
    to = reply_address(mail)
    if found is None or not _local_part_is(to, f"{local}-request", settings):
        return None
    command = f"confirm {found[1]}"
    # Mailman 2.1 reads the Subject, then the body: the command in both would be run twice.
    return Recognised(settings, Reply(to=to, subject=command, body=""))


def _sympa(mail: Mail, settings: ListSettings) -> Recognised | None:
    local, _ = split_address(settings.address)
    found = _SYMPA_AUTH.search(mail.subject) or _SYMPA_AUTH.search(mail.text)
    to = reply_address(mail)
    if found is None or found[3].casefold() != local.casefold() or not _local_part_is(to, "sympa", settings):
        return None
    action = "unsubscribe" if found[2].upper() in ("SIG", "SIGNOFF", "UNSUBSCRIBE") else "subscribe"
    command = f"AUTH {found[1]} {found[2].upper()} {local}"
    return Recognised(settings, Reply(to=to, subject=command, body=""), action)


def _groupsio(mail: Mail, settings: ListSettings) -> Recognised | None:
    local, _ = split_address(settings.address)
    form = re.compile(rf"^{re.escape(local)}\+[A-Za-z0-9+_.=-]{{1,128}}@[^@\s]+$", re.IGNORECASE)
    to = reply_address(mail)
    if not form.match(to) or "confirm" not in f"{mail.subject}\n{mail.text}".casefold():
        return None
    # groups.io confirms on any reply to its confirmation request: the reply address carries the request.
    return Recognised(settings, Reply(to=to, subject=f"Re: {mail.subject}"[:200], body=""))


def _local_part_is(address: str, local: str, settings: ListSettings) -> bool:
    """The address is ``local``@ some domain, or the list's request_address (domains are judged later)."""
    if settings.request_address and address.casefold() == settings.request_address.casefold():
        return True
    return split_address(address)[0].casefold() == local.casefold()


_FORMS = {"mailman3": _mailman3, "mailman2": _mailman2, "sympa": _sympa, "groupsio": _groupsio}


def recognise(mail: Mail, lists: Sequence[ListSettings]) -> Recognised | None:
    """The configured list whose server's documented confirmation form the message has, if any."""
    for settings in lists:
        form = _FORMS.get(settings.server)
        found = form(mail, settings) if form is not None else None
        if found is not None:
            return found
    return None


def _allowed_domains(settings: ListSettings) -> set[str]:
    domains = {domain_of(settings.address)}
    if settings.request_address:
        domains.add(domain_of(settings.request_address))
    return domains


def _awaited(
    found: Recognised, pending: Sequence[MembershipRequest], mail: Mail, now: datetime
) -> MembershipRequest | str:
    """The pending request the message answers, or why there is none."""
    settings = found.list_settings
    ours = [r for r in pending if r.list_name == settings.name and r.state == MembershipState.PENDING]
    if not ours:
        return f"the bot has no pending request for {settings.name}: it never asked to join or leave"
    latest = max(ours, key=lambda r: r.requested_at)
    if found.action is not None and found.action != latest.action:
        return f"it confirms a {found.action}, but the bot asked to {latest.action}"
    window = parse_duration(settings.confirm_within)
    age = now - latest.requested_at
    # A request dated after the message is not one this message can answer (a clock set back).
    if age < timedelta(0) or age >= window:
        return f"the bot's request was made {age} ago, not within confirm_within ({settings.confirm_within})"
    recipients = {a.address.casefold() for a in (*mail.to, *mail.cc)}
    if latest.member.casefold() not in recipients:
        return f"it is not addressed to {latest.member}, the address the bot asked for"
    return latest


def judge(
    mail: Mail, lists: Sequence[ListSettings], pending: Sequence[MembershipRequest], now: datetime
) -> Verdict:
    """Confirm or not, and why: every condition of the module's docstring, each with its reason."""
    found = recognise(mail, lists)
    if found is None:
        return Verdict("not a confirmation request in the documented form of a configured list's server")
    settings = found.list_settings
    allowed = _allowed_domains(settings)
    sender = mail.sender.address if mail.sender is not None else ""
    if domain_of(sender) not in allowed:
        return Verdict(
            f"it comes from {sender!r}, not from the domain of {settings.name}", list_name=settings.name
        )
    if domain_of(found.reply.to) not in allowed:
        return Verdict(
            f"the reply would go to {found.reply.to!r}, outside the domain of {settings.name}",
            list_name=settings.name,
        )
    awaited = _awaited(found, pending, mail, now)
    if isinstance(awaited, str):
        return Verdict(awaited, list_name=settings.name)
    reason = f"{settings.server} confirmation of the bot's {awaited.action} request for {settings.name}"
    return Verdict(reason, reply=found.reply, request=awaited, list_name=settings.name)


def confirmation_key(request: MembershipRequest) -> OutboxKey:
    """One confirmation per request, ever: a second confirmation request for it is not answered twice."""
    return OutboxKey(request.list_name, "confirm", str(request.id))


def confirmation_message(
    reply: Reply, *, member: str, key: OutboxKey, at: datetime, answering: str | None
) -> EmailMessage:
    """The reply that confirms, from the address the request was made for."""
    message = EmailMessage(policy=SMTP)
    message["From"] = member
    message["To"] = reply.to
    message["Subject"] = reply.subject
    message["Date"] = format_datetime(at.astimezone(UTC))
    message["Message-ID"] = key.message_id(member)
    if answering:
        message["In-Reply-To"] = answering
        message["References"] = answering
    # RFC 3834's mark of an automatic answer; not Precedence, which makes Mailman discard a command.
    message["Auto-Submitted"] = "auto-replied"
    message[LOOP_HEADER] = member
    message.set_content(reply.body)
    return message
