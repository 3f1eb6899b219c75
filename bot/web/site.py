"""The routes: each handler reads the store, builds plain values (bot.web.views) and renders a page
(bot.web.pages) or a calendar (bot.web.feed). Nothing here changes the store on a GET."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from bot import clock
from bot.clock import Clock
from bot.config import DEFAULT_FROM_ADDRESS, ListSettings, WebSettings
from bot.digest.language import words_in
from bot.health import Health, judge, read_beat
from bot.store import Store
from bot.store.records import HistoryEntry, Meeting
from bot.web import feed
from bot.web.actions import Actions
from bot.web.http import not_modified, security_headers, validators
from bot.web.messages import StoryMessage, story_message
from bot.web.metrics import CONTENT_TYPE, Metrics
from bot.web.pages import Pages
from bot.web.views import created_summary, meeting_row, split_by_time, story

CALENDAR_TYPE = "text/calendar"


@dataclass(frozen=True)
class SiteParts:
    """What the site is built from: its own settings, the lists, and the daemon's shared parts."""

    settings: WebSettings
    lists: tuple[ListSettings, ...]
    store: Store
    heartbeat_file: Path
    # The status board's components and per-list states, as the heartbeat writes them.
    components: Callable[[], dict[str, dict[str, Any]]]
    list_states: Callable[[], dict[str, dict[str, Any]]]
    # The bot's from address: the ORGANIZER of every calendar event.
    organizer: str = DEFAULT_FROM_ADDRESS
    # What "now" is for the pages (upcoming or past, overdue): the daemon's clock, a test's fixed time.
    now: Clock = clock.now
    # This daemon's id, as its list leases name it (/metrics says which daemon answered and, with
    # SQLite, owns every list).
    daemon_id: str = ""
    # What the listener turned away since the daemon started, by reason (the status board's counts).
    refusals: Callable[[], dict[str, int]] = dict


class Site:
    def __init__(self, parts: SiteParts) -> None:
        self.parts = parts
        self.store = parts.store
        self.lists = {item.name: item for item in parts.lists}
        self.pages = Pages()
        self.metrics = Metrics()
        self.bodies = feed.BodyCache()
        self.actions = Actions(parts.settings, self.lists, parts.store, self.pages, parts.now)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[security_headers])
        app.on_startup.append(self._load_pages)
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/style.css", self.style),
                web.get("/favicon.svg", self.icon),
                web.get("/favicon.ico", self.icon),
                web.get("/lists/{name}/", self.upcoming),
                web.get("/lists/{name}", self.to_slash),
                web.get("/lists/{name}/past", self.past),
                web.get("/lists/{name}/meetings.ics", self.list_feed),
                web.get(r"/meetings/{id:\d+}", self.meeting),
                web.get(r"/meetings/{id:\d+}.ics", self.meeting_feed),
                web.get("/healthz", self.healthz),
                web.get("/metrics", self.metrics_page),
                *self.actions.routes(),
            ]
        )
        return app

    async def _load_pages(self, app: web.Application) -> None:
        await asyncio.to_thread(self.pages.load)

    # --- access ---------------------------------------------------------------------------------

    async def _list(self, request: web.Request, name: str) -> ListSettings:
        """The list, if it is configured and the request may see it: a private list's pages need its
        token, and without it they do not exist (404, as for a list that is not there)."""
        item = self.lists.get(name)
        if item is None:
            raise self._not_found(request)
        if item.private:
            token = await self.store.list_token(name)
            given = request.query.get("token", "")
            if token is None or not hmac.compare_digest(token.encode(), given.encode()):
                raise self._not_found(request)
        return item

    def _not_found(self, request: web.Request) -> web.HTTPNotFound:
        return web.HTTPNotFound(text=self.pages.render("error.html.j2", "en", {"status": 404}),
                                content_type="text/html")  # fmt: skip

    async def _meeting(self, request: web.Request) -> tuple[Meeting, ListSettings]:
        try:
            meeting = await self.store.meeting(int(request.match_info["id"]))
        except (ValueError, OverflowError):
            meeting = None
        if meeting is None:
            raise self._not_found(request)
        return meeting, await self._list(request, meeting.list_name)

    # --- pages ----------------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        shown = [item for item in self.parts.lists if not item.private]
        return self._html(self.pages.render("index.html.j2", "en", {"lists": shown}))

    async def style(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.pages.assets["style.css"],
            content_type="text/css",
            headers={"Cache-Control": "max-age=3600"},
        )

    async def icon(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.pages.assets["favicon.svg"],
            content_type="image/svg+xml",
            headers={"Cache-Control": "max-age=86400"},
        )

    async def to_slash(self, request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(location=f"{request.path}/?{request.query_string}".rstrip("?"))

    async def upcoming(self, request: web.Request) -> web.Response:
        return await self._list_page(request, past=False)

    async def past(self, request: web.Request) -> web.Response:
        return await self._list_page(request, past=True)

    async def _list_page(self, request: web.Request, *, past: bool) -> web.Response:
        item = await self._list(request, request.match_info["name"])
        zone, words, now = ZoneInfo(item.timezone), words_in(item.language), self.parts.now()
        today = now.astimezone(zone).date()
        upcoming, gone = split_by_time(await self.store.meetings(list_name=item.name), now, zone)
        rows = [meeting_row(m, zone, words, today) for m in (gone if past else upcoming)]
        context = {
            "list": item,
            "rows": rows,
            "past": past,
            "token": request.query.get("token") if item.private else None,
            "time_zone": item.timezone,
            "webcal": self._webcal(request, item),
        }
        return self._html(self.pages.render("list.html.j2", item.language, context))

    def _webcal(self, request: web.Request, item: ListSettings) -> str:
        """The feed as a webcal:// address, which calendar apps open as a subscription."""
        base = self.parts.settings.base_url or f"{request.scheme}://{request.host}"
        token = request.query.get("token") if item.private else None
        query = f"?{urlencode({'token': token})}" if token else ""
        return f"webcal://{base.split('://', 1)[1]}/lists/{item.name}/meetings.ics{query}"

    async def meeting(self, request: web.Request) -> web.Response:
        meeting, item = await self._meeting(request)
        zone, words = ZoneInfo(item.timezone), words_in(item.language)
        today = self.parts.now().astimezone(zone).date()
        history = await self.store.history(meeting.id)
        events = story(history)
        messages = await self._story_messages(item, meeting, history)
        context = {
            "list": item,
            "row": meeting_row(meeting, zone, words, today),
            "meeting": meeting,
            "events": events,
            "created": {e.sequence: created_summary(e, history) for e in events if e.kind == "created"},
            "messages": messages,
            "token": request.query.get("token") if item.private else None,
            "time_zone": item.timezone,
        }
        return self._html(self.pages.render("meeting.html.j2", item.language, context))

    async def _story_messages(
        self, item: ListSettings, meeting: Meeting, history: Sequence[HistoryEntry]
    ) -> dict[str, StoryMessage]:
        keys = {e.message_key for e in history if e.message_key is not None}
        if not keys:
            return {}
        stored = await self.store.messages_with_keys(item.name, keys)
        days = frozenset({meeting.when.first_day, *_days_named(history)})
        # Parsing and detection are CPU work: off the event loop.
        return await asyncio.to_thread(
            lambda: {key: story_message(found.raw, key, item, days) for key, found in stored.items()}
        )

    # --- calendars ------------------------------------------------------------------------------

    async def list_feed(self, request: web.Request) -> web.StreamResponse:
        item = await self._list(request, request.match_info["name"])
        now = self.parts.now()
        today = now.astimezone(ZoneInfo(item.timezone)).date()
        spec = self._feed_spec(item)
        start_from, cancelled_since = feed.window(today, now, spec.cancelled_retention_days)
        # The validator comes from one aggregate query: an unchanged feed is answered without reading
        # its meetings, and a memoised body without writing the calendar.
        count, latest, sequences, top = await self.store.meetings_fingerprint(
            list_name=item.name, start_from=start_from, cancelled_since=cancelled_since
        )
        tag = feed.feed_tag(spec, today, (count, latest, sequences, top))

        async def body() -> bytes:
            meetings = await self.store.feed_meetings(
                list_name=item.name, start_from=start_from, cancelled_since=cancelled_since
            )
            # A thousand events take a good part of a second to write: off the event loop.
            return await asyncio.to_thread(feed.feed_body, spec, meetings, now)

        return await self._calendar(request, f"list:{item.name}", tag, latest, body)

    async def meeting_feed(self, request: web.Request) -> web.StreamResponse:
        meeting, item = await self._meeting(request)
        now = self.parts.now()
        today = now.astimezone(ZoneInfo(item.timezone)).date()
        spec = self._feed_spec(item)
        tag = feed.feed_tag(spec, today, feed.meeting_state(meeting))

        async def body() -> bytes:
            # The event's DESCRIPTION quotes the sentence the store keeps with the meeting, as the feed's.
            return feed.one_meeting_body(spec, meeting, now)

        return await self._calendar(request, f"meeting:{meeting.id}", tag, meeting.updated_at, body)

    async def _calendar(
        self,
        request: web.Request,
        key: str,
        tag: str,
        modified: datetime | None,
        write: Callable[[], Awaitable[bytes]],
    ) -> web.StreamResponse:
        headers = validators(tag, modified)
        if not_modified(request, tag, modified):
            return web.Response(status=304, headers=headers)
        body = self.bodies.get(key, tag)
        if body is None:
            body = await write()
            self.bodies.put(key, tag, body)
        return web.Response(body=body, headers=headers, content_type=CALENDAR_TYPE, charset="utf-8")

    def _feed_spec(self, item: ListSettings) -> feed.FeedSpec:
        web = self.parts.settings
        return feed.FeedSpec(
            list_name=item.name,
            time_zone=item.timezone,
            language=item.language,
            cancelled_retention_days=web.cancelled_retention_days,
            refresh_minutes=web.feed_refresh_minutes,
            organizer=self.parts.organizer,
            default_length_min=item.default_length_min,
            public_base_url=web.base_url,
        )

    # --- the daemon's state ---------------------------------------------------------------------

    async def healthz(self, request: web.Request) -> web.Response:
        health = await self.health()
        text = f"{'healthy' if health.healthy else 'UNHEALTHY'}: {health.reason}\n"
        return web.Response(status=200 if health.healthy else 503, text=text)

    async def health(self) -> Health:
        """The verdict of `listminder status`: judged from the heartbeat the daemon writes."""
        beat = await asyncio.to_thread(read_beat, self.parts.heartbeat_file)
        return judge(beat, clock.now().astimezone())

    async def metrics_page(self, request: web.Request) -> web.Response:
        owners = await self.owners()
        body = await self.metrics.exposition(
            self.store,
            self.parts.components(),
            self.parts.list_states(),
            self.parts.daemon_id,
            owners,
            self.parts.refusals(),
        )
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    async def owners(self) -> dict[str, str | None]:
        """The daemon that owns each configured list now, None for a list whose lease ran out or was
        never taken: on a shared store from the lease table as it stands (the daemon's own view of its
        leases may lag a renewal behind), with SQLite this daemon for every list."""
        names = sorted(self.lists)
        if self.store.engine.dialect.name == "sqlite":
            return dict.fromkeys(names, self.parts.daemon_id)
        # Leases expire in real time, whatever clock the pages are shown at.
        at = clock.now()
        current = {
            lease.list_name: lease.owner for lease in await self.store.leases() if lease.expires_at > at
        }
        return {name: current.get(name) for name in names}

    def _html(self, text: str) -> web.Response:
        return web.Response(text=text, content_type="text/html", charset="utf-8")


def _days_named(history: Sequence[HistoryEntry]) -> set[date]:
    """The days a meeting's history names (where it was before a move), to find a message's sentence."""
    found = set()
    for entry in history:
        for value in (entry.old, entry.new):
            if entry.field == "start" and value:
                try:
                    found.add(date.fromisoformat(value[:10]))
                except ValueError:
                    continue
    return found
