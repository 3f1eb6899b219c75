"""Signed action links: the "Confirm", "Cancel" and "Change the date" links of a confirmation-pending
digest, each made for one meeting, one recipient and one action.

A token carries its claim in the clear (meeting, recipient, action, the meeting's version when the link
was made, when it was made) and an HMAC over it, so the web side needs no table of issued links: the
signature says the bot made it, ``issued_at`` says whether it is still in time, and the version says
whether the meeting changed since. Signing is itsdangerous' (Pallets): a well-kept, small library whose
serialiser does the URL-safe encoding and the constant-time comparison we would otherwise write by hand.

Pure: the clock is an argument, nothing is read from the environment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from bot.errors import ExpiredLink, StaleLink, TamperedLink
from bot.meeting import MeetingDetails

# Keys made for another purpose from the same secret sign nothing valid here.
_SALT = "listminder.action-link.v1"
_VERSION_LENGTH = 16


class Action(StrEnum):
    CONFIRM = "confirm"
    CANCEL = "cancel"
    CHANGE_DATE = "change-date"


@dataclass(frozen=True, slots=True)
class ActionClaim:
    """What a genuine token says: who may do what to which meeting, as the meeting was then."""

    meeting_id: int
    recipient: str
    action: Action
    version: str
    issued_at: datetime


def meeting_version(details: MeetingDetails) -> str:
    """A short digest of what an organiser's decision is about: the date and time, the status and the
    title. A link made before any of them changed is stale. The place and the confirm-by day are left
    out: a venue named later does not undo the decision to confirm the date."""
    when = details.when
    parts = (when.start_iso, when.end_iso or "", when.time_zone or "", details.status.value, details.title)
    text = "\x1f".join(parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_VERSION_LENGTH]


def _serializer(secret: str | bytes) -> URLSafeSerializer:
    if not secret:
        raise ValueError("an action link needs a non-empty signing secret")
    return URLSafeSerializer(secret, salt=_SALT, signer_kwargs={"digest_method": hashlib.sha256})


def make_action_token(
    secret: str | bytes,
    meeting_id: int,
    recipient: str,
    action: Action,
    version: str,
    issued_at: datetime,
) -> str:
    """A URL-safe token for ``recipient`` to apply ``action`` to the meeting as it is at ``version``."""
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be an aware datetime")
    payload = {
        "m": meeting_id,
        "r": recipient,
        "a": Action(action).value,
        "v": version,
        "t": int(issued_at.timestamp()),
    }
    return str(_serializer(secret).dumps(payload))


def _claim(payload: Any) -> ActionClaim:
    """The claim of a payload whose signature held; one we did not write is treated as tampered (a
    leaked secret is the only way to get there)."""
    try:
        meeting_id, recipient, action = payload["m"], payload["r"], Action(payload["a"])
        version, stamp = payload["v"], payload["t"]
    except (TypeError, KeyError, ValueError) as exc:
        raise TamperedLink("the link does not say what to do") from exc
    types_ok = isinstance(meeting_id, int) and isinstance(recipient, str) and isinstance(version, str)
    if not types_ok or not isinstance(stamp, int) or isinstance(stamp, bool):
        raise TamperedLink("the link does not say what to do")
    issued_at = datetime.fromtimestamp(stamp, UTC)
    return ActionClaim(meeting_id, recipient, action, version, issued_at)


def read_action_token(secret: str | bytes, token: str, now: datetime, max_age_s: float) -> ActionClaim:
    """The claim of a token made with ``secret``, at most ``max_age_s`` seconds before ``now``.

    Raises TamperedLink when the signature does not hold (another secret, an altered or cut token) and
    ExpiredLink when it is too old. Staleness is the caller's check (``is_stale``), since it needs the
    meeting as it is now."""
    try:
        payload = _serializer(secret).loads(token)
    except BadSignature as exc:
        raise TamperedLink("the link's signature does not match") from exc
    claim = _claim(payload)
    age_s = (now - claim.issued_at).total_seconds()
    if age_s > max_age_s:
        raise ExpiredLink(f"the link was made {int(age_s // 86400)} days ago")
    return claim


def is_stale(claim: ActionClaim, current_version: str) -> bool:
    """The meeting changed after the link was made."""
    return claim.version != current_version


def check_fresh(claim: ActionClaim, current_version: str) -> None:
    """Raises StaleLink when the meeting changed after the link was made."""
    if is_stale(claim, current_version):
        raise StaleLink("the meeting changed after this link was made")


def action_url(base_url: str, token: str) -> str:
    """``{base_url}/act/{token}``: the page that shows the meeting and the button (a GET changes
    nothing)."""
    return f"{base_url.rstrip('/')}/act/{token}"
