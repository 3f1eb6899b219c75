"""What the command line prints, through the real `listminder` in a subprocess on a real SQLite store:
text from mail made harmless at every output, a reader that goes away, and one clear line for each
mistake an admin can make."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import REPO, cli_env, run_cli
from tests.store.conftest import Installation
from tests.stores import store_settings

# A Subject with a terminal title sequence, a bell, a NUL, an 8-bit CSI and a line break that tries to
# forge a header; sent as an encoded word, the way a hostile sender gets them past the parser.
HOSTILE_SUBJECT = "MAG call \x1b]0;owned\x07 \x00\x9b2J done\r\nBcc: victim@example.org"
HOSTILE_MESSAGE_ID = "<hostile\x1b[2J@example.org>"


def hostile_message(message_id: str = HOSTILE_MESSAGE_ID) -> bytes:
    subject = base64.b64encode(HOSTILE_SUBJECT.encode()).decode()
    return (
        "From: Chair <chair@example.org>\r\nTo: mmwg@wsis-cs.org\r\n"
        f"Subject: =?utf-8?B?{subject}?=\r\n"
        f"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: {message_id}\r\n\r\n"
        "Our next working group call is on Thursday 3 December 2026 at 15:00 CET.\r\n"
    ).encode()


def controls_in(text: str) -> list[str]:
    """The characters a terminal or a line reader acts on, other than the newlines that end lines."""
    return [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"]


@pytest.fixture
def site(tmp_path: Path) -> Installation:
    return Installation(tmp_path, store_settings(tmp_path / "store.db"))


@pytest.fixture
def hostile_site(site: Installation) -> Installation:
    path = site.folder / "hostile.eml"
    path.write_bytes(hostile_message())
    site.run("ingest", "--list", "mmwg", str(path))
    return site


def stored_title(site: Installation) -> str:
    [(title,)] = site.rows("select title from meetings")
    assert isinstance(title, str)
    return title


# --- text from mail at every output --------------------------------------------------------------


def test_the_meeting_table_shows_no_control_character(hostile_site: Installation) -> None:
    assert "\x1b" in stored_title(hostile_site)  # the store keeps what came; the output cleans it
    shown = hostile_site.run("meetings")
    assert controls_in(shown) == []
    _header, row = shown.splitlines()
    assert "MAG call" in row and "Bcc: victim@example.org" in row


def test_meeting_show_and_its_history_show_no_control_character(hostile_site: Installation) -> None:
    shown = hostile_site.run("meeting", "show", "1")
    assert controls_in(shown) == []
    assert "message <hostile[2J@example.org>" in shown
    title_lines = [line for line in shown.splitlines() if line.startswith("title ")]
    assert len(title_lines) == 1 and "Bcc: victim@example.org" in title_lines[0]


def test_meetings_json_escapes_controls_and_keeps_the_value(hostile_site: Installation) -> None:
    shown = hostile_site.run("meetings", "--json")
    assert controls_in(shown) == []
    [line] = shown.splitlines()
    assert json.loads(line)["title"] == stored_title(hostile_site)


def test_a_digest_preview_shows_no_control_character(hostile_site: Installation) -> None:
    shown = hostile_site.run("digest", "preview", "reminder", "--list", "mmwg", "--at", "2026-11-30T08:00")
    assert "MAG call" in shown
    assert controls_in(shown) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--title", "Board meeting\r\nBcc: victim@example.org"),
        ("--title", "Board \x1b[2J meeting"),
        ("--location", "Room 1\nRoom 2"),
        ("--location", "Geneva\x07"),
    ],
)
def test_an_edit_with_a_line_break_or_control_is_refused(
    hostile_site: Installation, option: str, value: str
) -> None:
    before = hostile_site.meetings()
    result = run_cli("meeting", "edit", "1", option, value, "--config", str(hostile_site.config))
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"listminder: {option} ") and "line breaks or control characters" in line
    assert controls_in(result.stderr) == []
    assert hostile_site.meetings() == before


def test_an_edit_of_plain_text_is_kept_without_its_outer_spaces(hostile_site: Installation) -> None:
    hostile_site.run("meeting", "edit", "1", "--title", "  Board meeting ", "--location", " Geneva ")
    [meeting] = hostile_site.meetings()
    assert (meeting["title"], meeting["location"]) == ("Board meeting", "Geneva")


# --- a reader that goes away ---------------------------------------------------------------------


def run_into_closed_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command with its stdout on a pipe whose reader is gone before it writes (`... | head -0`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=cwd,
            env=cli_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ("meetings",),
        ("meetings", "--json"),
        ("meeting", "show", "1"),
        ("detect", "--json", str(REPO / "tests" / "fixtures" / "mail")),
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(hostile_site: Installation, args: tuple[str, ...]) -> None:
    result = run_into_closed_pipe(*args, "--config", str(hostile_site.config), cwd=hostile_site.folder)
    assert result.stderr == ""
    assert result.returncode == 128 + 13  # as a shell reports a tool stopped by SIGPIPE


# --- one clear line for each mistake -------------------------------------------------------------


def with_templates(site: Installation, files: dict[str, str]) -> Path:
    folder = site.folder / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    # A top-level key: it goes before the first table.
    site.config.write_text(f'templates_dir = "{folder}"\n' + site.config.read_text())
    return folder


@pytest.mark.parametrize(
    ("template", "line", "problem"),
    [
        ("Meetings\n{% for e in entries %}\n{{ e.meeting.title \n", 3, "end of print statement"),
        ("Meetings\n\n{% if %}x{% endif %}\n", 3, "Expected an expression"),
        ("Meetings\n{{ no_such_variable }}\n", 2, "'no_such_variable' is undefined"),
        ('Meetings\n{% include "../secret.txt" %}\n', 2, "no template '../secret.txt'"),
    ],
)
def test_a_broken_override_template_is_one_line_naming_its_file_and_line(
    hostile_site: Installation, template: str, line: int, problem: str
) -> None:
    folder = with_templates(hostile_site, {"reminder.txt.j2": template})
    config = str(hostile_site.config)
    result = run_cli("digest", "preview", "reminder", "--list", "mmwg", "--config", config)
    assert result.returncode == 1 and result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith(f"listminder: digest template {folder / 'reminder.txt.j2'}, line {line}: ")
    assert problem in message


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    return line


def test_user_errors_on_a_meeting_are_one_line(hostile_site: Installation) -> None:
    config = str(hostile_site.config)
    bad_start = run_cli("meeting", "edit", "1", "--start", "3rd of May", "--config", config)
    assert "--start '3rd of May': expected an ISO date" in one_line_failure(bad_start)
    bad_at = run_cli("digest", "preview", "reminder", "--list", "mmwg", "--at", "soon", "--config", config)
    assert "--at 'soon'" in one_line_failure(bad_at)
    huge_id = run_cli("meeting", "show", "9" * 30, "--config", config)
    assert one_line_failure(huge_id) == f"listminder: no meeting '{'9' * 30}'"


def test_an_unknown_status_is_a_usage_error(site: Installation) -> None:
    result = run_cli("meetings", "--status", "maybe", "--config", str(site.config))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "invalid choice: 'maybe'" in result.stderr.splitlines()[-1]


def test_a_store_in_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    folder = tmp_path / "no" / "such" / "folder"
    config.write_text(f'[store]\nurl = "sqlite:///{folder / "store.db"}"\n')
    line = one_line_failure(run_cli("meetings", "--config", str(config)))
    assert line.endswith(f"the folder {folder} does not exist")


def test_a_postgresql_store_without_its_driver_is_one_line(tmp_path: Path) -> None:
    # A module of that name that cannot be imported: a machine without the postgres extra.
    shim = tmp_path / "without-asyncpg" / "asyncpg"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ModuleNotFoundError("no asyncpg", name="asyncpg")\n')
    config = tmp_path / "listminder.toml"
    config.write_text('[store]\nurl = "postgresql://listminder@127.0.0.1/listminder"\n')
    env = {"PYTHONPATH": f"{shim.parent}:{REPO}"}
    line = one_line_failure(run_cli("meetings", "--config", str(config), env=env))
    assert "postgresql" in line and "asyncpg" in line and "listminder[postgres]" in line


@pytest.mark.parametrize("command", ["meetings", "reprocess"])
def test_an_unknown_list_is_named_with_the_config_source(hostile_site: Installation, command: str) -> None:
    line = one_line_failure(run_cli(command, "--list", "nosuch", "--config", str(hostile_site.config)))
    assert line == f"listminder: {hostile_site.config}: no list named 'nosuch' (lists: mmwg, other)"


def test_a_list_taken_out_of_the_config_still_shows_its_meetings(hostile_site: Installation) -> None:
    hostile_site.config.write_text(
        f'[store]\nurl = "{hostile_site.store.url}"\n'
        '[[lists]]\nname = "other"\naddress = "other@lists.test"\n'
    )
    [meeting] = [
        json.loads(line) for line in hostile_site.run("meetings", "--json", "--list", "mmwg").splitlines()
    ]
    assert meeting["list"] == "mmwg"


# --- --config on either side of the command ------------------------------------------------------


def test_config_is_accepted_before_the_command(hostile_site: Installation) -> None:
    result = run_cli("--config", str(hostile_site.config), "meetings", "--json", cwd=hostile_site.folder)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["list"] for line in result.stdout.splitlines()] == ["mmwg"]


def test_the_commands_own_config_wins_over_the_one_before_it(hostile_site: Installation) -> None:
    elsewhere = hostile_site.folder / "absent.toml"
    result = run_cli("--config", str(elsewhere), "meetings", "--json", "--config", str(hostile_site.config))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
