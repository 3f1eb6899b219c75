"""The seed thread, end to end through `listminder detect --json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

pytestmark = pytest.mark.corpus


def _run(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["detect", str(path), "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    result: dict[str, Any] = json.loads(line)
    return result


def _short(msg: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(m["start"], m["status"], m["location"], m["confirm_by"], m["quoted"]) for m in msg["meetings"]]


def test_announcement_gives_two_tentative_meetings(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    msg = _run(shared_dir / "seed" / "mmwg-1-announce.eml", capsys)
    assert _short(msg) == [
        ("2007-02-12", "tentative", "Geneva", "2006-12-31", False),
        ("2007-02-13", "tentative", "Geneva", "2006-12-31", False),
    ]
    assert msg["meetings"][0]["title"] == "MAG meeting"
    assert "consultations" in msg["meetings"][1]["title"]


def test_reply_gives_them_only_as_quoted(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msg = _run(shared_dir / "seed" / "mmwg-2-reply.eml", capsys)
    assert [(m["start"], m["status"], m["quoted"]) for m in msg["meetings"]] == [
        ("2007-02-12", "tentative", True),
        ("2007-02-13", "tentative", True),
    ]


def test_follow_up_confirms_them_at_the_venue(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msg = _run(shared_dir / "seed" / "mmwg-3-confirmed.eml", capsys)
    assert _short(msg) == [
        ("2007-02-12", "confirmed", "Palais des Nations, Geneva", None, False),
        ("2007-02-13", "confirmed", "Palais des Nations, Geneva", None, False),
    ]


def test_table_output_and_a_bad_path(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = shared_dir / "seed" / "no-such-file.eml"
    code = main(["detect", str(missing), str(shared_dir / "seed" / "mmwg-1-announce.eml")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "no-such-file" in err
    assert "2007-02-12" in out and "tentative" in out
