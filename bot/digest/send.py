"""Delivery: from the outbox to an SMTP server or to .eml files, each key at most once.

A message is added to the outbox before any attempt to send it, then claimed (a lease, so that a
second sender, such as `listminder digest send` beside the daemon, cannot send it too), sent, and
marked sent. Temporary failures (no connection, a timeout, a 4xx answer) are retried with a capped
exponential backoff; permanent ones (a 5xx answer) are recorded and logged, and never retried.

The one window in which a message can go out twice: the server accepted it and the process died
before the outbox recorded that. The claim then expires and the message is sent again, with the same
Message-ID (derived from the key), by which the recipients' mail systems may recognise the copy.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import ssl
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import aiosmtplib

from bot.backoff import BackoffPolicy
from bot.clock import Clock, now
from bot.config import OutboundSettings, SmtpClientSettings
from bot.errors import PermanentSendError, SendError, TemporarySendError, TlsSetupError
from bot.logs import fields
from bot.store import OutboxItem, OutboxKey, Store
from bot.tls import client_context

log = logging.getLogger(__name__)


class Transport(Protocol):
    name: str

    async def send(self, key: str, message: bytes, sender: str, recipients: Sequence[str]) -> None:
        """Hand the message over; raise TemporarySendError or PermanentSendError when that fails."""


# --- SMTP ---------------------------------------------------------------------------------------


def _certificate_problem(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def classify(exc: Exception, where: str) -> SendError:
    """Translate what aiosmtplib raised into our temporary/permanent vocabulary.

    Refused credentials and untrusted certificates count as temporary: the message is fine, the
    configuration is not, and once an admin fixes it the waiting messages should still go out.
    """
    certificate = _certificate_problem(exc)
    if certificate is not None:
        return TemporarySendError(
            f"{where}: the server's TLS certificate is not trusted ({certificate.verify_message}); "
            "set outbound.smtp.ca_file to the CA that signed it"
        )
    if isinstance(exc, TlsSetupError):
        return TemporarySendError(f"{where}: {exc}; check outbound.smtp.ca_file")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return TemporarySendError(f"{where}: login refused ({exc.code} {exc.message}); check outbound.smtp")
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refusal.code for refusal in exc.recipients]
        text = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
        kind = TemporarySendError if any(400 <= code < 500 for code in codes) else PermanentSendError
        return kind(f"{where}: every recipient refused: {text}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        kind = PermanentSendError if 500 <= exc.code < 600 else TemporarySendError
        return kind(f"{where}: {exc.code} {exc.message}")
    return TemporarySendError(f"{where}: {type(exc).__name__}: {exc}")


class SmtpTransport:
    name = "smtp"

    def __init__(self, settings: SmtpClientSettings) -> None:
        self.settings = settings

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        password = s.resolve_password()
        return aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            use_tls=s.tls == "implicit",
            # True: refuse to go on in clear text when the server offers no STARTTLS.
            start_tls=s.tls == "starttls",
            tls_context=client_context(s) if s.tls != "none" else None,
            timeout=s.timeout_s,
            username=s.username,
            password=password.get_secret_value() if password is not None and s.username else None,
        )

    async def send(self, key: str, message: bytes, sender: str, recipients: Sequence[str]) -> None:
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            async with self._client() as client:
                refused, _ = await client.sendmail(sender, list(recipients), message)
        except (aiosmtplib.SMTPException, OSError, TimeoutError, ssl.SSLError, TlsSetupError) as exc:
            raise classify(exc, where) from exc
        if refused:
            # Some recipients took it: sending again would repeat it to them, so it counts as sent.
            text = "; ".join(f"{rcpt}: {resp.code} {resp.message}" for rcpt, resp in refused.items())
            log.warning("outbox.recipients_refused", extra=fields(key=key, refused=text))


# --- .eml files ---------------------------------------------------------------------------------


def safe_name(key: str) -> str:
    """A file name for the key: readable, with no path in it, and unique (keys that read the same
    once cleaned, like "a/b" and "a_b", differ by the hash)."""
    readable = re.sub(r"[^A-Za-z0-9-]+", "_", key).strip("_")[:150]
    return f"{readable}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


class FileTransport:
    name = "file"

    def __init__(self, outbox_dir: Path) -> None:
        self.outbox_dir = outbox_dir

    def _write(self, key: str, message: bytes) -> None:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        target = self.outbox_dir / f"{safe_name(key)}.eml"
        # Written beside the target and renamed: a reader of the folder never sees half a message.
        handle, temporary = tempfile.mkstemp(dir=self.outbox_dir, prefix=".partial-", suffix=".eml")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(message)
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    async def send(self, key: str, message: bytes, sender: str, recipients: Sequence[str]) -> None:
        try:
            await asyncio.to_thread(self._write, key, message)
        except OSError as exc:
            raise TemporarySendError(f"cannot write to {self.outbox_dir}: {exc}") from exc


def transport_for(outbound: OutboundSettings) -> Transport:
    if outbound.transport == "smtp" and outbound.smtp is not None:
        return SmtpTransport(outbound.smtp)
    return FileTransport(outbound.outbox_dir)


# --- the sender ---------------------------------------------------------------------------------


# No jitter: a message's retry time is kept in the outbox, and one sender works through it at a time.
RESEND_BACKOFF = BackoffPolicy(first_s=60.0, cap_s=3600.0, jitter=0.0)
# After this many attempts a temporary failure is given up as permanent (about a day with RESEND_BACKOFF).
MAX_SEND_ATTEMPTS = 30


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


@dataclass
class Sender:
    """Delivers what the store's outbox holds; the store's owner closes it."""

    store: Store
    transport: Transport
    from_address: str
    backoff: BackoffPolicy = RESEND_BACKOFF
    max_attempts: int = MAX_SEND_ATTEMPTS
    # The claim on a message being sent: longer than any one attempt can take (the SMTP timeout
    # applies to each step); the daemon's is `daemon.send_claim_s`.
    lease: timedelta = timedelta(minutes=10)
    clock: Clock = now
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def enqueue(self, key: OutboxKey, message: bytes, recipients: Sequence[str]) -> bool:
        """Keep the message under its key; False when that key was kept before (then nothing changes),
        unless it was kept as an empty digest, which the message replaces."""
        added = await self.store.outbox_add(key, message, tuple(recipients))
        log.info("outbox.added" if added else "outbox.exists", extra=fields(key=key.text))
        return added

    async def deliver_due(self) -> DeliveryReport:
        """Try every message that is due, one after the other."""
        # One pass at a time in this process; the claims keep other processes out.
        async with self._lock:
            sent: list[str] = []
            retrying: list[str] = []
            failed: list[str] = []
            for item in await self.store.outbox_due(self.clock()):
                outcome = await self._attempt(item)
                if outcome == "sent":
                    sent.append(item.key.text)
                elif outcome == "retrying":
                    retrying.append(item.key.text)
                elif outcome == "failed":
                    failed.append(item.key.text)
            return DeliveryReport(tuple(sent), tuple(retrying), tuple(failed))

    async def deliver_key(self, key: OutboxKey) -> str:
        """Try one message now if it is due: "sent", "retrying", "failed", or "skipped" (not due:
        sent before, given up, waiting for its retry time, or being sent by another sender)."""
        async with self._lock:
            item = await self.store.outbox_item(key)
            return await self._attempt(item) if item is not None else "skipped"

    async def _attempt(self, item: OutboxItem) -> str:
        now = self.clock()
        key = item.key.text
        if not await self.store.outbox_claim(item.key, now, now + self.lease):
            return "skipped"
        try:
            await self.transport.send(key, item.raw, self.from_address, item.recipients)
        except SendError as exc:
            return await self._failed(item, exc)
        except Exception as exc:
            log.exception("outbox.send_crashed", extra=fields(key=key))
            return await self._failed(item, TemporarySendError(f"{type(exc).__name__}: {exc}"))
        await self.store.outbox_sent(item.key, self.clock())
        log.info("outbox.sent", extra=fields(key=key, transport=self.transport.name))
        return "sent"

    async def _failed(self, item: OutboxItem, error: SendError) -> str:
        attempts = item.attempts + 1
        key = item.key.text
        if isinstance(error, PermanentSendError) or attempts >= self.max_attempts:
            await self.store.outbox_failed(item.key, str(error), retry_at=None)
            log.error("outbox.failed", extra=fields(key=key, attempts=attempts, error=error))
            return "failed"
        retry_at = self.clock() + timedelta(seconds=self.backoff.delay(attempts))
        await self.store.outbox_failed(item.key, str(error), retry_at=retry_at)
        log.warning(
            "outbox.retry",
            extra=fields(key=key, attempts=attempts, retry_at=retry_at.isoformat(), error=error),
        )
        return "retrying"
