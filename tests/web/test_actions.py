"""Organisers' links over real HTTP: GET shows and changes nothing; POST confirms, cancels or moves
through the admin's correction path, kept in the history as by the recipient via the pending digest;
tampered, expired and stale links (a replay after a change among them) are refused and change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.config import WebSettings
from bot.meeting import MeetingStatus
from bot.signed_links import Action, make_action_token, meeting_version
from bot.store import Meeting, Store
from tests.web.conftest import BEFORE_CONFIRMATION, MMWG, Running, StartWeb, ingest_files

SECRET = "s3cret-for-tests"
ALICE = "alice@example.org"
LINKS = WebSettings(port=0, secret=SecretStr(SECRET))


async def mag_meeting(store: Store, shared_dir: Path) -> Meeting:
    await ingest_files(store, [MMWG], shared_dir / "seed" / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    return mag


def link(meeting: Meeting, action: Action, *, issued: timedelta = timedelta(0), secret: str = SECRET) -> str:
    version = meeting_version(meeting.details)
    token = make_action_token(secret, meeting.id, ALICE, action, version, BEFORE_CONFIRMATION - issued)
    return f"/act/{token}"


async def post(web: Running, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
    async with web.session.post(web.base + path, data=form or {}) as answer:
        return answer.status, await answer.text()


async def test_opening_a_link_shows_the_meeting_and_a_button_and_changes_nothing(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web(settings=LINKS)
    page = await web.text(link(mag, Action.CONFIRM))
    assert "MAG meeting" in page and 'method="post"' in page and "Confirm the meeting" in page
    after = await store.meeting(mag.id)
    assert after is not None and (after.sequence, after.status) == (0, MeetingStatus.TENTATIVE)
    assert len(await store.history(mag.id)) == 1


async def test_confirming_by_the_link_confirms_and_tells_who_did_it(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web(settings=LINKS)
    status, page = await post(web, link(mag, Action.CONFIRM))
    assert status == 200 and "Done" in page
    after = await store.meeting(mag.id)
    assert after is not None and after.status is MeetingStatus.CONFIRMED
    last = (await store.history(mag.id))[-1]
    assert (last.field, last.new, last.actor) == ("status", "confirmed", f"{ALICE} via the pending digest")
    story = await web.text(f"/meetings/{mag.id}")
    assert 'class="event confirmed"' in story and f"by {ALICE} via the pending digest" in story


async def test_a_link_used_again_after_the_meeting_changed_is_stale_and_changes_nothing(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web(settings=LINKS)
    confirm, cancel = link(mag, Action.CONFIRM), link(mag, Action.CANCEL)
    assert (await post(web, confirm))[0] == 200
    for path in (confirm, cancel):
        status, page = await post(web, path)
        assert status == 409 and "changed after this link was sent" in page
        assert (await web.get(path))[0] == 409
    after = await store.meeting(mag.id)
    assert after is not None and after.status is MeetingStatus.CONFIRMED and after.sequence == 1


async def test_tampered_and_expired_links_are_refused_and_change_nothing(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web(settings=LINKS)
    genuine = link(mag, Action.CANCEL)
    tampered = genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB")
    other_secret = link(mag, Action.CANCEL, secret="another secret")
    expired = link(mag, Action.CANCEL, issued=timedelta(days=31))
    for path, wanted, words in (
        (tampered, 400, "not valid"),
        (other_secret, 400, "not valid"),
        (expired, 410, "expired"),
    ):
        assert (await web.get(path))[0] == wanted
        status, page = await post(web, path)
        assert status == wanted and words in page and "Nothing was changed" in page
    after = await store.meeting(mag.id)
    assert after is not None and after.status is MeetingStatus.TENTATIVE and after.sequence == 0
    # Within its 30 days a link works.
    assert (await post(web, link(mag, Action.CANCEL, issued=timedelta(days=29))))[0] == 200


async def test_cancelling_and_changing_the_date_by_their_links(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web(settings=LINKS)
    move = link(mag, Action.CHANGE_DATE)
    assert 'type="date"' in await web.text(move)
    status, _ = await post(web, move, {"day": ""})
    assert status == 400
    status, _ = await post(web, move, {"day": "2007-02-19", "time": "10:00"})
    assert status == 200
    moved = await store.meeting(mag.id)
    assert moved is not None and moved.when.first_day == date(2007, 2, 19) and not moved.when.all_day
    assert (await post(web, link(moved, Action.CANCEL)))[0] == 200
    cancelled = await store.meeting(mag.id)
    assert cancelled is not None and cancelled.status is MeetingStatus.CANCELLED


async def test_without_a_signing_secret_there_are_no_links(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    mag = await mag_meeting(store, shared_dir)
    web = await start_web()
    assert (await web.get(link(mag, Action.CONFIRM)))[0] == 404
    assert (await post(web, link(mag, Action.CONFIRM)))[0] == 404


async def test_on_a_private_list_the_done_page_links_to_the_meeting_with_the_lists_token(
    store: Store, start_web: StartWeb, shared_dir: Path
) -> None:
    board = MMWG.model_copy(update={"private": True})
    await ingest_files(store, [board], shared_dir / "seed" / "mmwg-1-announce.eml")
    [mag] = [m for m in await store.meetings() if "MAG" in m.title]
    await store.set_list_token("mmwg", "tok")
    web = await start_web(board, settings=LINKS)
    status, page = await post(web, link(mag, Action.CONFIRM))
    assert status == 200 and f'href="/meetings/{mag.id}?token=tok"' in page
    assert (await web.get(f"/meetings/{mag.id}?token=tok"))[0] == 200
