"""The pages over real HTTP: the seed's list page, a meeting's story, the past page, 404s, headers."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from bot.config import ListSettings
from bot.store import Store
from bot.web.http import CONTENT_SECURITY_POLICY
from bot.web.pages import Pages, web_templates_dir
from tests.cli import REPO
from tests.web.conftest import MMWG, StartWeb, ingest_files


def seed(shared_dir: Path, *names: str) -> list[Path]:
    return [shared_dir / "seed" / name for name in names]


async def test_the_list_page_shows_the_seed_meetings_tentative_with_their_confirm_by_date(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await ingest_files(store, [MMWG], *seed(shared_dir, "mmwg-1-announce.eml"))
    web = await start_web()
    page = await web.text("/lists/mmwg/")
    assert "MAG meeting" in page
    assert "Open consultations" in page or "open consultations" in page.lower()
    assert page.count('class="badge tentative"') == 2
    assert page.count("Confirmation expected by Sun 31 Dec 2006") == 2
    assert "Mon 12 Feb 2007" in page and "Tue 13 Feb 2007" in page
    assert f'href="webcal://127.0.0.1:{web.server.port}/lists/mmwg/meetings.ics"' in page


async def test_every_answer_carries_a_strict_content_security_policy(
    store: Store, start_web: StartWeb
) -> None:
    web = await start_web()
    for path in ("/", "/lists/mmwg/", "/nowhere"):
        _, headers, _ = await web.get(path)
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "script-src" not in headers["Content-Security-Policy"]
        assert "default-src 'none'" in headers["Content-Security-Policy"]


async def test_a_meeting_page_tells_its_story_with_the_messages_that_made_it(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    files = seed(shared_dir, "mmwg-1-announce.eml", "mmwg-2-reply.eml", "mmwg-3-confirmed.eml")
    await ingest_files(store, [MMWG], *files)
    [mag] = [m for m in await store.meetings(list_name="mmwg") if "MAG" in m.title]
    web = await start_web(now=datetime(2007, 2, 1, tzinfo=UTC))
    page = await web.text(f"/meetings/{mag.id}")
    assert 'class="event created"' in page
    assert 'class="event confirmed"' in page
    assert page.index('class="event created"') < page.index('class="event confirmed"')
    assert "IGF stock taking in Geneva in February" in page
    assert "avri@acm.org" in page
    # The sentence that announced it, read again from the kept message.
    assert "tentatively meet on 12 Febraury" in page
    assert "https://lists.example.org/archives/mmwg/seed-announce-0001@acm.org" in page
    # Not a public list: the messages' text is not on the page.
    assert "The open\nconsultations will include translation" not in page


async def test_a_public_list_shows_the_messages_text(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    public = MMWG.model_copy(update={"public": True})
    await ingest_files(store, [public], *seed(shared_dir, "mmwg-1-announce.eml"))
    [mag] = [m for m in await store.meetings(list_name="mmwg") if "MAG" in m.title]
    web = await start_web(public)
    page = await web.text(f"/meetings/{mag.id}")
    assert "will include translation into the 6 UN languages" in page


async def test_an_admins_correction_is_told_with_who_made_it(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await ingest_files(store, [MMWG], *seed(shared_dir, "mmwg-1-announce.eml"))
    [mag] = [m for m in await store.meetings(list_name="mmwg") if "MAG" in m.title]
    await store.correct(
        mag.id, {"status": __import__("bot.meeting").meeting.MeetingStatus.CANCELLED}, actor="admin carol"
    )
    web = await start_web()
    page = await web.text(f"/meetings/{mag.id}")
    assert 'class="event cancelled"' in page
    assert "by admin carol" in page
    listing = await web.text("/lists/mmwg/")
    assert 'class="meeting cancelled' in listing


async def test_past_meetings_are_on_the_past_page_only(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    await ingest_files(store, [MMWG], *seed(shared_dir, "mmwg-1-announce.eml"))
    web = await start_web(now=datetime(2007, 3, 1, tzinfo=UTC))
    assert "MAG meeting" not in await web.text("/lists/mmwg/")
    assert "MAG meeting" in await web.text("/lists/mmwg/past")


async def test_unknown_lists_and_meetings_are_404(store: Store, start_web: StartWeb) -> None:
    web = await start_web()
    for path in ("/lists/nope/", "/meetings/999", "/meetings/999.ics", "/lists/nope/meetings.ics"):
        status, _, _ = await web.get(path)
        assert status == 404, path


async def test_the_index_names_every_list_but_private_ones(store: Store, start_web: StartWeb) -> None:
    secret = ListSettings(name="board", address="board@example.org", private=True)
    web = await start_web(MMWG, secret)
    page = await web.text("/")
    assert "/lists/mmwg/" in page
    assert "board" not in page


async def test_a_french_lists_pages_speak_french_where_the_digests_have_the_words(
    store: Store, start_web: StartWeb
) -> None:
    french = MMWG.model_copy(update={"language": "fr"})
    await ingest_files(store, [french], REPO / "tests" / "fixtures" / "seed-fr" / "mmwg-1-announce.eml")
    web = await start_web(french)
    page = await web.text("/lists/mmwg/")
    assert '<html lang="fr">' in page
    assert "Réunions de la liste mmwg" in page and "Heures du fuseau Europe/Zurich." in page
    assert "Confirmation attendue d'ici le dimanche 31 décembre 2006" in page.replace("&#39;", "'")
    assert "provisoire" in page


async def test_the_server_reads_its_pages_before_the_first_request_so_no_request_reads_a_file(
    store: Store, start_web: StartWeb, tmp_path: Path
) -> None:
    web = await start_web()
    assert set(web.server.site.pages.assets) == {"style.css", "favicon.svg"}
    folder = shutil.copytree(web_templates_dir(), tmp_path / "web")
    pages = Pages(folder)
    pages.load()
    shutil.rmtree(folder)
    assert "There is nothing here" in pages.render("error.html.j2", "fr", {"status": 404})
    assert pages.assets["style.css"] == (web_templates_dir() / "style.css").read_bytes()
