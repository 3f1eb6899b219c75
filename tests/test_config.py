"""The config file: what a good one yields, and how every kind of mistake is named by its key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import EMBEDDED_DEFAULT, load_settings, parse_duration, parse_settings
from bot.errors import ConfigError
from tests.cli import REPO

GOOD_LIST = """
[[lists]]
name = "mmwg"
address = "mmwg@wsis-cs.org"
timezone = "Europe/Zurich"
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, "test.toml")
    return [str(p) for p in caught.value.problems]


def test_example_config_is_valid_and_complete() -> None:
    settings, source = load_settings(str(REPO / "config.example.toml"))
    assert source.endswith("config.example.toml")
    assert settings.outbound.transport == "smtp"
    assert settings.outbound.smtp is not None and settings.outbound.smtp.verify_certificates
    mmwg = settings.list_named("mmwg")
    assert mmwg is not None and mmwg.imap is not None
    assert mmwg.digests.reminder is not None and mmwg.digests.reminder.cron == "0 8 * * MON"
    assert mmwg.reminders.before == ["7d", "1d"]


def test_every_key_of_the_example_is_commented() -> None:
    """Each key has its own comment: on the line above it or at the end of its line."""
    lines = (REPO / "config.example.toml").read_text().splitlines()
    uncommented = [
        line
        for number, line in enumerate(lines)
        if "=" in line
        and not line.lstrip().startswith(("#", "["))
        and " # " not in line
        and not lines[number - 1].lstrip().startswith("#")
    ]
    assert uncommented == []


def test_embedded_default_when_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LISTMINDER_CONFIG", raising=False)
    settings, source = load_settings(None)
    assert source == EMBEDDED_DEFAULT
    assert settings.store.url == "sqlite:///listminder.db"
    assert settings.outbound.transport == "file"
    assert (settings.inbound.smtp.host, settings.inbound.smtp.port) == ("127.0.0.1", 8025)


def test_config_found_from_environment_then_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "listminder.toml").write_text(GOOD_LIST)
    other = tmp_path / "other.toml"
    other.write_text(GOOD_LIST.replace("mmwg", "other"))
    monkeypatch.setenv("LISTMINDER_CONFIG", str(other))
    assert load_settings(None)[0].lists[0].name == "other"
    monkeypatch.delenv("LISTMINDER_CONFIG")
    assert load_settings(None)[0].lists[0].name == "mmwg"


def test_environment_overrides_the_file_and_secrets_stay_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    text = GOOD_LIST + '\n[outbound]\ntransport = "smtp"\n[outbound.smtp]\nhost = "smtp.example.org"\n'
    monkeypatch.setenv("LISTMINDER_OUTBOUND__SMTP__PASSWORD", "hunter2-secret")
    monkeypatch.setenv("LISTMINDER_STORE__URL", "sqlite:///elsewhere.db")
    settings = parse_settings(text, "test.toml")
    assert settings.store.url == "sqlite:///elsewhere.db"
    smtp = settings.outbound.smtp
    assert smtp is not None and smtp.host == "smtp.example.org"
    password = smtp.resolve_password()
    assert password is not None and password.get_secret_value() == "hunter2-secret"
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())


def test_password_from_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    text = GOOD_LIST + '[lists.imap]\nhost = "imap.example.org"\nusername = "u"\npassword_env = "PW"\n'
    settings = parse_settings(text, "test.toml")
    imap = settings.lists[0].imap
    assert imap is not None
    monkeypatch.setenv("PW", "from-env")
    password = imap.resolve_password()
    assert password is not None and password.get_secret_value() == "from-env"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[store]\nurl = 'sqlite:///x.db'\ncolour = 'blue'\n", "store.colour: unknown key"),
        ("[inbound.smtp]\nport = 'eighty'\n", "inbound.smtp.port: Input should be a valid integer"),
        ("[inbound.smtp]\nport = 70000\n", "inbound.smtp.port: Input should be less than or equal"),
        (
            "[inbound.smtp]\nidle_timeout_s = 600\nsession_limit_s = 60\n",
            "inbound.smtp: session_limit_s (60) is shorter than idle_timeout_s (600)",
        ),
        (
            "[inbound.smtp]\nmax_sessions_per_peer = 0\n",
            "inbound.smtp.max_sessions_per_peer: Input should be greater",
        ),
        (GOOD_LIST.replace("Europe/Zurich", "Europe/Geneva"), "lists[0].timezone: unknown time zone"),
        (GOOD_LIST.replace("Europe/Zurich", "Europe/Zurch"), "did you mean 'Europe/Zurich'"),
        (GOOD_LIST.replace("mmwg@wsis-cs.org", "mmwg.wsis-cs.org"), "lists[0].address: malformed address"),
        (
            GOOD_LIST + "[lists.digests.reminder]\ncron = '0 8 * * FOO'\n",
            "lists[0].digests.reminder.cron: bad cron",
        ),
        (
            GOOD_LIST + "[lists.digests.pending]\ncron = '0 8 * *'\n",
            "lists[0].digests.pending.cron: bad cron",
        ),
        (
            GOOD_LIST + "[lists.reminders]\nbefore = ['7 days']\n",
            "lists[0].reminders.before[0]: bad duration",
        ),
        (GOOD_LIST + GOOD_LIST, "lists[1].name: duplicate list name 'mmwg'"),
        (GOOD_LIST.replace('name = "mmwg"', 'name = "My List"'), "lists[0].name: String should match"),
        ("[[lists]]\nname = 'x'\n", "lists[0].address: required key is missing"),
        ("[outbound]\ntransport = 'smtp'\n", "outbound: transport = 'smtp' needs an [outbound.smtp] table"),
        ("[outbound]\ntransport = 'pigeon'\n", "outbound.transport: Input should be 'smtp' or 'file'"),
        ("[store]\nurl = 'mysql://x'\n", "store.url: unsupported store URL"),
        ("[store\nurl = 1\n", "TOML syntax error: Expected ']' at the end of a table declaration (at line 1"),
    ],
)
def test_each_problem_is_named_by_its_key(text: str, expected: str) -> None:
    assert any(expected in p for p in problems_of(text)), problems_of(text)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = (
        "[store]\ncolour = 1\n"
        + GOOD_LIST.replace("Europe/Zurich", "Mars/Olympus")
        + "[lists.digests.reminder]\ncron = 'never'\n"
        + GOOD_LIST
    )
    keys = {p.split(":")[0] for p in problems_of(text)}
    assert keys == {"store.colour", "lists[0].timezone", "lists[0].digests.reminder.cron", "lists[1].name"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("30m", timedelta(minutes=30)),
        ("2w", timedelta(weeks=2)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
