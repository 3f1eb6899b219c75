"""Which mail is for the bot itself rather than a list post: confirmation requests, welcome messages,
owner and moderation notices, bounces of its digests. Such mail is kept but never read for meetings.

Pure: a parsed message and the config in, a decision out.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.config import ListSettings
from bot.mail import Mail
from bot.subscribe.confirm import recognise


def _list_id_of(settings: ListSettings) -> str:
    return settings.address.casefold().replace("@", ".")


def is_list_post(mail: Mail, lists: Sequence[ListSettings]) -> bool:
    """Addressed to a configured list, or carrying its List-Id: what the list distributed."""
    recipients = {a.address.casefold() for a in (*mail.to, *mail.cc)}
    if any(item.address.casefold() in recipients for item in lists):
        return True
    list_id = (mail.list_id or "").casefold()
    return bool(list_id) and any(list_id == _list_id_of(item) for item in lists)


# The local parts a list server's own mail comes from, beside the list's LIST-... and LIST+... addresses.
_SERVER_ROBOTS = frozenset({"sympa", "listmaster", "mailman", "mailer-daemon", "postmaster"})


def from_list_server(mail: Mail, lists: Sequence[ListSettings]) -> bool:
    """Sent by a list's server itself (eco-request@, eco-owner@, eco-bounces@, eco+owner@, sympa@), not
    by a member: a list that rewrites its posts' From writes the list's own address, never these."""
    sender = mail.sender.address.casefold() if mail.sender is not None else ""
    local, _, domain = sender.rpartition("@")
    for item in lists:
        list_local, _, list_domain = item.address.casefold().rpartition("@")
        if domain == list_domain and (
            local.startswith((f"{list_local}-", f"{list_local}+")) or local in _SERVER_ROBOTS
        ):
            return True
    return False


def for_the_bot(mail: Mail, lists: Sequence[ListSettings], own_address: str) -> bool:
    """Mail addressed to the bot that its lists did not distribute, or that their servers sent (Mailman
    gives its own notices, welcome messages among them, the list's List-Id); or a confirmation request in
    a configured server's documented form."""
    recipients = {a.address.casefold() for a in (*mail.to, *mail.cc)}
    addressed_to_list = any(item.address.casefold() in recipients for item in lists)
    if not addressed_to_list and recognise(mail, lists) is not None:
        return True
    if own_address.casefold() not in recipients:
        return False
    return not is_list_post(mail, lists) or from_list_server(mail, lists)


def list_of_notice(mail: Mail, lists: Sequence[ListSettings]) -> ListSettings | None:
    """The list a notice for the bot is about: the one whose confirmation form it has, else the one
    whose domain it comes from (a welcome from eco-owner@), else the one its List-Id names."""
    found = recognise(mail, lists)
    if found is not None:
        return found.list_settings
    sender = mail.sender.address.casefold() if mail.sender is not None else ""
    local, _, domain = sender.rpartition("@")
    same_domain = [item for item in lists if item.address.casefold().rpartition("@")[2] == domain]
    named = [item for item in same_domain if local.startswith(item.address.casefold().rpartition("@")[0])]
    by_id = [item for item in lists if (mail.list_id or "").casefold() == _list_id_of(item)]
    chosen = named or by_id or same_domain
    return chosen[0] if chosen else None
