"""The harness's mail relay for a list server: mail for the list's domain goes to the list server's
LMTP port, mail for the bot to the bot's listener, and everything else is kept, as delivered to the
other members' mailboxes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller

from tests.digest.smtp_server import Received, free_port
from tests.servers import lmtp


@dataclass
class Routes:
    list_domain: str
    list_lmtp_port: int
    bot_address: str
    bot_port: int
    delivered: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content
        sender: str = envelope.mail_from
        recipients = [str(r) for r in envelope.rcpt_tos]
        to_list = [r for r in recipients if r.lower().endswith("@" + self.list_domain)]
        to_bot = [r for r in recipients if r.lower() == self.bot_address.lower()]
        others = [r for r in recipients if r not in to_list and r not in to_bot]
        try:
            if to_list:
                result = await lmtp.send("127.0.0.1", self.list_lmtp_port, sender, to_list, raw)
                refused = [r for r, reply in {**result.rcpt, **result.data}.items() if reply.code >= 400]
                if refused:
                    return f"451 the list server refused {', '.join(refused)}"
            if to_bot:
                await aiosmtplib.send(
                    raw, sender=sender or "<>", recipients=to_bot, hostname="127.0.0.1", port=self.bot_port
                )
        except (OSError, aiosmtplib.SMTPException, ConnectionError) as exc:
            return f"451 relay: {exc}"
        with self._lock:
            self.delivered.extend(Received(sender, [r], raw) for r in others)
        return "250 relayed"


class Relay:
    def __init__(self, routes: Routes, port: int | None = None) -> None:
        self.routes = routes
        self.port = port or free_port()
        self._controller = Controller(routes, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
