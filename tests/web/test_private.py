"""Private lists: their pages and feeds need the list's token (`listminder web-token NAME`), shown by
the command and replaced by --rotate; without it, or with a wrong or old one, they are not found."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import ListSettings, Settings, StoreSettings
from bot.store import Store
from bot.web.tokens import list_token_lines
from tests.cli import run_cli
from tests.web.conftest import MMWG, StartWeb, ingest_files

BOARD = MMWG.model_copy(update={"private": True})


def settings(store: Store, *lists: ListSettings) -> Settings:
    return Settings(store=StoreSettings(url=str(store.engine.url)), lists=list(lists))


def token_of(lines: list[str]) -> str:
    found = re.search(r"^token +(\S+)$", "\n".join(lines), re.M)
    assert found is not None, lines
    return found[1]


async def test_a_private_lists_pages_and_feeds_need_its_token(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await ingest_files(store, [BOARD], shared_dir / "seed" / "mmwg-1-announce.eml")
    [meeting, *_] = await store.meetings()
    token = token_of(await list_token_lines(settings(store, BOARD), "mmwg", rotate=False))
    web = await start_web(BOARD)
    paths = ["/lists/mmwg/", "/lists/mmwg/past", "/lists/mmwg/meetings.ics", f"/meetings/{meeting.id}",
             f"/meetings/{meeting.id}.ics"]  # fmt: skip
    for path in paths:
        assert (await web.get(path))[0] == 404, path
        assert (await web.get(f"{path}?token=wrong{token}"))[0] == 404, path
        assert (await web.get(f"{path}?token={token}"))[0] == 200, path
    # The page's own links keep the token, so that a reader can go on from it.
    page = await web.text(f"/lists/mmwg/?token={token}")
    assert f"/meetings/{meeting.id}?token={token}" in page
    assert f"/lists/mmwg/meetings.ics?token={token}" in page


async def test_the_command_shows_the_same_token_until_it_is_rotated(
    store: Store, start_web: StartWeb
) -> None:
    config = settings(store, BOARD)
    first = token_of(await list_token_lines(config, "mmwg", rotate=False))
    assert token_of(await list_token_lines(config, "mmwg", rotate=False)) == first
    rotated = await list_token_lines(config, "mmwg", rotate=True)
    second = token_of(rotated)
    assert second != first
    assert any("previous token no longer works" in line for line in rotated)
    web = await start_web(BOARD)
    assert (await web.get(f"/lists/mmwg/?token={first}"))[0] == 404
    assert (await web.get(f"/lists/mmwg/?token={second}"))[0] == 200


async def test_a_list_that_is_not_private_needs_no_token(store: Store, start_web: StartWeb) -> None:
    lines = await list_token_lines(settings(store, MMWG), "mmwg", rotate=False)
    assert any("is not private" in line for line in lines)
    web = await start_web(MMWG)
    assert (await web.get("/lists/mmwg/"))[0] == 200


def test_listminder_web_token_prints_the_feed_url_with_the_token(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{tmp_path}/store.db"\n[web]\npublic_base_url = "https://lists.example.org/m"\n'
        '[[lists]]\nname = "board"\naddress = "board@example.org"\nprivate = true\n',
        encoding="utf-8",
    )
    shown = run_cli("web-token", "board", "--config", str(config))
    assert shown.returncode == 0, shown.stderr
    token = token_of(shown.stdout.splitlines())
    assert f"https://lists.example.org/m/lists/board/meetings.ics?token={token}" in shown.stdout
    assert f"webcal://lists.example.org/m/lists/board/meetings.ics?token={token}" in shown.stdout
    again = run_cli("web-token", "board", "--rotate", "--config", str(config))
    assert again.returncode == 0 and token_of(again.stdout.splitlines()) != token
    unknown = run_cli("web-token", "nope", "--config", str(config))
    assert unknown.returncode == 1 and "no list 'nope'" in unknown.stderr
