"""What kind of notice a list server sent the bot: a confirmation request, a hold of one of its posts
for moderation, a bounce, or anything else (welcome, owner notices); pure.

The bot posts nothing to its lists but digests, so a hold notice is about a digest: the list does not
take the bot's address as a member's (the subscription is unfinished) or holds its posts anyway.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.mail import Mail

# How the reason kept with mail for the bot itself begins: "for the bot, not a list post (hold): ...".
NOTICE = "for the bot, not a list post"
HELD_ADVICE = "the list holds our digests: finish the subscription or let the bot's address post"

# Mailman 3 ("Your message to LIST awaits moderator approval", "is being held until the list moderator
# can review it"), Mailman 2.1 (the same Subject), Sympa and groups.io ("waiting for moderation",
# "held for approval").
_HELD = re.compile(
    r"awaits moderator approval|is being held"
    r"|waiting for (?:moderation|approval)|held for (?:moderation|approval)",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster"})
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|mail delivery failed"
    r"|returned mail|delivery failure|failure notice",
    re.IGNORECASE,
)
# Mailman 3 gives its reasons on the lines after "The message is being held because:".
_HELD_BECAUSE = re.compile(r"held because:\s*\n\s*(?P<reason>[^\n]{1,200})", re.IGNORECASE)


class NoticeKind(StrEnum):
    CONFIRMATION = "confirmation"
    HOLD = "hold"
    BOUNCE = "bounce"
    OTHER = "other"


def kind_of(mail: Mail, *, confirmation: bool) -> NoticeKind:
    """``confirmation``: whether the confirmation rules recognised it (they know the servers' forms)."""
    if confirmation:
        return NoticeKind.CONFIRMATION
    if _HELD.search(mail.subject) or _HELD.search(mail.text[:2000]):
        return NoticeKind.HOLD
    sender = mail.sender.address.casefold() if mail.sender is not None else ""
    if sender.rpartition("@")[0] in _BOUNCE_SENDERS or _BOUNCE_SUBJECT.search(mail.subject):
        return NoticeKind.BOUNCE
    return NoticeKind.OTHER


def held_reason(mail: Mail) -> str:
    """The server's reason for the hold, where it gives one, with what to do about it."""
    found = _HELD_BECAUSE.search(mail.text)
    because = f" ({found['reason'].strip()})" if found else ""
    return f"{HELD_ADVICE}{because}"
