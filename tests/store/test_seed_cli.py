"""The seed thread through the real command line: the life of two tentative meetings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import StoreSettings
from tests.store.conftest import Installation

pytestmark = pytest.mark.corpus

ANNOUNCE, REPLY, CONFIRM = "mmwg-1-announce.eml", "mmwg-2-reply.eml", "mmwg-3-confirmed.eml"
# What stays the same however the store got there: ids, UIDs, SEQUENCE and times depend on the order.
BOOKKEEPING = ("id", "uid", "calendar_uid", "sequence", "created_at", "updated_at")


def essence(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(({k: v for k, v in m.items() if k not in BOOKKEEPING} for m in meetings), key=str)


def summary(site: Installation, seed: Path, *names: str) -> str:
    return site.run("ingest", *(str(seed / name) for name in names))


@pytest.fixture
def seed(shared_dir: Path) -> Path:
    return shared_dir / "seed"


def test_the_thread_read_in_order(site: Installation, seed: Path) -> None:
    assert "1 new" in summary(site, seed, ANNOUNCE)
    first = site.meetings()
    assert [(m["title"], m["start"], m["status"], m["location"], m["confirm_by"]) for m in first] == [
        ("MAG meeting", "2007-02-12", "tentative", "Geneva", "2006-12-31"),
        ("open consultations", "2007-02-13", "tentative", "Geneva", "2006-12-31"),
    ]

    assert "meetings: 0 created, 0 changed" in summary(site, seed, REPLY)
    assert site.meetings() == first

    assert "meetings: 0 created, 2 changed" in summary(site, seed, CONFIRM)
    confirmed = site.meetings()
    assert [m["uid"] for m in confirmed] == [m["uid"] for m in first]
    for meeting in confirmed:
        assert meeting["status"] == "confirmed"
        assert "Palais des Nations" in meeting["location"]
        assert meeting["sequence"] == 1

    again = summary(site, seed, ANNOUNCE, REPLY, CONFIRM)
    assert "read 3 message(s): 0 new, 3 already known" in again
    assert site.meetings() == confirmed
    assert site.rows("select count(*) from messages") == [(3,)]


def test_the_thread_read_out_of_order_ends_the_same(
    site: Installation, seed: Path, tmp_path: Path, another_store_settings: Callable[[], StoreSettings]
) -> None:
    summary(site, seed, ANNOUNCE, REPLY, CONFIRM)
    in_order = site.meetings()

    shuffled = Installation(tmp_path / "shuffled", another_store_settings())
    for name in (CONFIRM, ANNOUNCE, REPLY):
        summary(shuffled, seed, name)
    assert essence(shuffled.meetings()) == essence(in_order)


def test_the_reply_read_alone_yields_the_meetings_it_quotes(site: Installation, seed: Path) -> None:
    summary(site, seed, REPLY)
    assert [(m["start"], m["status"]) for m in site.meetings()] == [
        ("2007-02-12", "tentative"),
        ("2007-02-13", "tentative"),
    ]
    assert site.rows("select quoted_only from meetings") == [(1,), (1,)]
    summary(site, seed, ANNOUNCE)
    assert site.rows("select quoted_only from meetings") == [(0,), (0,)]
    assert len(site.meetings()) == 2


def test_a_history_of_the_confirmation_and_an_admin_correction(site: Installation, seed: Path) -> None:
    summary(site, seed, ANNOUNCE, REPLY, CONFIRM)
    shown = site.run("meeting", "show", "1")
    assert "status: tentative -> confirmed" in shown
    assert "<seed-confirm-0001@acm.org>" in shown

    site.run("meeting", "edit", "1", "--start", "2007-02-12T10:00", "--location", "Room XX")
    site.run("meeting", "cancel", "2")
    site.run("reprocess")
    mag, consultations = site.meetings()
    assert (mag["start"], mag["location"], mag["time_zone"]) == (
        "2007-02-12T10:00:00+01:00",
        "Room XX",
        "Europe/Zurich",
    )
    assert consultations["status"] == "cancelled"
    assert "corrected by admin" in site.run("meeting", "show", mag["uid"])
    assert site.rows("select count(*) from messages") == [(3,)]
