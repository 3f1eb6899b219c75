"""`listminder check-config` and the commands that read the config, as an admin runs them."""

from __future__ import annotations

from pathlib import Path

import trustme

from tests.cli import run_cli

LIST = "[[lists]]\nname = 'wg'\naddress = 'wg@example.org'\n"
SECRET = "S3cr3t-hunter2"


def check(config: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    result = run_cli("check-config", "--config", str(config), env=env, cwd=cwd or config.parent)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout + result.stderr


def test_check_config_names_what_the_daemon_would_find_only_at_login_or_render(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(
        "templates_dir = 'my-templates'\n"
        "[outbound]\ntransport = 'smtp'\n"
        "[outbound.smtp]\nhost = 'smtp.example.org'\nusername = 'bot'\npassword_file = 'smtp-secret'\n"
        "ca_file = 'ca.pem'\n"
        "[inbound.smtp]\ntls_cert_file = 'listener.crt'\ntls_key_file = 'listener.key'\n"
        + LIST
        + "[lists.imap]\nhost = 'imap.example.org'\nusername = 'bot'\npassword_env = 'WG_IMAP_PASSWORD'\n"
    )
    code, output = check(config)
    assert code == 1
    for line in (
        "templates_dir: ",
        "outbound.smtp.password_file: cannot read ",
        "outbound.smtp.ca_file: cannot read ",
        "inbound.smtp.tls_cert_file: cannot read ",
        "inbound.smtp.tls_key_file: cannot read ",
        "lists[0].imap.password_env: the variable WG_IMAP_PASSWORD is not set",
    ):
        assert f"  {line}" in output, output
    assert "OK" not in output

    (tmp_path / "my-templates").mkdir()
    (tmp_path / "smtp-secret").write_text(SECRET)
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    issued = ca.issue_cert("127.0.0.1")
    issued.cert_chain_pems[0].write_to_path(str(tmp_path / "listener.crt"))
    issued.private_key_pem.write_to_path(str(tmp_path / "listener.key"))
    code, output = check(config, env={"WG_IMAP_PASSWORD": SECRET})
    assert code == 0 and f"{config}: OK: 1 list(s) (wg)" in output, output
    assert SECRET not in output


def test_check_config_summary_hides_the_store_password(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(f"[store]\nurl = 'postgresql://bot:{SECRET}@db.example.org/lm'\n" + LIST)
    code, output = check(config)
    assert code == 0 and "store postgresql://bot:***@db.example.org/lm" in output, output
    assert SECRET not in output


def test_check_config_hides_passwords_on_every_error_path(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(
        f"[store]\nurl = 'mysql://bot:{SECRET}@db.example.org/lm'\n"
        "[outbound.smtp]\nhost = 'smtp.example.org'\npassword = 918273645\n"
        + LIST
        + "[lists.imap]\nhost = 'imap.example.org'\nusername = 'bot'\npassword = ['918273645']\n"
    )
    imap = '{"host": "h", "username": "u", "password": 918273646}'
    env = {"LISTMINDER_LISTS": f'[{{"name": "x", "address": "x@example.org", "imap": {imap}}}]'}
    code, output = check(config, env=env)
    assert code == 1
    assert "store.url: unsupported store URL 'mysql://bot:***@db.example.org/lm'" in output
    assert "outbound.smtp.password: Input should be a valid string" in output
    assert "lists[0].imap.password (from LISTMINDER_LISTS): Input should be a valid string" in output
    assert SECRET not in output and "91827364" not in output


def test_check_config_names_the_variable_of_a_bad_value_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(LIST)
    code, output = check(config, env={"LISTMINDER_LISTS": "not json"})
    assert code == 1 and "  lists (from LISTMINDER_LISTS): not valid JSON" in output, output
    code, output = check(config, env={"LISTMINDER_INBOUND__SMTP__PORT": "eighty"})
    assert code == 1
    assert (
        "  inbound.smtp.port (from LISTMINDER_INBOUND__SMTP__PORT): Input should be a valid integer" in output
    )


def test_check_config_refuses_two_lists_on_one_address(tmp_path: Path) -> None:
    config = tmp_path / "listminder.toml"
    config.write_text(LIST + LIST.replace("'wg'", "'second'").replace("wg@", "WG@"))
    code, output = check(config)
    assert code == 1 and "lists[1].address: list 'second' has the same address as list 'wg'" in output


def test_commands_keep_their_files_beside_the_config_whatever_the_working_directory(
    tmp_path: Path,
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    config = etc / "listminder.toml"
    config.write_text("[store]\nurl = 'sqlite:///listminder.db'\n" + LIST)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hello = tmp_path / "hello.eml"
    hello.write_text("From: a@example.org\nSubject: hello\nMessage-ID: <hello@example.org>\n\nHello.\n")
    for command in (("ingest", str(hello)), ("meetings",)):
        result = run_cli(*command, "--config", str(config), cwd=elsewhere)
        assert result.returncode == 0, result.stderr
    assert (etc / "listminder.db").is_file()
    assert list(elsewhere.iterdir()) == []
    code, output = check(config, cwd=elsewhere)
    assert code == 0 and f"store sqlite:///{etc / 'listminder.db'}" in output
