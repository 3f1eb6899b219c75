"""Every date candidate carries why it was kept or dropped, and `detect --explain` shows it."""

from __future__ import annotations

import json
from pathlib import Path

from bot.detect import DetectOptions
from bot.detect.explain import explain
from bot.mail import parse
from tests.cli import run_cli

MESSAGE = (
    b"From: Chair <chair@example.org>\nTo: wg@lists.example.org\nSubject: Working group call\n"
    b"Date: Mon, 6 May 2024 09:00:00 +0000\nMessage-ID: <explain-1@example.org>\n\n"
    b"Our next call is on Thursday 16 May at 15:00 UTC.\n\n"
    b"Abstracts for the autumn workshop are due 31 May.\n"
)


def test_every_candidate_is_explained_kept_or_dropped() -> None:
    mentions, considered = explain(parse(MESSAGE), DetectOptions())
    by_day = {c.day.isoformat(): c for c in considered}
    call, deadline = by_day["2024-05-16"], by_day["2024-05-31"]
    assert call.kept and call.reported and "tie:clause" in call.rules
    assert not deadline.kept and not deadline.reported and "neg:deadline" in deadline.rules
    assert call.probability is not None and deadline.probability is not None
    assert call.probability > 0.5 > deadline.probability
    assert [m.confidence for m in mentions] == [round(call.probability, 2)]


def test_the_rules_alone_decide_when_asked() -> None:
    _, considered = explain(parse(MESSAGE), DetectOptions(rules_only=True))
    assert all(c.probability is None for c in considered)
    assert {c.day.isoformat() for c in considered if c.kept} == {"2024-05-16"}


def test_detect_explain_prints_each_candidate_with_its_reasons(tmp_path: Path) -> None:
    (tmp_path / "m.eml").write_bytes(MESSAGE)
    done = run_cli("detect", "--explain", str(tmp_path / "m.eml"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    kept = next(i for i, line in enumerate(lines) if "2024-05-16" in line and "kept" in line)
    dropped = next(i for i, line in enumerate(lines) if "2024-05-31" in line and "dropped" in line)
    assert "neg:deadline" in lines[dropped + 1] and lines[dropped + 2].lstrip().startswith("weighed:")
    assert "tie:clause" in lines[kept + 1]


def test_detect_explain_json_adds_the_candidates_to_the_contract(tmp_path: Path) -> None:
    (tmp_path / "m.eml").write_bytes(MESSAGE)
    done = run_cli("detect", "--explain", "--json", str(tmp_path / "m.eml"))
    body = json.loads(done.stdout)
    assert [m["start"][:10] for m in body["meetings"]] == ["2024-05-16"]
    candidates = {c["date"]: c for c in body["candidates"]}
    assert candidates["2024-05-31"]["kept"] is False
    assert "neg:deadline" in candidates["2024-05-31"]["rules"]
    assert all(
        isinstance(name, str) and isinstance(w, float) for name, w in candidates["2024-05-16"]["weighed"]
    )
    plain = json.loads(run_cli("detect", "--json", str(tmp_path / "m.eml")).stdout)
    assert "candidates" not in plain
