"""One IMAP connection, made safe to wait on.

aioimaplib reports a dropped connection only through a callback: commands already sent then hang until
their timeout, and an IDLE wait just times out. Every call here therefore races the command against
that callback and against a timeout of its own, and turns both into exceptions (``ConnectionLost``,
``TimeoutError``), so the watcher above can reconnect at once. Library errors become ``SourceError``;
a certificate that fails verification becomes ``SourceSetupError``, as no reconnection will cure it.
Text from the server is made printable (one line, no controls) before it goes into an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import ssl
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from aioimaplib import aioimaplib
from imapclient import imap_utf7
from pydantic import SecretStr

from bot.config import ImapSettings
from bot.errors import SourceAuthError, SourceError, SourceSetupError
from bot.text import printable

T = TypeVar("T")

_UIDVALIDITY = re.compile(rb"\[UIDVALIDITY (\d+)\]")
_UIDNEXT = re.compile(rb"\[UIDNEXT (\d+)\]")
_EXISTS = re.compile(rb"^(\d+) EXISTS\b")
# Ends an IDLE early besides new mail (EXISTS) and BYE: Cyrus announces a deleted mailbox only so.
_EXPUNGE = re.compile(rb"^(\d+) EXPUNGE\b")
_FETCH_UID = re.compile(rb"\bUID (\d+)\b")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
LOGIN_TIMEOUT_S = 60.0
# OpenSSL's codes for a certificate issued to another host name or IP address (X509_V_ERR_HOSTNAME_MISMATCH,
# X509_V_ERR_IP_ADDRESS_MISMATCH): the fix is the host setting, not the CA.
_NAME_MISMATCH_CODES = frozenset({62, 64})
# A goodbye is a courtesy: a server that takes longer is simply dropped.
LOGOUT_TIMEOUT_S = 2.0
# Login refusals that say "try again later" rather than "wrong password" (RFC 5530 response codes).
_TEMPORARY_LOGIN_CODES = (b"[UNAVAILABLE]", b"[SERVERBUG]", b"[INUSE]", b"[LIMIT]")


class ConnectionLost(SourceError):
    """The server closed the connection or stopped answering."""


class CommandRefused(SourceError):
    """The server answered NO or BAD to a command; the connection itself is fine."""


@dataclass(frozen=True, slots=True)
class MailboxState:
    """What SELECT reports. ``marker`` changes whenever mail may have arrived."""

    uidvalidity: int
    uidnext: int | None
    exists: int

    @property
    def marker(self) -> tuple[int, int | None, int]:
        return (self.uidvalidity, self.uidnext, self.exists)


@dataclass(frozen=True, slots=True)
class FetchedMessage:
    uid: int
    raw: bytes
    internaldate: datetime | None


def quote(text: str) -> str:
    """An IMAP quoted string (RFC 3501 section 4.3); aioimaplib sends mailbox names as given."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox_name(name: str) -> str:
    """A mailbox name as IMAP4rev1 writes it: modified UTF-7 (RFC 3501 section 5.1.3), quoted.

    "Listes/Réunions" goes out as "Listes/R&AOk-unions"; an ASCII name is unchanged but for "&".
    """
    encoded: bytes = imap_utf7.encode(name)
    return quote(encoded.decode("ascii"))


class ImapConnection:
    def __init__(self, client: Any, lost: asyncio.Event, timeout_s: float) -> None:
        self._client = client
        self._lost = lost
        self._timeout_s = timeout_s

    @classmethod
    async def open(cls, settings: ImapSettings, context: ssl.SSLContext | None) -> ImapConnection:
        """Connect, secure, log in. Raises SourceAuthError when the credentials are refused,
        SourceSetupError when the server's certificate fails verification."""
        password = _password(settings)
        lost = asyncio.Event()
        client = aioimaplib.IMAP4(
            settings.host,
            settings.port,
            timeout=settings.timeout_s,
            conn_lost_cb=lambda _exc: lost.set(),
            ssl_context=context if settings.tls == "implicit" else None,
        )
        connection = cls(client, lost, settings.timeout_s)
        try:
            await connection._greet_and_secure(settings, context)
            await connection._login(settings.username, password)
        except BaseException:
            await connection.aclose()
            raise
        return connection

    # --- the safe wait -----------------------------------------------------------------------------

    async def call(self, awaitable: Awaitable[T], timeout_s: float | None = -1.0) -> T:
        """Await a library call, but give up when the connection drops or the time is up.

        ``timeout_s`` None means no limit of ours (the library's own inactivity timer still applies).
        """
        limit = self._timeout_s if timeout_s is not None and timeout_s < 0 else timeout_s
        work = asyncio.ensure_future(awaitable)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            done, _ = await asyncio.wait({work, lost}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            if not work.done():
                work.cancel()
                # Nobody awaits it any more; its late outcome must not be reported as unretrieved.
                work.add_done_callback(_discard_outcome)
        if work in done:
            return work.result()
        if lost in done:
            raise ConnectionLost("the server closed the connection")
        raise TimeoutError(f"no answer from the server within {limit} s")

    async def pause(self, seconds: float, wake: asyncio.Event | None = None) -> None:
        """Sleep, but wake with ConnectionLost as soon as the server goes away, or when ``wake`` is set."""
        nap = asyncio.sleep(seconds) if wake is None else _until(wake, seconds)
        await self.call(nap, timeout_s=None)

    # --- session -----------------------------------------------------------------------------------

    async def _greet_and_secure(self, settings: ImapSettings, context: ssl.SSLContext | None) -> None:
        """The server's greeting, and TLS when asked for; OS and TLS errors said in our words."""
        where = f"{settings.host}:{settings.port}"
        try:
            await self.call(self._client.wait_hello_from_server())
            if settings.tls == "starttls":
                assert context is not None
                await self._starttls(context, settings.host)
        except ssl.SSLCertVerificationError as exc:
            raise SourceSetupError(certificate_refused(settings, exc)) from exc
        except TimeoutError as exc:  # an OSError too: caught first
            # The library's own timer gives no text; ours says what was waited for.
            raise TimeoutError(f"no answer from {where} within {settings.timeout_s} s") from exc
        except OSError as exc:
            raise SourceError(f"cannot connect to {where}: {_os_reason(exc)}") from exc

    async def _starttls(self, context: ssl.SSLContext, host: str) -> None:
        protocol = self._client.protocol
        if "STARTTLS" not in protocol.capabilities:
            # Never fall back to plain text: the password would cross the network readable.
            raise SourceError("the server does not offer STARTTLS")
        command = aioimaplib.Command("STARTTLS", protocol.new_tag(), loop=protocol.loop)
        _check(await self.call(protocol.execute(command)), "STARTTLS")
        loop = asyncio.get_running_loop()
        secured = await self.call(loop.start_tls(protocol.transport, protocol, context, server_hostname=host))
        protocol.transport = secured
        # Capabilities learnt before TLS may have been forged by a man in the middle (RFC 3501 6.2.1).
        await self.call(protocol.capability())

    async def _login(self, username: str, password: SecretStr) -> None:
        # The protocol's login, not the client's: the client would cut it at timeout_s, and servers slow
        # down repeated failed logins on purpose (Dovecot's auth penalty reaches 15 s).
        login = self._client.protocol.login(quote(username), password.get_secret_value())
        response = await self.call(login, timeout_s=max(self._timeout_s, LOGIN_TIMEOUT_S))
        if response.result != "OK":
            text = _text(response.lines)
            if any(code in text.encode() for code in _TEMPORARY_LOGIN_CODES):
                raise SourceError(f"the server cannot check the login now: {text}")
            raise SourceAuthError(f"login refused: {text}")
        # The capabilities before login are not the whole set (IDLE, MOVE may come only now).
        await self.call(self._client.protocol.capability())

    @property
    def has_idle(self) -> bool:
        return "IDLE" in self._client.protocol.capabilities

    def has_capability(self, name: str) -> bool:
        return name in self._client.protocol.capabilities

    async def logout(self) -> None:
        """End the session politely (RFC 3501 6.1.3), so the server logs a logout, not a lost client."""
        if self._lost.is_set():
            return
        with contextlib.suppress(Exception):
            await self.call(self._client.protocol.logout(), timeout_s=LOGOUT_TIMEOUT_S)

    async def aclose(self) -> None:
        """Drop the connection without a LOGOUT; also ends the library's helper tasks and timers.

        Safe to await from a cancelled task: it waits only for the loop to release the socket.
        """
        client = self._client
        protocol = client.protocol
        if protocol.transport is not None:
            # abort, not close: a TLS close would wait on the server for its close_notify.
            protocol.transport.abort()
        # The library keeps these in private fields; left alone they outlive the connection.
        connecting = client._client_task
        for task in [connecting, *client.tasks, *protocol.tasks]:
            if not task.done():
                task.cancel()
                task.add_done_callback(_discard_outcome)
        if client._idle_waiter is not None:
            client._idle_waiter.cancel()
        # A connection attempt cut short closes its socket only as its task unwinds, and a closed
        # transport lets go of the socket one turn of the loop later.
        await asyncio.wait({connecting}, timeout=self._timeout_s)
        await asyncio.sleep(0)

    # --- mailbox -----------------------------------------------------------------------------------

    async def select(self, mailbox: str) -> MailboxState:
        response = await self.call(self._client.select(mailbox_name(mailbox)))
        _check(response, f"cannot select mailbox {printable(mailbox)!r}")
        lines = [line for line in response.lines if isinstance(line, bytes)]
        uidvalidity = _first_int(_UIDVALIDITY, lines)
        if uidvalidity is None:
            raise SourceError(f"the server sent no UIDVALIDITY for {mailbox!r}")
        exists = _first_int(_EXISTS, lines)
        return MailboxState(uidvalidity, _first_int(_UIDNEXT, lines), exists or 0)

    async def uids_after(self, last_uid: int) -> list[int]:
        response = await self.call(self._client.uid_search(f"UID {last_uid + 1}:*", charset=None))
        _check(response, "UID SEARCH")
        # "n:*" always matches the newest message, even when its UID is below n (RFC 3501 6.4.8).
        found = {int(token) for line in response.lines[:-1] for token in line.split() if token.isdigit()}
        return sorted(uid for uid in found if uid > last_uid)

    async def fetch(self, uid: int) -> FetchedMessage | None:
        """The whole message without setting \\Seen; None when it has been expunged meanwhile."""
        # No limit of ours: a large message may take long; the library's inactivity timer still runs.
        request = self._client.uid("fetch", str(uid), "(UID INTERNALDATE BODY.PEEK[])")
        response = await self.call(request, timeout_s=None)
        _check(response, f"UID FETCH {uid}")
        lines = response.lines
        for index in range(1, len(lines)):
            header = lines[index - 1]
            if isinstance(lines[index], bytearray) and _first_int(_FETCH_UID, [header]) == uid:
                return FetchedMessage(uid, bytes(lines[index]), _internaldate(header))
        return None

    async def mark_seen(self, uid: int) -> None:
        _check(await self.call(self._client.uid("store", str(uid), "+FLAGS.SILENT", r"(\Seen)")), "STORE")

    async def move(self, uid: int, folder: str) -> None:
        if self.has_capability("MOVE"):
            _check(await self.call(self._client.uid("move", str(uid), mailbox_name(folder))), "MOVE")
            return
        if not self.has_capability("UIDPLUS"):
            raise CommandRefused("the server offers neither MOVE nor UIDPLUS; cannot move messages")
        _check(await self.call(self._client.uid("copy", str(uid), mailbox_name(folder))), "COPY")
        flagged = await self.call(self._client.uid("store", str(uid), "+FLAGS.SILENT", r"(\Deleted)"))
        _check(flagged, "STORE")
        _check(await self.call(self._client.uid("expunge", str(uid))), "UID EXPUNGE")

    async def idle(self, seconds: float, wake: asyncio.Event | None = None) -> None:
        """IDLE until the server announces new mail or a change of the mailbox, ``seconds`` pass or
        ``wake`` is set; then end IDLE cleanly."""
        client = self._client
        _drop_stale_pushes(client.protocol.idle_queue)
        # aioimaplib's own renewal timer is only a backstop here: the deadline below governs.
        idle_task = await self.call(client.idle_start(timeout=seconds + self._timeout_s))
        try:
            await self._await_news(seconds, wake)
        except BaseException:
            idle_task.cancel()
            idle_task.add_done_callback(_discard_outcome)
            raise
        client.idle_done()
        _check(await self.call(idle_task), "IDLE")

    async def _await_news(self, seconds: float, wake: asyncio.Event | None) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (remaining := deadline - loop.time()) > 0:
            try:
                lines = await self.call(self._push_or_wake(remaining, wake), timeout_s=None)
            except TimeoutError:
                return
            if lines == aioimaplib.STOP_WAIT_SERVER_PUSH:
                return
            if any(line.startswith(b"BYE") for line in lines):
                raise ConnectionLost(f"the server said {_text(lines)}")
            if any(_EXISTS.match(line) or _EXPUNGE.match(line) for line in lines):
                return

    async def _push_or_wake(self, seconds: float, wake: asyncio.Event | None) -> Any:
        """The server's next untagged lines, or STOP_WAIT_SERVER_PUSH once ``wake`` is set."""
        push = asyncio.ensure_future(self._client.wait_server_push(timeout=seconds))
        if wake is None:
            return await push
        woken = asyncio.ensure_future(wake.wait())
        try:
            await asyncio.wait({push, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
            if not push.done():
                push.cancel()
                push.add_done_callback(_discard_outcome)
        return push.result() if push.done() and not push.cancelled() else aioimaplib.STOP_WAIT_SERVER_PUSH


async def _until(wake: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), seconds)


def certificate_refused(settings: ImapSettings, exc: ssl.SSLCertVerificationError) -> str:
    """One line that says which certificate failed, why, and what to set."""
    reason = printable(exc.verify_message or exc.reason or str(exc)).rstrip(".")
    if exc.verify_code in _NAME_MISMATCH_CODES:
        advice = "set host to a name the certificate is for"
    else:
        advice = "set ca_file to the certificate of the CA that signed it"
    trusted = "the system's CAs (no ca_file)" if settings.ca_file is None else f"ca_file {settings.ca_file}"
    return (
        f"the TLS certificate of {settings.host}:{settings.port} failed verification against {trusted}: "
        f"{reason}; {advice}"
    )


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake failed: {printable(str(exc))}"
    if exc.errno is not None and exc.errno > 0:
        # "Connection refused", not asyncio's "[Errno 111] Connect call failed ('127.0.0.1', 993)".
        return os.strerror(exc.errno)
    return printable(exc.strerror or str(exc))


def _password(settings: ImapSettings) -> SecretStr:
    try:
        password = settings.resolve_password()
    except OSError as exc:
        raise SourceAuthError(f"cannot read password_file: {exc.strerror or exc}") from exc
    if password is None:
        where = settings.password_env or "password, password_env or password_file"
        raise SourceAuthError(f"no password given (set {where})")
    return password


def _check(response: Any, what: str) -> None:
    if response.result != "OK":
        raise CommandRefused(f"{what}: {response.result} {_text(response.lines)}")


def _text(lines: Sequence[bytes | bytearray]) -> str:
    # The server's words go into log lines and the status board: one line, no control characters.
    return printable(" ".join(bytes(line).decode("utf-8", "replace") for line in lines))


def _first_int(pattern: re.Pattern[bytes], lines: Sequence[bytes | bytearray]) -> int | None:
    for line in lines:
        match = pattern.search(bytes(line))
        if match:
            return int(match[1])
    return None


def _internaldate(header: bytes) -> datetime | None:
    match = _INTERNALDATE.search(header)
    if match is None:
        return None
    try:
        return datetime.strptime(match[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _drop_stale_pushes(queue: asyncio.Queue[Any]) -> None:
    # Left over from an earlier IDLE on this connection: already acted upon by the SELECT since.
    while not queue.empty():
        queue.get_nowait()


def _discard_outcome(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()
