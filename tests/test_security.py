"""Security properties of the daemon as deployed, each against real servers and real files.

Covered elsewhere at the component level (and not repeated here):
- templates cannot reach files beyond their folder, and run sandboxed:
  tests/digest/test_render.py::test_templates_cannot_read_beyond_their_folder, ::test_templates_run_sandboxed;
- HTML digests escape what came from mail: tests/digest/test_render.py::test_html_escapes_what_came_from_mail;
- SMTP client certificate verification: tests/digest/test_send.py::test_tls_refuses_an_unknown_certificate...;
- IMAP certificate verification and STARTTLS required: tests/sources/test_imap.py::
  test_an_unknown_certificate_is_refused, ::test_starttls_is_required_when_configured;
- the listener's limits on one listener object: tests/sources/test_smtp.py (552, 452, 421).
"""

from __future__ import annotations

import base64
import email
import signal
import smtplib
import sqlite3
import ssl
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.config import ImapSettings, SmtpClientSettings
from tests.cli import Daemon, run_cli, wait_for
from tests.configs import daemon_config, imap_table
from tests.servers.dovecot import Dovecot, free_port
from tests.servers.fixtures import dovecot, dovecot_factory

__all__ = ["dovecot", "dovecot_factory"]

LIST = "wg@example.org"
BOT = "listminder@example.org"
ADMIN = "chair@example.org"
SMTP_USER = "bot"
SMTP_SECRET = "smtp-S3cret-9f1c"
SMTP_WRONG = "smtp-Wr0ng-77ab"
IMAP_WRONG = "imap-Wr0ng-31d0"


# --- a real SMTP server that receives digests, with AUTH --------------------------------------------


class Sink:
    """aiosmtpd in a thread, AUTH PLAIN/LOGIN without TLS (loopback only), optionally implicit TLS."""

    def __init__(self, password: str = SMTP_SECRET, tls: ssl.SSLContext | None = None) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.logins: list[bool] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
            ssl_context=tls,
        )

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == SMTP_USER.encode()
            and data.password == (SMTP_SECRET.encode())
        )
        with self._lock:
            self.logins.append(ok)
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def config_text(folder: Path, *, listener_port: int, extra_lists: str = "", outbound: str = "") -> str:
    return daemon_config(
        folder,
        port=listener_port,
        daemon="heartbeat_interval_s = 0.5",
        outbound=f'from_address = "{BOT}"\n' + (outbound or 'transport = "file"'),
        listener='host = "127.0.0.1"\nmax_sessions = 3\nmax_recipients = 2\nmax_message_bytes = 20000',
        lists=f"""[[lists]]
name = "wg"
address = "{LIST}"
admins = ["{ADMIN}"]
[lists.digests.reminder]
cron = "* * * * *"
send_empty = true
to = ["{LIST}"]
{extra_lists}""",
    )


def start(folder: Path, text: str, env: dict[str, str] | None = None) -> Daemon:
    folder.chmod(0o755)
    config = folder / "listminder.toml"
    config.write_text(text)
    daemon = Daemon(cwd=folder, env={"LISTMINDER_CONFIG": str(config), **(env or {})})
    daemon.wait_logged("event=listener.started")
    return daemon


# --- no open relay ----------------------------------------------------------------------------------

RELAY_TRICKS = [
    "someone@elsewhere.example",
    "<@example.org:someone@elsewhere.example>",  # source route through our domain
    "@example.org:someone@elsewhere.example",
    "someone%elsewhere.example@example.org",  # percent hack
    "wg%elsewhere.example@example.org",
    "someone!elsewhere.example@example.org",  # bang path
    "elsewhere.example!wg@example.org",
    '"someone@elsewhere.example"@example.org',  # quoted local parts
    '"wg@example.org"@elsewhere.example',
    '"wg"@elsewhere.example',
    "wg@example.org@elsewhere.example",
    "wg@elsewhere.example",
    "wg@example.org.elsewhere.example",
    "wg@EXAMPLE.ORG.elsewhere.example",
    "wg@exampIe.org",  # capital I for l
    "w\u0261@example.org",  # a look-alike g
    "WG@EXAMPLE.ORG ",
    "wg@[127.0.0.1]",
    "postmaster@elsewhere.example",
    "",
]


@pytest.fixture
def listener(tmp_path: Path, daemons: list[Daemon]) -> tuple[Daemon, int]:
    port = free_port()
    daemon = start(tmp_path, config_text(tmp_path, listener_port=port))
    daemons.append(daemon)
    return daemon, port


def stored(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return [(str(a), str(b)) for a, b in connection.execute("SELECT list_name, key FROM messages")]


def holds_secret_message(folder: Path) -> bool:
    return ("wg", "<secret-1@example.org>") in stored(folder / "listminder.db")


def test_no_relay_whatever_the_address_looks_like(listener: tuple[Daemon, int], tmp_path: Path) -> None:
    daemon, port = listener
    accepted = []
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo()
        for address in RELAY_TRICKS:
            # SMTPUTF8, so that look-alike letters go out as they are; the RCPT line is written by hand,
            # since smtplib would parse (and tidy up) a source route or a quoted local part.
            client.mail("a@example.net", ["SMTPUTF8"])
            code, reply = client.docmd(
                "RCPT", "TO:" + (address if address.startswith("<") else f"<{address}>")
            )
            if code < 400:
                accepted.append((address, reply))
            client.rset()
        # The list's own address, in any case, is the one that is taken.
        client.mail("a@example.net")
        assert client.rcpt("WG@Example.ORG")[0] == 250
        client.rset()
    # Every trick is refused, except the list's own address with trailing white space.
    assert [a for a, _ in accepted] in ([], ["WG@EXAMPLE.ORG "]), accepted
    assert "Traceback" not in daemon.log


def test_a_relay_attempt_next_to_the_list_delivers_only_to_the_list(
    listener: tuple[Daemon, int], tmp_path: Path
) -> None:
    _, port = listener
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        refused = client.sendmail(
            "a@example.net",
            [LIST, "victim@elsewhere.example"],
            b"Message-ID: <relay@example.net>\r\nSubject: hi\r\n\r\nhello\r\n",
        )
    assert list(refused) == ["victim@elsewhere.example"]
    assert stored(tmp_path / "listminder.db") == [("wg", "<relay@example.net>")]
    # The listener never sends anything on: no outbound mail but the bot's own digests exists.
    assert "victim@elsewhere.example" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "outbox").glob("*")
    )


def test_the_daemons_listener_limits_sessions_size_and_recipients(listener: tuple[Daemon, int]) -> None:
    _, port = listener
    clients = [smtplib.SMTP("127.0.0.1", port, timeout=10) for _ in range(3)]
    try:
        # Each in a transaction: an idle session would be closed to make room for the new one.
        for client in clients:
            client.ehlo()
            client.mail("a@example.net")
        with pytest.raises(smtplib.SMTPConnectError) as excinfo:
            smtplib.SMTP("127.0.0.1", port, timeout=10)
        assert excinfo.value.smtp_code == 421
    finally:
        for client in clients:
            client.close()
    # The sessions are released when closed: a new one is admitted.
    wait_for(lambda: _greets(port), 10, "a session to be admitted again")

    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo()
        client.mail("a@example.net")
        assert client.rcpt(LIST)[0] == 250
        assert client.rcpt(BOT)[0] == 250
        assert client.rcpt(LIST.upper())[0] == 452
        client.rset()
        # Refused at MAIL when the client declares its SIZE (as here), else after DATA
        # (tests/test_listener_load.py).
        with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as too_big:
            client.sendmail("a@example.net", [LIST], b"Subject: big\r\n\r\n" + b"x" * 990 + b"\r\n" * 30_000)
        assert too_big.value.smtp_code == 552


def _greets(port: int) -> bool:
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
            return client.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


# --- TLS ------------------------------------------------------------------------------------------


def test_certificates_are_verified_unless_the_config_says_otherwise() -> None:
    imap = ImapSettings(host="imap.example.org", username="u")
    smtp = SmtpClientSettings(host="smtp.example.org")
    assert (imap.tls, imap.verify_certificates) == ("implicit", True)
    assert (smtp.tls, smtp.verify_certificates) == ("starttls", True)


def test_the_daemon_refuses_untrusted_certificates_with_a_clear_error(
    tmp_path: Path, dovecot_factory: Callable[..., Dovecot], daemons: list[Daemon]
) -> None:
    server = dovecot_factory(tls=True)
    assert server.tls_files is not None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(server.tls_files.cert_file), str(server.tls_files.key_file))
    server.append("list", b"Message-ID: <tls@example.org>\r\nSubject: x\r\n\r\nhello\r\n")
    with Sink(tls=context) as sink:
        imap = "\n" + imap_table(server.imaps_port, "list", "SEC_IMAP_PASSWORD", tls=None)
        outbound = f"""transport = "smtp"
[outbound.smtp]
host = "127.0.0.1"
port = {sink.port}
tls = "implicit"
username = "{SMTP_USER}"
password_env = "SEC_SMTP_PASSWORD"
"""
        text = config_text(tmp_path, listener_port=free_port(), extra_lists=imap, outbound=outbound)
        env = {"SEC_IMAP_PASSWORD": server.users["list"], "SEC_SMTP_PASSWORD": SMTP_SECRET}
        daemon = start(tmp_path, text, env)
        daemons.append(daemon)
        daemon.wait_logged("event=imap.setup_failed")
        daemon.wait_logged("event=outbox.retry")
        assert sink.received == [] and sink.logins == []
    lines = daemon.log.splitlines()
    imap_error = next(line for line in lines if "event=imap.setup_failed" in line)
    smtp_error = next(line for line in lines if "event=outbox.retry" in line)
    assert "failed verification" in imap_error and "ca_file" in imap_error
    assert "certificate is not trusted" in smtp_error and "ca_file" in smtp_error
    assert stored(tmp_path / "listminder.db") == []


# --- secrets ----------------------------------------------------------------------------------------


def written_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def secret_forms(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [raw, base64.b64encode(raw), base64.b64encode(b"\0" + SMTP_USER.encode() + b"\0" + raw)]


def test_passwords_from_the_environment_never_reach_a_file(
    tmp_path: Path, dovecot: Dovecot, daemons: list[Daemon]
) -> None:
    imap_secret = dovecot.users["list"]
    lists = f"""
{imap_table(dovecot.imap_port, "list", "SEC_IMAP_PASSWORD")}
[[lists]]
name = "other"
address = "other@example.org"
{imap_table(dovecot.imap_port, "other", "SEC_IMAP_WRONG")}"""
    dovecot.append("list", b"Message-ID: <secret-1@example.org>\r\nSubject: x\r\n\r\nhello\r\n")
    with Sink() as sink:
        outbound = f"""transport = "smtp"
[outbound.smtp]
host = "127.0.0.1"
port = {sink.port}
tls = "none"
username = "{SMTP_USER}"
"""
        runs = []
        # First with the wrong SMTP password (a refused login), then with the right one (a digest sent);
        # the SMTP password comes straight from the environment, the IMAP ones by variable name.
        for name, smtp_password in (("refused", SMTP_WRONG), ("accepted", SMTP_SECRET)):
            folder = tmp_path / name
            folder.mkdir()
            text = config_text(folder, listener_port=free_port(), extra_lists=lists, outbound=outbound)
            env = {
                "SEC_IMAP_PASSWORD": imap_secret,
                "SEC_IMAP_WRONG": IMAP_WRONG,
                "LISTMINDER_OUTBOUND__SMTP__PASSWORD": smtp_password,
            }
            daemon = start(folder, text, env)
            daemons.append(daemon)
            daemon.wait_logged("event=imap.connected")
            daemon.wait_logged("event=imap.auth_failed")
            daemon.wait_logged("event=outbox.retry" if name == "refused" else "event=outbox.sent")
            wait_for(partial(holds_secret_message, folder))
            daemon.stop(signal.SIGTERM)  # a clean stop writes the last heartbeat too
            runs.append(folder)
        assert sink.logins.count(True) >= 1 and sink.logins.count(False) >= 1
        assert len(sink.received) >= 1

    files = [p for folder in runs for p in written_files(folder)]
    assert any(p.name.endswith(".db") for p in files) and any("heartbeat" in p.name for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in (imap_secret, IMAP_WRONG, SMTP_SECRET, SMTP_WRONG):
            for form in secret_forms(secret):
                assert form not in data, f"{path.name} holds a password ({secret})"


# --- what came from mail stays inert, and cannot pick recipients ----------------------------------


def hostile_announcement(day: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Mallory <mallory@evil.example>"
    msg["Reply-To"] = "replies@evil.example"
    msg["To"] = f"{LIST}, victim@elsewhere.example"
    msg["Cc"] = "cc-victim@elsewhere.example"
    msg["Bcc"] = "bcc-victim@elsewhere.example"
    msg["Return-Path"] = "<bounce@evil.example>"
    msg["Disposition-Notification-To"] = "receipts@evil.example"
    msg["Date"] = format_datetime(day - timedelta(days=3))
    msg["Message-ID"] = "<hostile-meeting@evil.example>"
    msg["Subject"] = "<script>alert(1)</script> working group call"
    msg.set_content(
        f"The <script>alert(2)</script> working group will meet on {day.day} {day:%B %Y} at 15:00 UTC "
        "in <img src=x onerror=alert(3)> Room 4.\nPlease reply to victim@elsewhere.example.\n"
    )
    return msg.as_bytes()


def test_mail_cannot_choose_digest_recipients_and_its_markup_arrives_inert(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    config = tmp_path / "listminder.toml"
    config.write_text(config_text(tmp_path, listener_port=free_port()))
    env = {"LISTMINDER_CONFIG": str(config)}
    day = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=4)
    message = tmp_path / "hostile.eml"
    message.write_bytes(hostile_announcement(day))

    assert run_cli("ingest", str(message), env=env).returncode == 0
    meetings = run_cli("meetings", "--json", env=env)
    assert "working group" in meetings.stdout, meetings.stdout
    sent = run_cli("digest", "send", "reminder", env=env)
    assert sent.returncode == 0, sent.stderr

    with sqlite3.connect(f"file:{tmp_path / 'listminder.db'}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT recipients FROM outbox").fetchall()
    assert rows, "no digest in the outbox"
    configured = {LIST, ADMIN}
    for (recipients,) in rows:
        assert set(__import__("json").loads(recipients)) <= configured

    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    digest = email.message_from_bytes(eml.read_bytes())
    named = {a.lower() for _, a in getaddresses(digest.get_all("To", []) + digest.get_all("Cc", []))}
    named |= {a.lower() for _, a in getaddresses(digest.get_all("Bcc", []) + digest.get_all("Reply-To", []))}
    assert named <= configured, named
    for header in ("Disposition-Notification-To", "Return-Receipt-To", "Return-Path"):
        assert digest[header] is None or "evil.example" not in digest[header]

    html = next(p for p in digest.walk() if p.get_content_type() == "text/html")
    payload = html.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert "working group" in body
    assert "<script" not in body.lower() and "<img" not in body.lower()
    assert "&lt;script&gt;" in body
