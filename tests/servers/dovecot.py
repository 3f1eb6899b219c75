"""A throwaway Dovecot (IMAP, optionally IMAPS/STARTTLS and LMTP) run by the test suite itself.

Each instance lives in its own folder with its own config, ports, users and state, so instances run
side by side and never touch a system Dovecot. Readiness is a real LOGIN, not a greeting: Dovecot greets
before its auth process can read the user database.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
READY_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0


class DovecotMissing(RuntimeError):
    """The dovecot binary is not installed."""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class TlsFiles:
    """A certificate for 127.0.0.1/localhost and the CA a client must trust to verify it."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def make_tls_files(folder: Path, names: tuple[str, ...] = ("127.0.0.1", "localhost")) -> TlsFiles:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert(*names)
    files = TlsFiles(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")
    ca.cert_pem.write_to_path(str(files.ca_file))
    cert.cert_chain_pems[0].write_to_path(str(files.cert_file))
    cert.private_key_pem.write_to_path(str(files.key_file))
    return files


@dataclass
class Dovecot:
    """One instance. ``users`` maps login name to password; every user gets a Maildir INBOX."""

    users: dict[str, str] = field(default_factory=lambda: {"list": "listpw", "other": "otherpw"})
    idle: bool = True
    tls: bool = False
    # The names the server's certificate is issued for.
    tls_names: tuple[str, ...] = ("127.0.0.1", "localhost")
    lmtp: bool = False
    auth_failure_delay: str = "1 secs"
    host: str = HOST
    imap_port: int = 0
    imaps_port: int = 0
    lmtp_port: int = 0
    folder: Path = field(default_factory=Path)
    tls_files: TlsFiles | None = None
    _process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        binary = dovecot_binary()
        if binary is None:
            raise DovecotMissing("dovecot is not installed (apt packages: see ci/apt-packages.txt)")
        self._binary = binary
        # Not under pytest's tmp_path: Dovecot's mail processes run as another user and need every
        # folder above the instance to be traversable, which pytest's 0700 folders are not.
        self.folder = Path(tempfile.mkdtemp(prefix="listminder-dovecot-"))
        self.folder.chmod(0o755)
        self.imap_port = free_port()
        self.imaps_port = free_port() if self.tls else 0
        self.lmtp_port = free_port() if self.lmtp else 0
        if self.tls:
            self.tls_files = make_tls_files(self.folder, self.tls_names)
        self._write_config()

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def config_file(self) -> Path:
        return self.folder / "dovecot.conf"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        log = (self.folder / "stdout.log").open("ab")
        with log:
            # A process group of its own, so that kill() can take down the whole server at once,
            # including the imap processes serving open sessions.
            self._process = subprocess.Popen(
                [self._binary, "-F", "-c", str(self.config_file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def stop(self) -> None:
        """A clean shutdown: clients get ``* BYE Server shutting down``."""
        self._signal_group(signal.SIGTERM)

    def kill(self) -> None:
        """A crash: the whole process group dies without a word to the clients."""
        self._signal_group(signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        # No port is reused after this, so the group's stragglers need not be waited for.
        self._signal_group(signal.SIGKILL, wait_for_group=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _signal_group(self, signum: int, *, wait_for_group: bool = True) -> None:
        process = self._process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)
        if wait_for_group:
            self._wait_group_gone(process.pid)
        self._process = None

    def _wait_group_gone(self, pgid: int) -> None:
        # The master may exit before its children; a restart must not meet a port still held.
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        os.killpg(pgid, signal.SIGKILL)

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        user, password = next(iter(self.users.items()))
        deadline = time.monotonic() + timeout_s
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start; its log:\n{self.log_text()}")
            try:
                with self.imap(user, password):
                    return
            except (OSError, imaplib.IMAP4.error) as exc:
                last_error = exc
                time.sleep(0.05)
        raise TimeoutError(f"dovecot not ready after {timeout_s} s ({last_error}); log:\n{self.log_text()}")

    def log_text(self) -> str:
        parts = [
            p.read_text(errors="replace")
            for p in (self.folder / "dovecot.log", self.folder / "stdout.log")
            if p.exists()
        ]
        return "\n".join(parts)[-4000:]

    # --- helpers for tests -------------------------------------------------------------------------

    @contextlib.contextmanager
    def imap(self, user: str, password: str | None = None, timeout_s: float = 5.0) -> Iterator[imaplib.IMAP4]:
        """A logged-in imaplib client (the test's own side of the mailbox, independent of the bot)."""
        client = imaplib.IMAP4(self.host, self.imap_port, timeout=timeout_s)
        try:
            client.login(user, password if password is not None else self.users[user])
            yield client
        finally:
            try:
                client.logout()
            except (OSError, imaplib.IMAP4.error):
                client.shutdown()

    def append(self, user: str, raw: bytes, mailbox: str = "INBOX") -> int:
        """Deliver one message into a mailbox the way a list server's delivery would; returns its UID."""
        with self.imap(user) as client:
            typ, data = client.append(_quote(mailbox), "", imaplib.Time2Internaldate(time.time()), raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")
            text = data[0].decode() if data and isinstance(data[0], bytes) else ""
        # APPENDUID (RFC 4315): "[APPENDUID <uidvalidity> <uid>] Append completed."
        return int(text.split("]")[0].split()[-1])

    def deliver_offline(self, user: str, raw: bytes) -> None:
        """Drop a message straight into the user's Maildir, as a local delivery agent would, even
        while the server is down; Dovecot gives it a UID when the mailbox is next opened."""
        internal, _ = _service_users()
        maildir = self.folder / "home" / user / "Maildir"
        for part in ("", "tmp", "new", "cur"):
            (maildir / part).mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.chown(maildir / part, internal, internal)
        name = f"{time.time_ns()}.P{os.getpid()}.listminder-test"
        draft = maildir / "tmp" / name
        draft.write_bytes(raw)
        shutil.chown(draft, internal, internal)
        # Maildir delivery: written in tmp/, then renamed into new/ so that no reader sees half a file.
        draft.rename(maildir / "new" / name)

    def create_mailbox(self, user: str, mailbox: str) -> None:
        with self.imap(user) as client:
            typ, data = client.create(_quote(mailbox))
            if typ != "OK":
                raise RuntimeError(f"CREATE failed: {data!r}")

    def delete_mailbox(self, user: str, mailbox: str) -> None:
        with self.imap(user) as client:
            typ, data = client.delete(_quote(mailbox))
            if typ != "OK":
                raise RuntimeError(f"DELETE failed: {data!r}")

    def expunge(self, user: str, uid: int, mailbox: str = "INBOX") -> None:
        """Remove one message from another session, as a mail client or a retention job would."""
        with self.imap(user) as client:
            client.select(_quote(mailbox))
            typ, data = client.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)")
            if typ != "OK":
                raise RuntimeError(f"STORE failed: {data!r}")
            client.expunge()

    def uids(self, user: str, mailbox: str = "INBOX", criteria: str = "ALL") -> list[int]:
        with self.imap(user) as client:
            client.select(_quote(mailbox))
            typ, data = client.uid("SEARCH", criteria)
            if typ != "OK":
                raise RuntimeError(f"SEARCH failed: {data!r}")
            return [int(n) for n in data[0].split()] if data and data[0] else []

    def doveadm(self, *args: str) -> str:
        completed = subprocess.run(
            ["doveadm", "-c", str(self.config_file), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)} failed: {completed.stderr.strip()}")
        return completed.stdout

    def set_password(self, user: str, password: str) -> None:
        """Takes effect for the next LOGIN: passwd-file is re-read when it changes."""
        self.users[user] = password
        self._write_passwd()

    def client_ssl_context(self) -> ssl.SSLContext:
        if self.tls_files is None:
            raise RuntimeError("this instance was made without TLS")
        return ssl.create_default_context(cafile=str(self.tls_files.ca_file))

    # --- config ------------------------------------------------------------------------------------

    def _write_config(self) -> None:
        for name in ("base", "state", "home"):
            (self.folder / name).mkdir(mode=0o755)
        internal, login = _service_users()
        shutil.chown(self.folder / "home", internal, internal)
        self._write_passwd()
        self.config_file.write_text(self._config_text(internal, login))

    def _write_passwd(self) -> None:
        lines = [f"{user}:{{PLAIN}}{password}::::::\n" for user, password in self.users.items()]
        passwd = self.folder / "passwd"
        passwd.write_text("".join(lines))
        passwd.chmod(0o644)

    def _config_text(self, internal: str, login: str) -> str:
        folder = self.folder
        protocols = "imap lmtp" if self.lmtp else "imap"
        lines = [
            f"instance_name = listminder-test-{folder.name}",
            f"base_dir = {folder}/base",
            f"state_dir = {folder}/state",
            f"log_path = {folder}/dovecot.log",
            f"protocols = {protocols}",
            f"listen = {self.host}",
            f"mail_uid = {internal}",
            f"mail_gid = {internal}",
            "first_valid_uid = 1",
            "first_valid_gid = 1",
            f"default_internal_user = {internal}",
            f"default_login_user = {login}",
            "disable_plaintext_auth = no",
            f"auth_failure_delay = {self.auth_failure_delay}",
            "mail_location = maildir:~/Maildir",
            "passdb {",
            "  driver = passwd-file",
            f"  args = scheme=PLAIN username_format=%n {folder}/passwd",
            "}",
            "userdb {",
            "  driver = passwd-file",
            f"  args = username_format=%n {folder}/passwd",
            f"  default_fields = home={folder}/home/%n uid={internal} gid={internal}",
            "}",
            "service imap-login {",
            "  inet_listener imap {",
            f"    port = {self.imap_port}",
            "  }",
            "  inet_listener imaps {",
            f"    port = {self.imaps_port}",
            "  }",
            "}",
            *self._tls_lines(),
            *self._lmtp_lines(),
        ]
        if not self.idle:
            # What Dovecot announces after login; without IDLE a client has to poll.
            lines.append(
                "imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE "
                "UIDPLUS MOVE NAMESPACE CHILDREN"
            )
        return "\n".join(lines) + "\n"

    def _tls_lines(self) -> list[str]:
        if self.tls_files is None:
            return ["ssl = no"]
        return [
            "ssl = yes",
            f"ssl_cert = <{self.tls_files.cert_file}",
            f"ssl_key = <{self.tls_files.key_file}",
        ]

    def _lmtp_lines(self) -> list[str]:
        if not self.lmtp:
            return []
        return [
            "service lmtp {",
            "  inet_listener lmtp {",
            f"    address = {self.host}",
            f"    port = {self.lmtp_port}",
            "  }",
            "}",
        ]


def _service_users() -> tuple[str, str]:
    """The users Dovecot runs its mail and login processes as."""
    if os.geteuid() == 0:
        # Dovecot refuses to access mail as root; the packages create these two users.
        return "dovecot", "dovenull"
    own = pwd.getpwuid(os.geteuid()).pw_name
    return own, own


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
