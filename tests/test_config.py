"""The config file: what a good one yields, and how every kind of mistake is named by its key."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import trustme

from bot.config import EMBEDDED_DEFAULT, load_settings, parse_duration, parse_settings, redact_url
from bot.errors import ConfigError, StoreError
from bot.preflight import load_checked_settings
from bot.store.engine import async_url
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
        (
            "[daemon]\nsend_claim_s = 45\n[outbound]\ntransport = 'smtp'\n[outbound.smtp]\nhost = 'mx'\n",
            "daemon.send_claim_s (45) must be at least 2 x outbound.smtp.timeout_s (60)",
        ),
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
    assert keys == {
        "store.colour",
        "lists[0].timezone",
        "lists[0].digests.reminder.cron",
        "lists[1].name",
        "lists[1].address",
    }


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


# --- lists share no address --------------------------------------------------------------------------


def test_two_lists_on_one_address_in_any_case_are_refused_naming_both() -> None:
    other = GOOD_LIST.replace('"mmwg"', '"other"').replace("mmwg@wsis-cs.org", "MMWG@WSIS-CS.org")
    assert "lists[1].address: list 'other' has the same address as list 'mmwg'" in problems_of(
        GOOD_LIST + other
    )


def test_two_lists_on_one_address_from_the_environment_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    lists = '[{"name": "a", "address": "wg@example.org"}, {"name": "b", "address": "WG@example.org"}]'
    monkeypatch.setenv("LISTMINDER_LISTS", lists)
    assert "lists[1].address: list 'b' has the same address as list 'a'" in " ".join(problems_of(""))


# --- schedules and zones ----------------------------------------------------------------------------


@pytest.mark.parametrize("cron", ["0 8 31 2 *", "0 8 30 2 *", "0 8 31 4,6,9,11 *"])
def test_a_cron_that_never_fires_is_refused(cron: str) -> None:
    text = GOOD_LIST + f"[lists.digests.reminder]\ncron = '{cron}'\n"
    assert f"lists[0].digests.reminder.cron: cron expression '{cron}' never fires" in " ".join(
        problems_of(text)
    )


def test_a_cron_on_29_february_fires_every_four_years_and_is_kept() -> None:
    settings = parse_settings(GOOD_LIST + "[lists.digests.pending]\ncron = '0 8 29 2 *'\n", "test.toml")
    pending = settings.lists[0].digests.pending
    assert pending is not None and pending.cron == "0 8 29 2 *"


@pytest.mark.parametrize("abbreviation", ["CEST", "PDT", "AEST"])
def test_a_zone_abbreviation_gets_a_hint_to_name_a_place(abbreviation: str) -> None:
    [problem] = problems_of(GOOD_LIST.replace("Europe/Zurich", abbreviation))
    assert f"'{abbreviation}' is an abbreviation: write the IANA name of a place, e.g. '" in problem
    assert "did you mean" not in problem


def test_a_zone_hint_names_zones_that_use_the_abbreviation() -> None:
    [problem] = problems_of(GOOD_LIST.replace("Europe/Zurich", "CEST"))
    examples = problem.split("e.g. ")[1].replace(" or ", ", ").split(", ")
    for name in examples:
        zone = zoneinfo.ZoneInfo(name.strip("'"))
        assert datetime(2026, 7, 15, 12, tzinfo=zone).tzname() == "CEST"


# --- relative paths follow the config file ----------------------------------------------------------

RELATIVE = (
    """
templates_dir = "templates"
[store]
url = "sqlite:///data/listminder.db"
[daemon]
state_dir = "state"
[outbound]
transport = "smtp"
outbox_dir = "outbox"
[outbound.smtp]
host = "smtp.example.org"
ca_file = "tls/ca.pem"
username = "bot"
password_file = "secrets/smtp"
[inbound.smtp]
tls_cert_file = "tls/listener.crt"
tls_key_file = "/abs/listener.key"
"""
    + GOOD_LIST
    + """
[lists.imap]
host = "imap.example.org"
username = "bot"
password_file = "../secrets/imap"
"""
)


def test_relative_paths_are_read_from_the_config_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "listminder.toml").write_text(RELATIVE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings, _ = load_settings(str(Path("..") / "etc" / "listminder.toml"))
    base = elsewhere / ".." / "etc"
    assert settings.store.url == f"sqlite:///{base / 'data/listminder.db'}"
    assert settings.templates_dir == base / "templates"
    assert settings.daemon.state_dir == base / "state"
    assert settings.outbound.outbox_dir == base / "outbox"
    smtp = settings.outbound.smtp
    assert smtp is not None
    assert (smtp.ca_file, smtp.password_file) == (base / "tls/ca.pem", base / "secrets/smtp")
    assert settings.inbound.smtp.tls_cert_file == base / "tls/listener.crt"
    assert settings.inbound.smtp.tls_key_file == Path("/abs/listener.key")
    imap = settings.lists[0].imap
    assert imap is not None and imap.password_file == base / "../secrets/imap"


def test_defaults_and_environment_values_follow_the_config_file_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(GOOD_LIST)
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("LISTMINDER_OUTBOUND__OUTBOX_DIR", "spool")
    settings, _ = load_settings(str(config))
    assert settings.store.url == f"sqlite:///{tmp_path / 'listminder.db'}"
    assert settings.daemon.state_dir == tmp_path
    assert settings.outbound.outbox_dir == tmp_path / "spool"


@pytest.mark.parametrize(
    "url",
    ["sqlite:////var/lib/listminder/store.db", "sqlite:///:memory:", "postgresql://bot@db.example.org/lm"],
)
def test_absolute_and_non_file_store_urls_are_kept(tmp_path: Path, url: str) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(f"[store]\nurl = '{url}'\n")
    assert load_settings(str(config))[0].store.url == url


def test_sqlite_url_options_stay_after_the_anchored_path(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text("[store]\nurl = 'sqlite:///x.db?timeout=5'\n")
    assert load_settings(str(config))[0].store.url == f"sqlite:///{tmp_path / 'x.db'}?timeout=5"


# --- secrets never in a message ---------------------------------------------------------------------

SECRET = "S3cr3t-hunter2"
SECRET_NUMBER = 918273645


def test_a_password_of_the_wrong_type_is_not_repeated() -> None:
    imap = f'[lists.imap]\nhost = "imap.example.org"\nusername = "u"\npassword = {SECRET_NUMBER}\n'
    smtp = f'[outbound.smtp]\nhost = "smtp.example.org"\npassword = {SECRET_NUMBER + 1}\n'
    with pytest.raises(ConfigError) as caught:
        parse_settings(GOOD_LIST + imap + smtp, "test.toml")
    problems = [str(p) for p in caught.value.problems]
    assert "lists[0].imap.password: Input should be a valid string" in problems
    assert "outbound.smtp.password: Input should be a valid string" in problems
    # Neither the message, nor the chained library error a traceback would show, holds it.
    for text in (str(caught.value), str(caught.value.__cause__), repr(caught.value.__cause__)):
        assert str(SECRET_NUMBER) not in text and str(SECRET_NUMBER + 1) not in text


def test_a_password_of_the_wrong_type_from_the_environment_is_not_repeated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imap = f'{{"host": "imap.example.org", "username": "u", "password": {SECRET_NUMBER}}}'
    monkeypatch.setenv("LISTMINDER_LISTS", f'[{{"name": "a", "address": "a@example.org", "imap": {imap}}}]')
    monkeypatch.setenv("LISTMINDER_OUTBOUND__SMTP", f'"{SECRET}"')
    with pytest.raises(ConfigError) as caught:
        parse_settings("", "test.toml")
    problems = [str(p) for p in caught.value.problems]
    assert "lists[0].imap.password (from LISTMINDER_LISTS): Input should be a valid string" in problems
    assert any(p.startswith("outbound.smtp (from LISTMINDER_OUTBOUND__SMTP): ") for p in problems), problems
    for text in (str(caught.value), str(caught.value.__cause__)):
        assert str(SECRET_NUMBER) not in text and SECRET not in text


def test_an_unsupported_store_url_is_named_without_its_password() -> None:
    [problem] = problems_of(f"[store]\nurl = 'mysql://bot:{SECRET}@db.example.org/lm'\n")
    assert problem.startswith("store.url: unsupported store URL 'mysql://bot:***@db.example.org/lm'")
    with pytest.raises(ConfigError) as caught:
        parse_settings(f"[store]\nurl = 'mysql://bot:{SECRET}@db.example.org/lm'\n", "test.toml")
    assert SECRET not in str(caught.value.__cause__)


def test_the_summary_shows_the_store_url_without_its_password() -> None:
    settings = parse_settings(f"[store]\nurl = 'postgresql://bot:{SECRET}@db.example.org/lm'\n", "t.toml")
    assert "store postgresql://bot:***@db.example.org/lm" in settings.summary()
    assert SECRET not in settings.summary()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:pw@db/lm", "postgresql://bot:***@db/lm"),
        ("postgresql://bot:p@ss/w:rd@db:5432/lm", "postgresql://bot:***@db:5432/lm"),
        ("postgresql://bot@db/lm", "postgresql://bot@db/lm"),
        ("postgresql://db:5432/lm", "postgresql://db:5432/lm"),
        ("bot:pw@db/lm", "bot:***@db/lm"),
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_store_url_the_driver_cannot_parse_is_named_without_its_password() -> None:
    with pytest.raises(StoreError) as caught:
        async_url(f"postgresql://bot:{SECRET}@db.example.org:port/lm")
    assert "bot:***@" in str(caught.value)
    assert SECRET not in str(caught.value) and SECRET not in str(caught.value.__cause__)


# --- the environment names itself ---------------------------------------------------------------------


def test_a_variable_that_is_not_json_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTMINDER_LISTS", "not json")
    assert problems_of(GOOD_LIST) == [
        "lists (from LISTMINDER_LISTS): not valid JSON: Expecting value: line 1 column 1 (char 0)"
    ]


def test_a_list_writes_its_digests_in_english_unless_it_names_another_language() -> None:
    settings = parse_settings(GOOD_LIST + GOOD_LIST.replace("mmwg", "fr-list") + 'language = "fr"\n', "t")
    assert [item.language for item in settings.lists] == ["en", "fr"]


@pytest.mark.parametrize("code", ["it", "FR", "french", ""])
def test_an_unknown_language_is_named_with_the_languages_digests_are_written_in(code: str) -> None:
    assert problems_of(GOOD_LIST + f'language = "{code}"\n') == [
        "lists[0].language: Input should be 'en', 'fr', 'de' or 'es'"
    ]


def test_a_reload_refuses_an_unknown_language_as_any_bad_edit(tmp_path: Path) -> None:
    """A reload reads the file through load_checked_settings and keeps the running config on its
    ConfigError (tests/test_daemon.py: a refused reload logs config.kept)."""
    config = tmp_path / "listminder.toml"
    config.write_text(GOOD_LIST + 'language = "de"\n')
    assert load_checked_settings(str(config))[0].lists[0].language == "de"
    config.write_text(GOOD_LIST + 'language = "deutsch"\n')
    assert checked_problems(config) == ["lists[0].language: Input should be 'en', 'fr', 'de' or 'es'"]


def test_a_bad_value_from_the_environment_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTMINDER_INBOUND__SMTP__PORT", "eighty")
    monkeypatch.setenv("LISTMINDER_STORE__COLOUR", "blue")
    problems = problems_of("[outbound]\ntransport = 'pigeon'\n")
    assert "inbound.smtp.port (from LISTMINDER_INBOUND__SMTP__PORT): Input should be a valid integer" in (
        " ".join(problems)
    )
    assert "store.colour (from LISTMINDER_STORE__COLOUR): unknown key" in problems
    # What is wrong in the file is still the file's.
    assert "outbound.transport: Input should be 'smtp' or 'file'" in problems


# --- what the config names must exist: checked at start, by check-config, on a reload ---------------


def checked_problems(config: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_checked_settings(str(config))
    return [str(p) for p in caught.value.problems]


def test_every_variable_and_file_the_daemon_would_need_later_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNSET_IMAP_PASSWORD", raising=False)
    monkeypatch.setenv("EMPTY_SMTP_PASSWORD", "")
    (tmp_path / "not-a-folder").write_text("x")
    (tmp_path / "secret").write_bytes(b"\xffpart-of-the-password")
    (tmp_path / "not-pem").write_text("hello")
    config = tmp_path / "listminder.toml"
    config.write_text(
        """
templates_dir = "not-a-folder"
[store]
url = "sqlite:///missing/listminder.db"
[outbound]
transport = "smtp"
[outbound.smtp]
host = "smtp.example.org"
username = "bot"
password_env = "EMPTY_SMTP_PASSWORD"
ca_file = "not-pem"
[inbound.smtp]
tls_cert_file = "missing.crt"
tls_key_file = "missing.key"
"""
        + GOOD_LIST
        + '[lists.imap]\nhost = "h"\nusername = "u"\npassword_env = "UNSET_IMAP_PASSWORD"\n'
        + GOOD_LIST.replace("mmwg", "two")
        + '[lists.imap]\nhost = "h"\nusername = "u"\npassword_file = "secret"\nca_file = "missing-ca.pem"\n'
        + GOOD_LIST.replace("mmwg", "three")
        + '[lists.imap]\nhost = "h"\nusername = "u"\npassword_file = "missing-secret"\n'
    )
    problems = checked_problems(config)
    assert {p.split(":")[0] for p in problems} == {
        "templates_dir",
        "store.url",
        "outbound.smtp.password_env",
        "outbound.smtp.ca_file",
        "inbound.smtp.tls_cert_file",
        "inbound.smtp.tls_key_file",
        "lists[0].imap.password_env",
        "lists[1].imap.password_file",
        "lists[1].imap.ca_file",
        "lists[2].imap.password_file",
    }, problems
    assert "lists[0].imap.password_env: the variable UNSET_IMAP_PASSWORD is not set" in problems
    assert "outbound.smtp.password_env: the variable EMPTY_SMTP_PASSWORD is empty" in problems
    assert f"lists[1].imap.password_file: {tmp_path / 'secret'} is not UTF-8 text" in problems
    assert f"templates_dir: {tmp_path / 'not-a-folder'} is not a folder" in problems
    assert "0xff" not in " ".join(problems) and "part-of" not in " ".join(problems)


def test_listener_certificate_and_key_must_match(tmp_path: Path) -> None:
    ca = trustme.CA()
    ours, theirs = ca.issue_cert("127.0.0.1"), ca.issue_cert("127.0.0.1")
    ours.cert_chain_pems[0].write_to_path(str(tmp_path / "listener.crt"))
    theirs.private_key_pem.write_to_path(str(tmp_path / "listener.key"))
    config = tmp_path / "listminder.toml"
    config.write_text(
        "[inbound.smtp]\ntls_cert_file = 'listener.crt'\ntls_key_file = 'listener.key'\n" + GOOD_LIST
    )
    [problem] = checked_problems(config)
    assert problem.startswith("inbound.smtp.tls_cert_file: ") and "not a PEM certificate" in problem
    ours.private_key_pem.write_to_path(str(tmp_path / "listener.key"))
    assert load_checked_settings(str(config))[0].inbound.smtp.tls_key_file == tmp_path / "listener.key"


def test_a_template_that_does_not_compile_is_named(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "reminder.txt.j2").write_text("{% for e in entries %}{{ e }}\n")
    config = tmp_path / "listminder.toml"
    config.write_text("templates_dir = 'templates'\n" + GOOD_LIST)
    [problem] = checked_problems(config)
    assert problem.startswith("templates_dir: reminder.txt.j2: Unexpected end of template")
    (tmp_path / "templates" / "reminder.txt.j2").write_text("{% for e in entries %}{{ e }}{% endfor %}\n")
    assert load_checked_settings(str(config))[0].templates_dir == tmp_path / "templates"


def test_what_is_not_used_is_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNSET_SMTP_PASSWORD", raising=False)
    config = tmp_path / "listminder.toml"
    config.write_text(
        "[outbound]\ntransport = 'file'\n[outbound.smtp]\nhost = 'h'\nusername = 'u'\n"
        "password_env = 'UNSET_SMTP_PASSWORD'\n"
        "[inbound.smtp]\nenabled = false\ntls_cert_file = 'missing.crt'\ntls_key_file = 'missing.key'\n"
        + GOOD_LIST
    )
    assert load_checked_settings(str(config))[0].inbound.smtp.enabled is False
