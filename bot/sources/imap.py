"""The IMAP watcher: one component per list mailbox, handing every new message to the intake.

Reading position: UIDVALIDITY and the last UID handled, kept through ``SourceStates`` and advanced only
after the intake has committed the message, so that nothing is skipped by a crash, a lost connection or
a store outage; what is read twice is absorbed by ingest's idempotency. A changed UIDVALIDITY means the
old UIDs are meaningless: the mailbox is read again from the start.

Waiting for mail: every round starts with SELECT, whose EXISTS/UIDNEXT tell whether anything arrived
since the last scan. Notifications cannot be trusted alone: aioimaplib drops untagged EXISTS lines that
arrive during a FETCH or SEARCH, and after a missed one an IDLE would wait for the next message. SELECT
is a command whose untagged answers the library keeps, and IDLE follows it with no command in between,
so every arrival is seen either by that SELECT or by the IDLE. Where the server has no IDLE, the round
repeats every ``poll_interval_s``.

A mailbox deleted and re-created (or renamed away and replaced) under the session is a new mailbox
that the IDLE does not watch: Cyrus says only EXPUNGE, Dovecot an untagged NO or nothing, Courier
nothing. So an IDLE also ends on EXPUNGE, and lasts at most ``mailbox_check_s``: the round's SELECT
that follows opens the mailbox by name and shows its new UIDVALIDITY. (STATUS would be lighter, but on
the selected mailbox Dovecot 2.3 answers from the session's own, stale view.)

Failures reach the log and the status board as one line. A refused login and a setup error (an
untrusted certificate, an unreadable ca_file) are retried slowly, as only the admin can fix them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote as url_quote

from aioimaplib import aioimaplib

from bot import clock
from bot.backoff import Backoff, BackoffPolicy
from bot.config import ImapSettings
from bot.errors import (
    ListminderError,
    SourceAuthError,
    SourceError,
    SourceSetupError,
    StoreUnavailable,
    TlsSetupError,
)
from bot.logs import fields
from bot.sources.base import Intake, MailboxReporter, SourceStates
from bot.sources.imapconn import (
    CommandRefused,
    FetchedMessage,
    ImapConnection,
    MailboxState,
)
from bot.store.records import MailboxPosition
from bot.text import printable
from bot.tls import client_context

log = logging.getLogger(__name__)

# How long drain waits for the session to end in order (IDLE done, LOGOUT) before it is cut.
DRAIN_LOGOUT_S = 3.0
# Worth a reconnect: the network, the server, a timeout, or a server answer we cannot work with.
_RECONNECT_ON = (OSError, TimeoutError, SourceError, aioimaplib.AioImapException)

# A network error, a timeout, a server restart: come back soon, then less often.
_NETWORK_RETRY = BackoffPolicy(first_s=1.0, cap_s=60.0)
# A refused password (or an untrusted certificate) will not fix itself quickly, and servers lock out
# clients that hammer them.
_AUTH_RETRY = BackoffPolicy(first_s=60.0, cap_s=900.0)
# The store is down: keep the message, try it again.
_STORE_RETRY = BackoffPolicy(first_s=1.0, cap_s=60.0)
# Ingest raised something unexpected for a message: retry it, but not in a tight loop.
_MESSAGE_RETRY = BackoffPolicy(first_s=5.0, cap_s=600.0)


@dataclass(frozen=True, slots=True)
class RetryPolicies:
    """How an IMAP watcher waits after each kind of trouble."""

    network: BackoffPolicy = _NETWORK_RETRY
    auth: BackoffPolicy = _AUTH_RETRY
    store: BackoffPolicy = _STORE_RETRY
    message: BackoffPolicy = _MESSAGE_RETRY


class _ScanOutcome(Enum):
    DONE = "done"
    STORE_DOWN = "store_down"
    HELD = "held"
    STOPPED = "stopped"


class ImapWatcher:
    """Watches one mailbox for one list. Many run side by side on one event loop."""

    def __init__(
        self,
        list_name: str,
        settings: ImapSettings,
        intake: Intake,
        states: SourceStates,
        *,
        retry: RetryPolicies | None = None,
        report: MailboxReporter | None = None,
    ) -> None:
        self.name = f"imap:{list_name}"
        self.list_name = list_name
        self.source_key = (
            f"imap:{list_name}:{settings.username}@{settings.host}:{settings.port}/{settings.mailbox}"
        )
        self._settings = settings
        self._intake = intake
        self._states = states
        self._retry = retry or RetryPolicies()
        self._report = report
        self._context: ssl.SSLContext | None = None
        self._position: MailboxPosition | None = None
        self._draining = False
        # Set by drain: wakes an IDLE, a poll or a retry wait, so that the session ends in order.
        self._stop = asyncio.Event()
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._finished = asyncio.Event()
        self._finished.set()

    # --- Component ---------------------------------------------------------------------------------

    async def run(self) -> None:
        network = Backoff(self._retry.network)
        auth = Backoff(self._retry.auth)

        def connected() -> None:
            network.reset()
            auth.reset()

        self._finished.clear()
        try:
            while not self._draining:
                try:
                    await self._session(connected)
                    continue
                except SourceAuthError as exc:
                    delay = auth.next_delay()
                    self._log_failure("imap.auth_failed", exc, delay, user=self._settings.username)
                except SourceSetupError as exc:
                    delay = auth.next_delay()
                    self._log_failure("imap.setup_failed", exc, delay)
                except _RECONNECT_ON as exc:
                    delay = network.next_delay()
                    self._log_failure("imap.disconnected", exc, delay, level=logging.WARNING)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), delay)
        finally:
            self._finished.set()

    async def drain(self) -> None:
        """Stop after the message in hand is committed; a wait for new mail ends at once, and the
        session with a LOGOUT if that takes no more than a moment (run() is cancelled after)."""
        self._draining = True
        self._stop.set()
        await self._quiet.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._finished.wait(), DRAIN_LOGOUT_S)

    # --- one connection ----------------------------------------------------------------------------

    async def _session(self, connected: Callable[[], None]) -> None:
        settings = self._settings
        connection = await ImapConnection.open(settings, self._tls_context())
        try:
            log.info(
                "imap.connected",
                extra=fields(
                    list=self.list_name,
                    host=settings.host,
                    port=settings.port,
                    tls=settings.tls,
                    mailbox=settings.mailbox,
                    mode="idle" if connection.has_idle else "poll",
                ),
            )
            if self._report is not None:
                self._report(self.list_name, connected=True, error=None)
            await self._watch(connection, connected)
        finally:
            task = asyncio.current_task()
            if self._draining and not (task is not None and task.cancelling()):
                await connection.logout()
            await connection.aclose()

    async def _watch(self, connection: ImapConnection, connected: Callable[[], None]) -> None:
        store = Backoff(self._retry.store)
        failing = Backoff(self._retry.message)
        scanned: tuple[int, int | None, int] | None = None
        retry_at: float | None = None
        loop = asyncio.get_running_loop()
        while not self._draining:
            box = await connection.select(self._settings.mailbox)
            connected()
            due = retry_at is not None and loop.time() >= retry_at
            if box.marker == scanned and not due:
                await self._wait_for_mail(connection, retry_at)
                continue
            outcome = await self._scan(connection, box)
            scanned, retry_at = box.marker, None
            if outcome is _ScanOutcome.DONE:
                store.reset()
                failing.reset()
            elif outcome is _ScanOutcome.STORE_DOWN:
                retry_at = loop.time() + self._log_retry("imap.store_unavailable", store.next_delay())
            elif outcome is _ScanOutcome.HELD:
                retry_at = loop.time() + self._log_retry("imap.message_retry", failing.next_delay())

    async def _wait_for_mail(self, connection: ImapConnection, retry_at: float | None) -> None:
        settings = self._settings
        if connection.has_idle:
            seconds = min(settings.idle_renew_s, settings.mailbox_check_s)
        else:
            seconds = settings.poll_interval_s
        if retry_at is not None:
            seconds = min(seconds, max(0.0, retry_at - asyncio.get_running_loop().time()))
        mode = "idle" if connection.has_idle else "poll"
        log.debug("imap.waiting", extra=fields(list=self.list_name, mode=mode, seconds=round(seconds, 2)))
        if connection.has_idle:
            await connection.idle(seconds, self._stop)
        else:
            await connection.pause(seconds, self._stop)

    # --- reading -----------------------------------------------------------------------------------

    async def _scan(self, connection: ImapConnection, box: MailboxState) -> _ScanOutcome:
        try:
            position = await self._current_position(box)
        except StoreUnavailable:
            return _ScanOutcome.STORE_DOWN
        held = False
        for uid in await connection.uids_after(position.last_uid):
            if self._draining:
                return _ScanOutcome.STOPPED
            message = await connection.fetch(uid)
            try:
                handled = await self._hand_over(message, box.uidvalidity, uid, advance=not held)
            except StoreUnavailable:
                return _ScanOutcome.STORE_DOWN
            held = held or not handled
            if handled and message is not None:
                await self._after_handled(connection, uid)
        return _ScanOutcome.HELD if held else _ScanOutcome.DONE

    async def _hand_over(
        self, message: FetchedMessage | None, uidvalidity: int, uid: int, *, advance: bool
    ) -> bool:
        """Give one message to the intake; True once it is committed (or was expunged meanwhile)."""
        async with self._busy():
            if message is not None:
                try:
                    await self._intake(
                        message.raw,
                        list_name=self.list_name,
                        received_at=message.internaldate or clock.now(),
                        source=self._message_url(uidvalidity, uid),
                    )
                except StoreUnavailable:
                    raise
                except Exception:
                    # The message stays where it is and the position stops below it until it goes through.
                    log.exception("imap.message_failed", extra=fields(list=self.list_name, uid=uid))
                    return False
                log.debug("imap.ingested", extra=fields(list=self.list_name, uid=uid))
            if advance:
                await self._save_position(MailboxPosition(uidvalidity, uid))
            return True

    async def _after_handled(self, connection: ImapConnection, uid: int) -> None:
        settings = self._settings
        try:
            if settings.on_handled == "seen":
                await connection.mark_seen(uid)
            elif settings.on_handled == "move" and settings.move_to:
                await connection.move(uid, settings.move_to)
        except CommandRefused as exc:
            # Already committed and past the position: a message left in place is read no more.
            log.warning(
                "imap.on_handled_failed",
                extra=fields(list=self.list_name, uid=uid, action=settings.on_handled, error=str(exc)),
            )

    # --- position ----------------------------------------------------------------------------------

    async def _current_position(self, box: MailboxState) -> MailboxPosition:
        if self._position is not None and self._position.uidvalidity == box.uidvalidity:
            return self._position
        known = self._position or await self._states.get_position(self.source_key)
        if known is None:
            log.info("imap.first_scan", extra=fields(list=self.list_name, uidvalidity=box.uidvalidity))
            position = MailboxPosition(box.uidvalidity, 0)
        elif known.uidvalidity != box.uidvalidity:
            log.warning(
                "imap.uidvalidity_changed",
                extra=fields(
                    list=self.list_name,
                    old=known.uidvalidity,
                    new=box.uidvalidity,
                    action="reading the whole mailbox again",
                ),
            )
            position = MailboxPosition(box.uidvalidity, 0)
            await self._save_position(position)
        else:
            position = known
        self._position = position
        return position

    async def _save_position(self, position: MailboxPosition) -> None:
        await self._states.set_position(self.source_key, position)
        # Only once stored: after a failed write the message is read again, never skipped.
        self._position = position

    # --- small helpers -----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _busy(self) -> AsyncIterator[None]:
        self._quiet.clear()
        try:
            yield
        finally:
            self._quiet.set()

    def _tls_context(self) -> ssl.SSLContext | None:
        if self._settings.tls == "none":
            return None
        if self._context is None:
            # Built once: loading the system's CA store costs milliseconds per connection.
            try:
                self._context = client_context(self._settings)
            except TlsSetupError as exc:
                raise SourceSetupError(str(exc)) from exc
        return self._context

    def _message_url(self, uidvalidity: int, uid: int) -> str:
        # An IMAP URL (RFC 5092): where the message came from, for the record kept with it.
        s = self._settings
        user, mailbox = url_quote(s.username, safe=""), url_quote(s.mailbox, safe="")
        return f"imap://{user}@{s.host}:{s.port}/{mailbox};UIDVALIDITY={uidvalidity}/;UID={uid}"

    def _log_retry(self, event: str, delay: float) -> float:
        log.warning(event, extra=fields(list=self.list_name, retry_in_s=round(delay, 2)))
        return delay

    def _report_error(self, error: str) -> None:
        if self._report is not None:
            self._report(self.list_name, connected=False, error=error)

    def _log_failure(
        self,
        event: str,
        exc: BaseException,
        delay: float,
        *,
        level: int = logging.ERROR,
        user: str | None = None,
    ) -> None:
        """One line on the status board and in the log; the error's own text says what went wrong."""
        s = self._settings
        self._report_error(failure_text(exc))
        log.log(
            level,
            event,
            extra=fields(
                list=self.list_name,
                host=s.host,
                port=s.port,
                user=user,
                error=failure_text(exc),
                retry_in_s=round(delay, 2),
            ),
        )


def failure_text(exc: BaseException) -> str:
    """One line for the log and the status board. Our own errors say what failed in their message;
    another is named by its type too, as its message alone may be cryptic or empty (TimeoutError())."""
    if isinstance(exc, ListminderError):
        return printable(str(exc))
    return printable(f"{type(exc).__name__}: {exc}".removesuffix(": "))
