"""Organisers' links from the pending digest: ``GET /act/{token}`` shows the meeting and one button,
and changes nothing (mail scanners follow links); ``POST /act/{token}`` applies the action through the
same path as `listminder meeting confirm|cancel|edit`, kept in the history as done by the link's
recipient "via the pending digest". A tampered, expired or stale link gets a page that says so and
changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.config import ListSettings, WebSettings
from bot.digest.language import words_in
from bot.errors import ActionLinkError, ExpiredLink, ListminderError, StaleLink, TamperedLink
from bot.signed_links import Action, ActionClaim, check_fresh, meeting_version, read_action_token
from bot.store import Store
from bot.store.corrections import Edits, apply_correction
from bot.store.records import Meeting
from bot.web.pages import Pages
from bot.web.views import meeting_row

VIA = "via the pending digest"
# The answer to each kind of unusable link: a status and what the page says.
_REFUSALS: dict[type[ActionLinkError], tuple[int, str]] = {
    TamperedLink: (
        400,
        "This link is not valid: it was changed or cut short. Open it again from the digest.",
    ),
    ExpiredLink: (410, "This link has expired. The next confirmation-pending digest brings new links."),
    StaleLink: (
        409,
        "The meeting changed after this link was sent, so the link no longer applies. "
        "See the meeting as it is now; the next digest brings new links.",
    ),
}
_DONE = {Action.CONFIRM: "confirmed", Action.CANCEL: "cancelled", Action.CHANGE_DATE: "moved"}


@dataclass(frozen=True, slots=True)
class Linked:
    claim: ActionClaim
    meeting: Meeting
    item: ListSettings


class Actions:
    def __init__(
        self,
        settings: WebSettings,
        lists: dict[str, ListSettings],
        store: Store,
        pages: Pages,
        now: Callable[[], datetime],
    ) -> None:
        self.settings, self.lists, self.store, self.pages, self.now = settings, lists, store, pages, now

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/act/{token}", self.show), web.post("/act/{token}", self.apply)]

    async def show(self, request: web.Request) -> web.Response:
        linked = await self._linked(request)
        return await self._page(linked, 200)

    async def apply(self, request: web.Request) -> web.Response:
        linked = await self._linked(request)
        edits = Edits()
        if linked.claim.action is Action.CHANGE_DATE:
            form = await request.post()
            day, time = str(form.get("day", "")).strip(), str(form.get("time", "")).strip()
            if not day:
                return await self._page(linked, 400, problem="Give the new date.")
            edits = Edits(start=f"{day}T{time}" if time else day)
        action = {Action.CONFIRM: "confirm", Action.CANCEL: "cancel", Action.CHANGE_DATE: "edit"}
        try:
            meeting, _ = await apply_correction(
                self.store,
                str(linked.meeting.id),
                action[linked.claim.action],
                edits,
                lists=list(self.lists.values()),
                actor=f"{linked.claim.recipient} {VIA}",
            )
        except ListminderError as exc:
            return await self._page(linked, 400, problem=str(exc))
        done = Linked(linked.claim, meeting, linked.item)
        return await self._page(done, 200, done=_DONE[linked.claim.action])

    async def _linked(self, request: web.Request) -> Linked:
        secret = self.settings.resolve_secret()
        if secret is None or not secret.get_secret_value():
            raise self._refusal(404, "Organisers' links are not enabled on this server.")
        max_age_s = timedelta(days=self.settings.link_expiry_days).total_seconds()
        try:
            claim = read_action_token(
                secret.get_secret_value(), request.match_info["token"], self.now(), max_age_s
            )
        except ActionLinkError as exc:
            raise self._refused(exc) from exc
        meeting = await self.store.meeting(claim.meeting_id)
        item = self.lists.get(meeting.list_name) if meeting is not None else None
        if meeting is None or item is None:
            raise self._refusal(404, "This meeting is no longer known.")
        try:
            check_fresh(claim, meeting_version(meeting.details))
        except StaleLink as exc:
            raise self._refused(exc, meeting) from exc
        return Linked(claim, meeting, item)

    def _refused(self, error: ActionLinkError, meeting: Meeting | None = None) -> web.HTTPException:
        status, text = _REFUSALS.get(type(error), (400, "This link cannot be used."))
        return self._refusal(status, text, meeting)

    def _refusal(self, status: int, text: str, meeting: Meeting | None = None) -> web.HTTPException:
        body = self.pages.render(
            "refused.html.j2", "en", {"message": text, "meeting": meeting, "status": status}
        )
        error = web.HTTPException(text=body, content_type="text/html")
        error.set_status(status)
        return error

    async def _page(
        self, linked: Linked, status: int, *, problem: str | None = None, done: str | None = None
    ) -> web.Response:
        item, meeting = linked.item, linked.meeting
        zone = ZoneInfo(item.timezone)
        today = self.now().astimezone(zone).date()
        context = {
            "list": item,
            "meeting": meeting,
            "row": meeting_row(meeting, zone, words_in(item.language), today),
            "action": linked.claim.action.value,
            "recipient": linked.claim.recipient,
            "problem": problem,
            "done": done,
            # A private list's meeting page is reached with its token only.
            "token": await self.store.list_token(item.name) if item.private else None,
        }
        text = self.pages.render("act.html.j2", item.language, context)
        return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")
