"""`listminder detect` over folders that hold files which are not mail, through the real command line."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from tests.cli import run_cli

CONTRACT_KEYS = {"source", "message_id", "date", "subject", "meetings", "error"}
BAD = {
    "m030a.eml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
    "m075a.eml": (b"Notes\n\nnothing here\n", "no header block (first line b'Notes')"),
    "m120a.eml": (b"", "empty file"),
}


def message(n: int) -> bytes:
    return (
        f"From: Chair <chair@example.org>\nTo: mmwg@wsis-cs.org\nSubject: Call {n}\n"
        f"Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <detect-{n}@example.org>\n\n"
        f"Our call number {n} is on Monday 8 January at 15:00.\n"
    ).encode()


def folder_with_bad_files(folder: Path) -> Path:
    folder.mkdir()
    for n in range(1, 151):
        (folder / f"m{n:03}.eml").write_bytes(message(n))
    for name, (content, _reason) in BAD.items():
        (folder / name).write_bytes(content)
    return folder


def test_json_has_one_line_per_input_and_an_error_for_each_file_that_is_not_mail(tmp_path: Path) -> None:
    folder = folder_with_bad_files(tmp_path / "archive")
    done = run_cli("detect", str(folder), "--json")
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["source"] for line in lines] == sorted(str(f) for f in folder.iterdir())
    assert all(set(line) == CONTRACT_KEYS for line in lines)
    errors = {Path(line["source"]).name: line["error"] for line in lines if line["error"] is not None}
    assert errors == {name: reason for name, (_content, reason) in BAD.items()}
    read = [line for line in lines if line["error"] is None]
    assert len(read) == 150 and all(len(line["meetings"]) == 1 for line in read)
    assert read[-1]["message_id"] == "<detect-150@example.org>"
    for name, (_content, reason) in BAD.items():
        assert f"listminder: {folder / name}: {reason}" in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


def test_the_table_goes_on_past_a_file_that_is_not_mail(tmp_path: Path) -> None:
    folder = folder_with_bad_files(tmp_path / "archive")
    done = run_cli("detect", str(folder))
    assert done.returncode == 1
    heads = [line for line in done.stdout.splitlines() if line.startswith(str(folder))]
    assert len(heads) == 150 and heads[-1].startswith(str(folder / "m150.eml"))
    assert len(done.stderr.splitlines()) == len(BAD)


def test_a_folder_of_mail_alone_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "a.eml").write_bytes(message(1))
    done = run_cli("detect", str(folder), "--json")
    assert done.returncode == 0 and done.stderr == ""
    [line] = done.stdout.splitlines()
    assert json.loads(line)["error"] is None


def test_a_hostile_subject_reaches_the_terminal_without_controls(tmp_path: Path) -> None:
    # ESC, BEL and C1 CSI / NEL in an encoded-word Subject: the table shows none of them, and the JSON
    # line escapes them, so that a reader still gets the Subject back exactly.
    subject = "Call \x1b[2J\x07now \x9b31m\x85forged"
    encoded = "=?utf-8?b?" + base64.b64encode(subject.encode()).decode() + "?="
    eml = tmp_path / "m.eml"
    eml.write_bytes(message(1).replace(b"Subject: Call 1", f"Subject: {encoded}".encode()))
    table = run_cli("detect", str(eml))
    json_line = run_cli("detect", str(eml), "--json")
    assert table.returncode == json_line.returncode == 0
    for shown in (table.stdout, json_line.stdout):
        assert not any(c in shown for c in "\x1b\x07\x9b\x85"), shown
    assert "Call [2Jnow 31m forged" in table.stdout  # NEL is white space to the header reader
    assert json.loads(json_line.stdout)["subject"] == "Call \x1b[2J\x07now \x9b31m forged"


def test_each_meeting_says_the_language_it_was_read_in(tmp_path: Path) -> None:
    (tmp_path / "call.eml").write_bytes(message(1))
    done = run_cli("detect", str(tmp_path / "call.eml"), "--json")
    [line] = [json.loads(text) for text in done.stdout.splitlines()]
    assert [meeting["language"] for meeting in line["meetings"]] == ["en"]


def test_a_text_whose_words_do_not_say_its_language_is_read_in_the_lists(tmp_path: Path) -> None:
    terse = tmp_path / "terse.eml"
    terse.write_bytes(
        b"From: Jan <jan@example.org>\nTo: lug@example.org\nSubject: Stammtisch\n"
        b"Date: Mon, 2 Mar 2020 10:00:00 +0000\nMessage-ID: <terse@example.org>\n\n"
        b"Stammtisch: Do., 12.3., 18 Uhr\n"
    )
    starts = {}
    for language in ("de", "en"):
        config = tmp_path / f"{language}.toml"
        config.write_text(
            f'[[lists]]\nname = "lug"\naddress = "lug@example.org"\nlanguage = "{language}"\n',
            encoding="utf-8",
        )
        done = run_cli("detect", str(terse), "--json", "--config", str(config), "--list", "lug")
        [meeting] = json.loads(done.stdout)["meetings"]
        starts[language] = (meeting["start"], meeting["language"])
    # German reads the day-first date and the "18 Uhr"; English only the date.
    assert starts == {"de": ("2020-03-12T18:00:00+00:00", "de"), "en": ("2020-03-12", "en")}
