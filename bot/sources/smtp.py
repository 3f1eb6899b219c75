"""The bot's own SMTP or LMTP listener, for lists that deliver straight to it.

It takes mail only for the addresses it is given (the lists' addresses and the bot's own) and refuses
every other recipient, so it can never relay. It answers 250 only once the intake has committed the
message: a sending server that gets no answer, or 451 while the store is down, keeps the message and
tries again, so nothing is lost when the bot stops mid-message. In LMTP mode it answers once per
recipient after DATA (RFC 2033).

Anyone who can reach the port can talk to it, so every session is bounded: its memory by
``max_message_bytes`` whatever it sends (a message past the limit, or a line past the line limit, is
answered at once and the rest is read and dropped), its time by an idle timeout and a whole-session
limit, and its number by a global and a per-address cap. With every slot taken, the session idle the
longest outside a transaction is closed to make room, so that idle connections cannot lock senders out.

Lines may end in a bare LF, as they do in a .eml file uploaded by curl: such a message is kept as sent.
Only CRLF ends a line for the protocol (the final dot, dot-transparency), so that a bare-LF dot cannot
end the data early (SMTP smuggling).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import socket
import ssl
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import MISSING, SMTP, Envelope, Session, syntax

from bot import clock
from bot.config import ListenerSettings
from bot.errors import SetupError, StoreUnavailable
from bot.logs import fields
from bot.sources.base import Intake, ListenerReporter

log = logging.getLogger(__name__)

REFUSED_RECIPIENT = "550 5.1.1 <{}>: no list is delivered here under that address"
TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients"
TOO_MANY_SESSIONS = "421 4.7.0 Too many connections, try again later"
TOO_MANY_FROM_PEER = "421 4.7.0 Too many connections from your address, try again later"
SHUTTING_DOWN = "421 4.3.2 Service shutting down, try again later"
IDLE_TIMEOUT = "421 4.4.2 Idle too long, closing the session"
MADE_ROOM = "421 4.4.2 Idle session closed to make room for another, try again later"
SESSION_LIMIT = "421 4.4.2 Session time limit reached, closing the session"
TOO_BIG = "552 5.3.4 Message too big for this server"
LINE_TOO_LONG = "500 5.5.2 Line too long (RFC 5321 4.5.3.1.6)"
NO_AUTH = "502 5.5.1 AUTH is not offered here"
STORE_DOWN = "451 4.3.0 Cannot store the message now, try again later"
FAILED = "451 4.3.0 Local error in processing, try again later"
COMMITTED = "250 2.0.0 Message accepted"
# How long run() waits, once cancelled, for the sessions it closed to wind down.
CLOSE_WAIT_S = 2.0
# A line of DATA as kept, without its line ending (LF or CRLF): RFC 5321 allows 998; aiosmtpd's own
# limit (1,001 with CRLF, to leave room for the transparency dot) let 999 through, and still does.
MAX_LINE_BYTES = SMTP.line_length_limit - 2
# Refusals (too many sessions) are logged at most this often per reason, with a count of the others.
REFUSAL_LOG_INTERVAL_S = 10.0
# Told the reason of each connection, recipient or message the listener turns away (/metrics counts
# them): too_many_sessions, too_many_from_peer, shutting_down, unknown_recipient, too_many_recipients,
# too_big, line_too_long, store_unavailable, intake_failed.
RefusalCounter = Callable[[str], None]
# The reason a refusal of a message's DATA is counted under.
DATA_REFUSALS = {TOO_BIG: "too_big", LINE_TOO_LONG: "line_too_long"}


def _uncounted(reason: str) -> None:
    return None


def normalise(address: str) -> str:
    return address.strip().lower()


class _RefusalLog:
    """Logs refused connections at most once per interval and reason, so that a flood cannot fill the
    log; each line counts the refusals left unlogged since the previous one."""

    def __init__(self, interval_s: float) -> None:
        self._interval_s = interval_s
        self._last_logged: dict[str, float] = {}
        self._unlogged: Counter[str] = Counter()

    def refused(self, reason: str, peer: str) -> None:
        now = time.monotonic()
        last = self._last_logged.get(reason)
        if last is not None and now - last < self._interval_s:
            self._unlogged[reason] += 1
            return
        self._last_logged[reason] = now
        unlogged = self._unlogged.pop(reason, 0)
        log.warning("listener.refused", extra=fields(reason=reason, peer=peer, unlogged_since=unlogged))


class _Sessions:
    """The open sessions and the work in hand, for the session limits and for drain()."""

    def __init__(self, limit: int, per_peer_limit: int, count: RefusalCounter) -> None:
        self.limit = limit
        self.per_peer_limit = per_peer_limit
        self.per_peer: Counter[str] = Counter()
        self.refusals = _RefusalLog(REFUSAL_LOG_INTERVAL_S)
        # Every refusal by reason, for /metrics: the log above says only some of them.
        self.count = count
        self.open: set[_GuardedSMTP] = set()
        self.in_transaction: set[Session] = set()
        self.commits: set[asyncio.Future[Any]] = set()
        self._settled = asyncio.Event()
        self._settled.set()
        self._none_open = asyncio.Event()
        self._none_open.set()

    def admit(self, session: _GuardedSMTP, peer_host: str) -> str | None:
        """None when the session may go on, else the reply that turns it away."""
        if self.per_peer[peer_host] >= self.per_peer_limit:
            self._refuse("too_many_from_peer", peer_host)
            return TOO_MANY_FROM_PEER
        if len(self.open) >= self.limit and not self._make_room():
            self._refuse("too_many_sessions", peer_host)
            return TOO_MANY_SESSIONS
        self.open.add(session)
        self.per_peer[peer_host] += 1
        self._none_open.clear()
        return None

    def _refuse(self, reason: str, peer_host: str) -> None:
        self.refusals.refused(reason, peer_host)
        self.count(reason)

    def _make_room(self) -> bool:
        """Closes the session idle the longest outside a transaction, if there is one: a connection
        that only holds a slot (a slow-loris from many addresses) yields it to one that may deliver."""
        idle = [s for s in self.open if not s.closing and s.session not in self.in_transaction]
        if not idle:
            return False
        victim = min(idle, key=lambda s: s.last_active)
        victim.close_with(MADE_ROOM)
        # Its slot is free from now on; release() follows when the connection is gone.
        self.open.discard(victim)
        return True

    def release(self, session: _GuardedSMTP, peer_host: str) -> None:
        self.open.discard(session)
        self.per_peer[peer_host] -= 1
        if self.per_peer[peer_host] <= 0:
            del self.per_peer[peer_host]
        if not self.open:
            self._none_open.set()
        if session.session is not None:
            self.end_transaction(session.session)

    def begin_transaction(self, session: Session) -> None:
        self.in_transaction.add(session)
        self._settled.clear()

    def end_transaction(self, session: Session) -> None:
        self.in_transaction.discard(session)
        self._update()

    def track(self, commit: asyncio.Future[Any]) -> None:
        self.commits.add(commit)
        self._settled.clear()
        commit.add_done_callback(self._commit_done)

    def _commit_done(self, commit: asyncio.Future[Any]) -> None:
        self.commits.discard(commit)
        self._update()

    def _update(self) -> None:
        if not self.in_transaction and not self.commits:
            self._settled.set()

    async def settled(self) -> None:
        await self._settled.wait()

    async def all_closed(self) -> None:
        await self._none_open.wait()


class _Body:
    """The DATA of one message, fed piece by piece (a line, or a fragment of an over-long one), and
    held to the size and line limits: once one is passed, nothing more is kept."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._data = bytearray()
        self._line_bytes = 0
        # At the start of a CRLF-ended line: where the final dot and dot-transparency apply.
        self._line_start = True
        self._after_cr = False
        self.ended = False
        self.refusal: str | None = None

    def feed(self, piece: bytes) -> str | None:
        """Takes the next piece; returns a refusal the first time a limit is passed, else None."""
        if self._line_start and piece == b".\r\n":
            self.ended = True
            return None
        if self._line_start and piece.startswith(b"."):
            piece = piece[1:]
        crlf_ended = piece.endswith(b"\r\n") or (piece == b"\n" and self._after_cr)
        self._line_start = crlf_ended
        self._after_cr = piece.endswith(b"\r")
        self._line_bytes += len(piece)
        line_bytes = self._line_bytes - _ending_bytes(piece, crlf_ended)
        if piece.endswith(b"\n"):
            self._line_bytes = 0
        if self.refusal is not None:
            return None
        if line_bytes > MAX_LINE_BYTES:
            return self._refuse(LINE_TOO_LONG)
        if len(self._data) + len(piece) > self._max_bytes:
            return self._refuse(TOO_BIG)
        self._data += piece
        return None

    def _refuse(self, reply: str) -> str:
        self.refusal = reply
        self._data = bytearray()
        return reply

    def content(self) -> bytes:
        return bytes(self._data)


def _ending_bytes(piece: bytes, crlf_ended: bool) -> int:
    """The bytes of the line ending at the end of ``piece`` (a CR that may start a CRLF counts)."""
    if crlf_ended:
        # A CR that came at the end of the previous piece was counted there.
        return 2
    return 1 if piece.endswith((b"\n", b"\r")) else 0


class _GuardedSMTP(SMTP):
    """An SMTP session held to the listener's limits: it counts itself against the session caps, ends
    when idle or too old with a 421, reads DATA in bounded memory, and offers no AUTH."""

    def __init__(self, handler: Any, sessions: _Sessions, settings: ListenerSettings, **options: Any) -> None:
        super().__init__(
            handler, timeout=settings.idle_timeout_s, data_size_limit=settings.max_message_bytes, **options
        )
        self._sessions = sessions
        self._settings = settings
        self._admitted = False
        self._peer_host = ""
        self._session_timer: asyncio.TimerHandle | None = None
        self.last_active = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Called a second time after STARTTLS, on the same session: count it once.
        if not self._admitted:
            self._peer_host = _host_of(transport.get_extra_info("peername"))
            refusal = self._sessions.admit(self, self._peer_host)
            if refusal is not None:
                assert isinstance(transport, asyncio.WriteTransport)
                transport.write(refusal.encode() + b"\r\n")
                transport.close()
                return
            self._admitted = True
            self._session_timer = self.loop.call_later(
                self._settings.session_limit_s, self.close_with, SESSION_LIMIT
            )
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if not self._admitted:
            return
        if self._session_timer is not None:
            self._session_timer.cancel()
        self._sessions.release(self, self._peer_host)
        super().connection_lost(error)

    def close_with(self, reply: str) -> None:
        """Says why (a 421), then closes the session, whatever it is doing."""
        if self.closing:
            return
        assert isinstance(self.transport, asyncio.WriteTransport)
        self.transport.write(reply.encode() + b"\r\n")
        self.transport.close()

    @property
    def closing(self) -> bool:
        return self.transport is None or self.transport.is_closing()

    def _reset_timeout(self, duration: float | None = None) -> None:
        # Called on every valid command and every piece of DATA: the session is doing something.
        self.last_active = time.monotonic()
        super()._reset_timeout(duration)

    def _timeout_cb(self) -> None:
        # aiosmtpd's idle timeout closes without a word; a sending server should learn it may retry.
        self.close_with(IDLE_TIMEOUT)

    async def smtp_AUTH(self, arg: str) -> None:
        # The listener has no accounts: aiosmtpd's default would take a login that can never succeed.
        await self.push(NO_AUTH)

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        # aiosmtpd's own DATA keeps every fragment of an over-long line and takes only CRLF as a line
        # ending; this one bounds memory, answers as soon as a limit is passed, and takes bare LF lines.
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        body = await self._read_body()
        if body is None or body.refusal is not None:
            self.envelope = self._create_envelope()
            return
        self.envelope.content = self.envelope.original_content = body.content()
        status = await self._call_handler_hook("DATA")
        self.envelope = self._create_envelope()
        await self.push("250 OK" if status is MISSING else status)

    async def _read_body(self) -> _Body | None:
        """Reads DATA up to the final dot; None when the client went away first."""
        body = _Body(self._settings.max_message_bytes)
        while not body.ended:
            piece = await self._read_piece()
            if piece is None:
                return None
            # Bytes are arriving: the session is not idle (its total time is still limited).
            self._reset_timeout()
            refusal = body.feed(piece)
            if refusal is not None:
                self._sessions.count(DATA_REFUSALS[refusal])
                await self._answer_data(refusal)
        return body

    async def _read_piece(self) -> bytes | None:
        """The next line (ended by LF, bare or after CR), or a fragment of one longer than the
        reader's limit: the reader never buffers more than about twice that limit."""
        try:
            return await self._reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as overrun:
            return await self._reader.read(overrun.consumed)
        except asyncio.IncompleteReadError:
            return None

    async def _answer_data(self, reply: str) -> None:
        await self.push(reply)


class _GuardedLMTP(_GuardedSMTP, LMTP):
    async def _answer_data(self, reply: str) -> None:
        # LMTP answers DATA once per accepted recipient (RFC 2033 4.2).
        assert self.envelope is not None
        for _recipient in self.envelope.rcpt_tos:
            await self.push(reply)


class _Delivery:
    """aiosmtpd's handler: the recipient check, and the hand-over to the intake after DATA."""

    def __init__(
        self,
        recipients: Mapping[str, str | None],
        intake: Intake,
        sessions: _Sessions,
        settings: ListenerSettings,
    ) -> None:
        self._recipients = {normalise(address): name for address, name in recipients.items()}
        self._intake = intake
        self._sessions = sessions
        self._settings = settings
        self._protocol = "lmtp" if settings.lmtp else "smtp"
        self.draining = False

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        # aiosmtpd offers AUTH once TLS is up, but the listener has no accounts: offer only what works.
        session.host_name = hostname
        return [line for line in responses if not line[4:].upper().startswith("AUTH")]

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.draining:
            self._sessions.count("shutting_down")
            return SHUTTING_DOWN
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        self._sessions.begin_transaction(session)
        return "250 2.1.0 OK"

    async def handle_RSET(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self._sessions.end_transaction(session)
        return "250 2.0.0 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if normalise(address) not in self._recipients:
            log.info("listener.recipient_refused", extra=fields(recipient=address, peer=_peer(session)))
            self._sessions.count("unknown_recipient")
            return REFUSED_RECIPIENT.format(address)
        if len(envelope.rcpt_tos) >= self._settings.max_recipients:
            self._sessions.count("too_many_recipients")
            return TOO_MANY_RECIPIENTS
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # Not refused while draining: a transaction that reached DATA began before the drain (MAIL is
        # refused after it), and finishing it is what drain waits for.
        try:
            raw = envelope.original_content or b""
            lists = [self._recipients[normalise(rcpt)] for rcpt in envelope.rcpt_tos]
            replies = await self._commit_each(raw, lists, session)
            if self._settings.lmtp:
                return "\r\n".join(replies[name] for name in lists)
            # One answer for the whole message: 250 only when every list has it.
            return next((reply for reply in replies.values() if not reply.startswith("250")), COMMITTED)
        finally:
            self._sessions.end_transaction(session)

    async def _commit_each(
        self, raw: bytes, lists: list[str | None], session: Session
    ) -> dict[str | None, str]:
        named: list[str | None] = [name for name in dict.fromkeys(lists) if name is not None]
        # Mail for the bot's own address alone carries no list; with a list beside it, the list's copy is it.
        targets = named or [None]
        replies = {name: await self._commit(raw, name, session) for name in targets}
        if named and None in lists:
            replies[None] = replies[named[0]]
        return replies

    async def _commit(self, raw: bytes, list_name: str | None, session: Session) -> str:
        received_at = clock.now()
        source = f"{self._protocol}:{_peer(session)}"
        commit = asyncio.ensure_future(
            self._intake(raw, list_name=list_name, received_at=received_at, source=source)
        )
        # Shielded: a client that hangs up mid-commit must not leave the store half-written; its
        # server retries (no 250 came) and ingest's idempotency absorbs the second copy.
        self._sessions.track(commit)
        commit.add_done_callback(_retrieve_outcome)
        try:
            await asyncio.shield(commit)
        except StoreUnavailable:
            log.warning("listener.store_unavailable", extra=fields(list=list_name, peer=_peer(session)))
            self._sessions.count("store_unavailable")
            return STORE_DOWN
        except Exception:
            log.exception("listener.intake_failed", extra=fields(list=list_name, peer=_peer(session)))
            self._sessions.count("intake_failed")
            return FAILED
        log.info("listener.accepted", extra=fields(list=list_name, bytes=len(raw), peer=_peer(session)))
        return COMMITTED


class MailListener:
    """The SMTP (or LMTP) listener component."""

    def __init__(
        self,
        settings: ListenerSettings,
        recipients: Mapping[str, str | None],
        intake: Intake,
        *,
        report: ListenerReporter | None = None,
        count_refusal: RefusalCounter | None = None,
    ) -> None:
        self._settings = settings
        self._report = report
        self.name = "lmtp-listener" if settings.lmtp else "smtp-listener"
        self._sessions = _Sessions(
            settings.max_sessions, settings.max_sessions_per_peer, count_refusal or _uncounted
        )
        self._handler = _Delivery(recipients, intake, self._sessions, settings)
        self._tls = _server_tls(settings)
        # Looked up once: aiosmtpd would otherwise resolve the FQDN (a DNS query) for every session.
        self._hostname = socket.gethostname()
        self._server: asyncio.Server | None = None
        self._bound = asyncio.Event()
        self.port: int | None = None

    async def started(self) -> int:
        """Wait until the listener is bound; returns its port (useful with port 0)."""
        await self._bound.wait()
        assert self.port is not None
        return self.port

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        settings = self._settings
        try:
            self._server = await loop.create_server(self._new_session, settings.host, settings.port)
        except OSError as exc:
            self._tell(listening=False, port=settings.port, error=exc.strerror or str(exc))
            raise SetupError(_bind_problem(settings, exc)) from exc
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._bound.set()
        self._tell(listening=True, port=self.port, error=None)
        log.info(
            "listener.started",
            extra=fields(
                protocol="lmtp" if settings.lmtp else "smtp",
                host=settings.host,
                port=self.port,
                starttls=self._tls is not None,
            ),
        )
        try:
            await loop.create_future()
        finally:
            await self._close()

    async def drain(self) -> None:
        """Take no new sessions or transactions; return once the mail being received is committed."""
        self._handler.draining = True
        if self._server is not None:
            self._server.close()
        await self._sessions.settled()

    def _tell(self, *, listening: bool, port: int, error: str | None) -> None:
        if self._report is not None:
            self._report(listening=listening, address=f"{self._settings.host}:{port}", error=error)

    def _new_session(self) -> SMTP:
        session_class = _GuardedLMTP if self._settings.lmtp else _GuardedSMTP
        return session_class(
            self._handler,
            self._sessions,
            self._settings,
            enable_SMTPUTF8=True,
            hostname=self._hostname,
            tls_context=self._tls,
            loop=asyncio.get_running_loop(),
        )

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for session in list(self._sessions.open):
            session.close_with(SHUTTING_DOWN)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._sessions.all_closed(), CLOSE_WAIT_S)
        if self._server is not None:
            await self._server.wait_closed()
        log.info("listener.stopped", extra=fields(protocol="lmtp" if self._settings.lmtp else "smtp"))


def _bind_problem(settings: ListenerSettings, error: OSError) -> str:
    """One line for the admin: the address, why, and the setting to change."""
    reason = os.strerror(error.errno).lower() if error.errno else str(error)
    key = "inbound.smtp.host" if error.errno == errno.EADDRNOTAVAIL else "inbound.smtp.port"
    return f"cannot listen on {settings.host}:{settings.port}: {reason} (setting {key})"


def _server_tls(settings: ListenerSettings) -> ssl.SSLContext | None:
    if settings.tls_cert_file is None or settings.tls_key_file is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.tls_cert_file, settings.tls_key_file)
    return context


def _host_of(peername: Any) -> str:
    """The address part of a peer name (IPv4 or IPv6 tuple); the whole of anything else."""
    if isinstance(peername, tuple) and peername:
        return str(peername[0])
    return str(peername)


def _peer(session: Session) -> str:
    peer = session.peer
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return str(peer)


def _retrieve_outcome(commit: asyncio.Future[Any]) -> None:
    # The session that awaited this commit may be gone; its error was logged there or is moot.
    if not commit.cancelled():
        commit.exception()
