"""What a digest links to when the web interface has a public address: each meeting's page and its
one-event file, the list's feed, and in a confirmation-pending digest the organiser's signed
"Confirm", "Cancel" and "Change the date" links, made for that meeting and that recipient.

Without a public address there are no links at all; without a signing secret, no action links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.config import WebSettings
from bot.digest.ics import feed_url, meeting_ics_url, meeting_url, webcal_url
from bot.digest.model import MeetingSnapshot
from bot.signed_links import Action, action_url, make_action_token, meeting_version


@dataclass(frozen=True, slots=True)
class WebLinks:
    """The web interface as digests see it. The secret is kept out of the repr, hence out of logs."""

    public_base_url: str
    signing_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ListLinks:
    feed: str
    webcal: str


@dataclass(frozen=True, slots=True)
class ActionLinks:
    confirm: str
    cancel: str
    change_date: str


@dataclass(frozen=True, slots=True)
class MeetingLinks:
    page: str
    ics: str
    # Only in a confirmation-pending digest addressed to one recipient, with a signing secret.
    actions: ActionLinks | None = None


def list_links(web: WebLinks, list_name: str) -> ListLinks:
    return ListLinks(feed_url(web.public_base_url, list_name), webcal_url(web.public_base_url, list_name))


def action_links(web: WebLinks, meeting: MeetingSnapshot, recipient: str, at: datetime) -> ActionLinks | None:
    """The three signed links of ``meeting`` for ``recipient``, made at ``at``; None without a secret."""
    if not web.signing_secret:
        return None
    version = meeting_version(meeting.details)

    def url(action: Action) -> str:
        token = make_action_token(web.signing_secret or "", meeting.id, recipient, action, version, at)
        return action_url(web.public_base_url, token)

    return ActionLinks(url(Action.CONFIRM), url(Action.CANCEL), url(Action.CHANGE_DATE))


def meeting_links(
    web: WebLinks, meeting: MeetingSnapshot, *, recipient: str | None = None, at: datetime | None = None
) -> MeetingLinks:
    """The page and the .ics of ``meeting``; with ``recipient`` and ``at``, its signed action links."""
    actions = action_links(web, meeting, recipient, at) if recipient and at is not None else None
    base = web.public_base_url
    return MeetingLinks(meeting_url(base, meeting.id), meeting_ics_url(base, meeting.id), actions)


def web_links(web: WebSettings) -> WebLinks | None:
    """The web interface as the digests link to it; None without a public address. The secret is
    read here, when a component is built, so that a rotated one is used after a reload."""
    if not web.public_base_url:
        return None
    secret = web.resolve_secret()
    return WebLinks(web.public_base_url, secret.get_secret_value() if secret is not None else None)
