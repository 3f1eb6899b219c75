"""The bot's own SMTP or LMTP listener, for lists that deliver straight to it.

It takes mail only for the addresses it is given (the lists' addresses and the bot's own) and refuses
every other recipient, so it can never relay. It answers 250 only once the intake has committed the
message: a sending server that gets no answer, or 451 while the store is down, keeps the message and
tries again, so nothing is lost when the bot stops mid-message. In LMTP mode it answers once per
recipient after DATA (RFC 2033).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.config import ListenerSettings
from bot.errors import StoreUnavailable
from bot.logs import fields
from bot.sources.base import Intake, ListenerReporter

log = logging.getLogger(__name__)

REFUSED_RECIPIENT = "550 5.1.1 <{}>: no list is delivered here under that address"
TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients"
TOO_MANY_SESSIONS = b"421 4.7.0 Too many connections, try again later\r\n"
SHUTTING_DOWN = "421 4.3.2 Service shutting down, try again later"
STORE_DOWN = "451 4.3.0 Cannot store the message now, try again later"
FAILED = "451 4.3.0 Local error in processing, try again later"
COMMITTED = "250 2.0.0 Message accepted"
# How long run() waits, once cancelled, for the sessions it closed to wind down.
CLOSE_WAIT_S = 2.0


def normalise(address: str) -> str:
    return address.strip().lower()


class _Sessions:
    """The open sessions and the work in hand, for the session limit and for drain()."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: set[SMTP] = set()
        self.in_transaction: set[Session] = set()
        self.commits: set[asyncio.Future[Any]] = set()
        self._settled = asyncio.Event()
        self._settled.set()
        self._none_open = asyncio.Event()
        self._none_open.set()

    def admit(self, session: SMTP) -> bool:
        if len(self.open) >= self.limit:
            return False
        self.open.add(session)
        self._none_open.clear()
        return True

    def release(self, session: SMTP) -> None:
        self.open.discard(session)
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


class _GuardedSMTP(SMTP):
    """An SMTP session that counts itself against the listener's session limit."""

    def __init__(self, handler: Any, sessions: _Sessions, **options: Any) -> None:
        super().__init__(handler, **options)
        self._sessions = sessions
        self._admitted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Called a second time after STARTTLS, on the same session: count it once.
        if not self._admitted:
            if not self._sessions.admit(self):
                assert isinstance(transport, asyncio.WriteTransport)
                transport.write(TOO_MANY_SESSIONS)
                transport.close()
                return
            self._admitted = True
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if not self._admitted:
            return
        self._sessions.release(self)
        super().connection_lost(error)


class _GuardedLMTP(_GuardedSMTP, LMTP):
    pass


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

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.draining:
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
            return REFUSED_RECIPIENT.format(address)
        if len(envelope.rcpt_tos) >= self._settings.max_recipients:
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
        received_at = datetime.now(UTC)
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
            return STORE_DOWN
        except Exception:
            log.exception("listener.intake_failed", extra=fields(list=list_name, peer=_peer(session)))
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
    ) -> None:
        self._settings = settings
        self._report = report
        self.name = "lmtp-listener" if settings.lmtp else "smtp-listener"
        self._sessions = _Sessions(settings.max_sessions)
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
            raise
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
            data_size_limit=self._settings.max_message_bytes,
            enable_SMTPUTF8=True,
            hostname=self._hostname,
            tls_context=self._tls,
            loop=asyncio.get_running_loop(),
        )

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for session in list(self._sessions.open):
            if session.transport is not None:
                session.transport.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._sessions.all_closed(), CLOSE_WAIT_S)
        if self._server is not None:
            await self._server.wait_closed()
        log.info("listener.stopped", extra=fields(protocol="lmtp" if self._settings.lmtp else "smtp"))


def _server_tls(settings: ListenerSettings) -> ssl.SSLContext | None:
    if settings.tls_cert_file is None or settings.tls_key_file is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.tls_cert_file, settings.tls_key_file)
    return context


def _peer(session: Session) -> str:
    peer = session.peer
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return str(peer)


def _retrieve_outcome(commit: asyncio.Future[Any]) -> None:
    # The session that awaited this commit may be gone; its error was logged there or is moot.
    if not commit.cancelled():
        commit.exception()
