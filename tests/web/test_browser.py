"""The pages in a real headless browser (Debian's chromium through its chromedriver, with Selenium) at
a phone's width and a desktop's: the content is there, nothing overflows the phone's screen, and the
browser's console has no error (a Content-Security-Policy violation would be one).

Screenshots go to the test's folder; with WEB_SCREENSHOTS_DIR set (``WEB_SCREENSHOTS_DIR=docs``) they
are written there too, for the README."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from bot.config import WebSettings
from bot.signed_links import Action, make_action_token, meeting_version
from bot.store import Store
from tests.conftest import in_ci
from tests.web.conftest import BEFORE_CONFIRMATION, MMWG, StartWeb, ingest_files

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTHS = {"phone": (390, 1100), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = "chromium and chromium-driver are needed (ci/apt-packages.txt)"
        if in_ci():
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        pytest.fail(f"chromium did not start: {exc.msg}")
    yield driver
    driver.quit()


def look(driver: webdriver.Chrome, url: str, width: int, height: int, shot: Path) -> dict[str, Any]:
    """Blocking: run in a thread, so that the server in the test's event loop can answer."""
    driver.set_window_size(width, height)
    driver.get_log("browser")  # type: ignore[no-untyped-call]  # what earlier pages logged
    driver.get(url)
    driver.save_screenshot(str(shot))
    return {
        "console": [
            entry
            for entry in driver.get_log("browser")  # type: ignore[no-untyped-call]
            if entry.get("level") == "SEVERE"
        ],
        "text": driver.find_element(By.TAG_NAME, "main").text,
        "overflow": driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        ),
        "struck": [
            element.value_of_css_property("text-decoration-line")
            for element in driver.find_elements(By.CSS_SELECTOR, ".meeting.cancelled .title")
        ],
    }


def keep(shot: Path) -> None:
    wanted = os.environ.get("WEB_SCREENSHOTS_DIR")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(wanted) / shot.name)


async def test_the_pages_read_well_on_a_phone_and_a_desktop_with_no_console_error(
    store: Store, start_web: StartWeb, browser: webdriver.Chrome, shared_dir: Path, tmp_path: Path
) -> None:
    seed = shared_dir / "seed"
    await ingest_files(store, [MMWG], seed / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    before = await start_web()
    list_words = ["MAG meeting", "Confirmation expected by Sun 31 Dec 2006", "TENTATIVE"]
    await look_at_every_width(browser, before.base + "/lists/mmwg/", "list", list_words, tmp_path)
    # The organiser's confirmation arrives: the meeting's page tells both events of its story.
    await ingest_files(store, [MMWG], seed / "mmwg-2-reply.eml", seed / "mmwg-3-confirmed.eml")
    after = await start_web(now=datetime(2007, 2, 5, 8, tzinfo=UTC))
    meeting_words = ["MAG meeting", "Its story", "Created", "Confirmed", "Palais des Nations"]
    await look_at_every_width(browser, after.base + f"/meetings/{mag.id}", "meeting", meeting_words, tmp_path)


async def look_at_every_width(
    browser: webdriver.Chrome, url: str, name: str, wanted: list[str], folder: Path
) -> None:
    for device, (width, height) in WIDTHS.items():
        shot = folder / f"web-{name}-{device}.png"
        seen = await asyncio.to_thread(look, browser, url, width, height, shot)
        assert seen["console"] == [], (name, device, seen["console"])
        for words in wanted:
            assert words.lower() in seen["text"].lower(), (name, device, words)
        assert seen["overflow"] <= 0, (name, device, seen["overflow"])
        assert shot.stat().st_size > 1000
        keep(shot)


async def test_an_organisers_link_shows_the_meeting_and_its_button(
    store: Store, start_web: StartWeb, browser: webdriver.Chrome, shared_dir: Path, tmp_path: Path
) -> None:
    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    web = await start_web(settings=WebSettings(port=0, secret=SecretStr("browser")))
    version = meeting_version(mag.details)
    token = make_action_token(
        "browser", mag.id, "alice@example.org", Action.CONFIRM, version, BEFORE_CONFIRMATION
    )
    words = ["MAG meeting", "Confirm the meeting", "alice@example.org"]
    await look_at_every_width(browser, f"{web.base}/act/{token}", "confirm", words, tmp_path)


async def test_a_cancelled_meeting_is_struck_through(
    store: Store, start_web: StartWeb, browser: webdriver.Chrome, shared_dir: Path, tmp_path: Path
) -> None:
    from bot.meeting import MeetingStatus

    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    await store.correct(mag.id, {"status": MeetingStatus.CANCELLED}, actor="admin carol")
    web = await start_web()
    seen = await asyncio.to_thread(look, browser, web.base + "/lists/mmwg/", 390, 1100, tmp_path / "c.png")
    assert seen["struck"] == ["line-through"]
    assert seen["console"] == []
