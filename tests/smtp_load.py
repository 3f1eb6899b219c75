"""Many concurrent SMTP sessions against the daemon's listener, from the test (or benchmark) process.

Each client keeps one session and takes messages from a shared queue; a 4xx answer is retried the way
a sending server would (a few times, after a short pause), a dropped session is reopened. Every
message's final answer is recorded, so that the caller can hold the store to it: every message that
got 250 is stored exactly once, and nothing refused is.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

import aiosmtplib

RETRIES = 5
RETRY_PAUSE_S = 0.2


@dataclass(frozen=True)
class LoadMessage:
    key: str
    raw: bytes
    recipient: str
    kind: str = "normal"


@dataclass
class SendOutcome:
    message: LoadMessage
    code: int = 0
    attempts: int = 0
    reply: str = ""


@dataclass
class LoadResult:
    outcomes: list[SendOutcome]
    seconds: float
    sessions: int = 0
    disconnects: int = 0
    by_code: dict[int, int] = field(default_factory=dict)

    def accepted(self, kind: str | None = None) -> list[SendOutcome]:
        return [o for o in self.outcomes if o.code == 250 and (kind is None or o.message.kind == kind)]


def make_message(n: int, recipient: str, *, tag: str, size: int = 0) -> LoadMessage:
    """A small announcement (unique Message-ID and meeting day); ``size`` pads it with filler lines."""
    from datetime import date, timedelta

    day = date(2032, 1, 5) + timedelta(days=n)
    key = f"<{tag}-{n}@load.example.org>"
    msg = EmailMessage()
    msg["From"] = "Load <load@example.org>"
    msg["To"] = recipient
    msg["Subject"] = f"Load test call {n}"
    msg["Date"] = "Mon, 01 Dec 2031 10:00:00 +0000"
    msg["Message-ID"] = key
    text = f"The load test group will meet on {day.day} {day:%B %Y} at 10:00 UTC.\n"
    if size:
        text += ("filler " * 10 + "\n") * (size // 71 + 1)
    msg.set_content(text)
    return LoadMessage(key, msg.as_bytes(), recipient)


async def _client(
    host: str, port: int, queue: asyncio.Queue[SendOutcome], result: LoadResult, deadline: float
) -> None:
    smtp: aiosmtplib.SMTP | None = None
    try:
        while not queue.empty() and time.monotonic() < deadline:
            outcome = queue.get_nowait()
            message = outcome.message
            while outcome.attempts < RETRIES and time.monotonic() < deadline:
                outcome.attempts += 1
                try:
                    if smtp is None or not smtp.is_connected:
                        smtp = aiosmtplib.SMTP(hostname=host, port=port, timeout=30)
                        await smtp.connect()
                        result.sessions += 1
                    _, reply = await smtp.sendmail("load@example.org", [message.recipient], message.raw)
                    outcome.code, outcome.reply = 250, reply
                except aiosmtplib.SMTPRecipientsRefused as exc:
                    refusal = exc.recipients[0]
                    outcome.code, outcome.reply = refusal.code, refusal.message
                except aiosmtplib.SMTPResponseException as exc:
                    outcome.code, outcome.reply = exc.code, exc.message
                    if smtp is not None and smtp.is_connected:
                        try:
                            await smtp.rset()
                        except aiosmtplib.SMTPException:
                            smtp.close()
                except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError, OSError) as exc:
                    result.disconnects += 1
                    outcome.code, outcome.reply = 0, f"{type(exc).__name__}: {exc}"
                    smtp = None
                if outcome.code == 250 or 500 <= outcome.code < 600:
                    break
                await asyncio.sleep(RETRY_PAUSE_S)
    finally:
        if smtp is not None and smtp.is_connected:
            try:
                await smtp.quit()
            except aiosmtplib.SMTPException:
                smtp.close()


async def run_load(
    host: str, port: int, messages: list[LoadMessage], *, clients: int, limit_s: float = 120.0
) -> LoadResult:
    """Send every message through ``clients`` concurrent sessions; stops by itself after ``limit_s``."""
    queue: asyncio.Queue[SendOutcome] = asyncio.Queue()
    outcomes = [SendOutcome(m) for m in messages]
    for outcome in outcomes:
        queue.put_nowait(outcome)
    result = LoadResult(outcomes, 0.0)
    start = time.monotonic()
    deadline = start + limit_s
    await asyncio.gather(*(_client(host, port, queue, result, deadline) for _ in range(clients)))
    result.seconds = time.monotonic() - start
    for outcome in outcomes:
        result.by_code[outcome.code] = result.by_code.get(outcome.code, 0) + 1
    return result


def mixed_messages(
    count: int, list_address: str, *, tag: str, oversized_every: int, foreign_every: int, big: int
) -> list[LoadMessage]:
    """``count`` announcements for the list, with an oversized one and one for a foreign address
    every so often in between."""
    messages = []
    for n in range(count):
        if oversized_every and n % oversized_every == oversized_every - 1:
            m = make_message(n, list_address, tag=tag, size=big)
            messages.append(LoadMessage(m.key, m.raw, m.recipient, "oversized"))
        elif foreign_every and n % foreign_every == foreign_every - 2:
            m = make_message(n, "someone@elsewhere.example", tag=tag)
            messages.append(LoadMessage(m.key, m.raw, m.recipient, "foreign"))
        else:
            messages.append(make_message(n, list_address, tag=tag))
    return messages
