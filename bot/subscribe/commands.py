"""`listminder subscribe` and `unsubscribe`: the request sent through the outbound transport, by way of
the outbox, and recorded as pending until the list server's confirmation request is answered."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock, now
from bot.config import ListSettings, Settings
from bot.digest.send import Sender, transport_for
from bot.errors import ListminderError
from bot.store import MembershipRequest, OutboxKey, Store, open_store
from bot.subscribe.requests import Action, ManualSteps, Request, request_for, request_message


async def request_membership(settings: Settings, list_name: str, action: Action, clock: Clock = now) -> str:
    """Ask the list's server to add (or remove) the bot's address; what happened, to print."""
    chosen = _configured(settings, list_name)
    member = settings.outbound.from_address
    found = request_for(chosen, action, member)
    if isinstance(found, ManualSteps):
        return found.text
    at = clock()
    async with open_store(settings.store) as store:
        return await _send(settings, store, _record(chosen, action, member, found, at), found, at)


def _configured(settings: Settings, list_name: str) -> ListSettings:
    chosen = settings.list_named(list_name)
    if chosen is None:
        names = ", ".join(item.name for item in settings.lists) or "none"
        raise ListminderError(f"no list named {list_name!r} (lists: {names})")
    return chosen


def _record(
    chosen: ListSettings, action: Action, member: str, request: Request, at: datetime
) -> MembershipRequest:
    # Each request has its own key (to the second): an admin may ask again after one got lost.
    key = OutboxKey(chosen.name, action, at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return MembershipRequest(
        list_name=chosen.name,
        action=action,
        server=chosen.server,
        member=member,
        request_address=request.to,
        outbox_key=key,
        requested_at=at,
    )


async def _send(
    settings: Settings, store: Store, record: MembershipRequest, request: Request, at: datetime
) -> str:
    key = record.outbox_key
    raw = request_message(request, member=record.member, key=key, at=at).as_bytes()
    if not await store.request_membership(record, raw):
        return f"Not sent again: {key} is already in the outbox."
    claim = timedelta(seconds=settings.daemon.send_claim_s)
    sender = Sender(store, transport_for(settings.outbound), record.member, lease=claim)
    outcome = await sender.deliver_key(key)
    if outcome == "sent":
        return (
            f"Sent {request.subject!r} from {record.member} to {request.to}; "
            f"{record.action} pending until the list server's confirmation request is answered."
        )
    item = await store.outbox_item(key)
    error = item.last_error if item is not None else None
    if outcome == "failed":
        raise ListminderError(f"the {record.action} request to {request.to} was refused: {error}")
    queued = f"Queued the {record.action} request to {request.to}"
    return f"{queued}; not delivered yet ({error}); the daemon will retry."
