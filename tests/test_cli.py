"""The command line as an admin meets it: help, check-config, a first digest preview."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli import REPO, run_cli

DESIGN_COMMANDS = ["run", "check-config", "detect", "ingest", "meetings", "meeting", "digest"]


def test_help_lists_the_commands_of_the_design() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in DESIGN_COMMANDS:
        assert f"    {command}" in result.stdout, command


def test_console_script_is_installed() -> None:
    script = shutil.which("listminder")
    if script is None:
        pytest.fail("the 'listminder' console script is not on PATH: install the package (pip install -e .)")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("listminder ")


def test_check_config_passes_the_example() -> None:
    # check-config also checks that the password variables the example names are set.
    env = {"LISTMINDER_SMTP_PASSWORD": "x", "MMWG_IMAP_PASSWORD": "y"}
    result = run_cli("check-config", "--config", str(REPO / "config.example.toml"), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "OK" in result.stdout and "1 list(s) (mmwg)" in result.stdout


def test_check_config_names_every_problem_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        "[store]\ncolour = 'blue'\n"
        "[[lists]]\nname = 'mmwg'\naddress = 'nobody'\ntimezone = 'Europe/Geneva'\n"
        "[lists.digests.reminder]\ncron = '99 8 * * MON'\n"
        "[[lists]]\nname = 'mmwg'\naddress = 'b@example.org'\n"
    )
    result = run_cli("check-config", "--config", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"{broken}: invalid configuration"
    keys = sorted(line.strip().split(":")[0] for line in lines[1:])
    assert keys == sorted(
        [
            "store.colour",
            "lists[0].address",
            "lists[0].timezone",
            "lists[0].digests.reminder.cron",
            "lists[1].name",
        ]
    )


def test_check_config_reports_toml_syntax_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[store]\nurl = 'sqlite:///x.db'\n\n[[lists]\nname = 'x'\n")
    result = run_cli("check-config", "--config", str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "TOML syntax error" in result.stderr and "line 4" in result.stderr


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("check-config", "--config", str(tmp_path / "absent.toml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot read the file" in result.stderr


def test_check_config_never_prints_a_secret(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[outbound]\ntransport = 'smtp'\n[outbound.smtp]\nhost = 'smtp.example.org'\n")
    result = run_cli(
        "check-config", "--config", str(config), env={"LISTMINDER_OUTBOUND__SMTP__PASSWORD": "s3cr3t-pw"}
    )
    assert result.returncode == 0
    assert "s3cr3t-pw" not in result.stdout + result.stderr


def test_a_digest_preview_on_an_empty_store_shows_an_empty_digest(tmp_path: Path) -> None:
    # The example's store is a file relative to the config's folder: none beside this copy yet, and
    # a preview does not make one.
    config = tmp_path / "listminder.toml"
    shutil.copy(REPO / "config.example.toml", config)
    preview = ("digest", "preview", "reminder", "--config", str(config))
    result = run_cli(*preview, cwd=REPO)
    assert result.returncode == 1 and "no store at" in result.stderr
    assert not (tmp_path / "listminder.db").exists()
    # A message without meetings makes the store.
    hello = tmp_path / "hello.eml"
    hello.write_text("From: a@example.org\nSubject: hello\nMessage-ID: <hello@example.org>\n\nHello.\n")
    ingest = run_cli("ingest", str(hello), "--config", str(config), cwd=REPO)
    assert ingest.returncode == 0, ingest.stderr
    result = run_cli(*preview, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Subject: Meetings in the next 14 days" in result.stdout
    assert "No meetings in the next 14 days." in result.stdout
    assert "it would not be sent" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr
