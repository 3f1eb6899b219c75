"""`listminder web-token NAME [--rotate]`: a private list's token and the URLs that carry it."""

from __future__ import annotations

import secrets

from bot.config import Settings
from bot.errors import ListminderError
from bot.store import open_store

# 32 URL-safe characters (192 bits): guessed by no one, short enough to paste.
TOKEN_BYTES = 24


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def site_base(settings: Settings) -> str:
    """Where the pages are reached: the public base URL when set, the component's own address else."""
    web = settings.web
    if web.base_url:
        return web.base_url
    host = f"[{web.host}]" if ":" in web.host else web.host
    return f"http://{host}:{web.port}"


async def list_token_lines(settings: Settings, name: str, *, rotate: bool) -> list[str]:
    item = settings.list_named(name)
    if item is None:
        known = ", ".join(i.name for i in settings.lists) or "none"
        raise ListminderError(f"no list {name!r} in the config (lists: {known})")
    async with open_store(settings.store) as store:
        token = None if rotate else await store.list_token(name)
        if token is None:
            token = new_token()
            await store.set_list_token(name, token)
    base = site_base(settings)
    lines = [
        f"token     {token}",
        f"page      {base}/lists/{name}/?token={token}",
        f"feed      {base}/lists/{name}/meetings.ics?token={token}",
        f"subscribe {base.replace('https://', 'webcal://').replace('http://', 'webcal://')}"
        f"/lists/{name}/meetings.ics?token={token}",
    ]
    if rotate:
        lines.append("the previous token no longer works: give the new links to the list's members")
    if not item.private:
        lines.append(f"note: list {name!r} is not private (private = true): its pages need no token")
    return lines
