"""A real SMTP server for the delivery tests: aiosmtpd's Controller on a free loopback port."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class Recorder:
    """Keeps what the server accepted; ``answer`` makes it refuse at DATA instead (e.g. "550 ...")."""

    answer: str | None = None
    received: list[Received] = field(default_factory=list)
    attempts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.attempts += 1
            if self.answer is not None:
                return self.answer
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    """Start, stop and start again on the same port, as a server that goes away and comes back."""

    def __init__(
        self,
        recorder: Recorder,
        *,
        implicit_tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
    ) -> None:
        self.recorder = recorder
        self.port = free_port()
        self.implicit_tls = implicit_tls
        self.starttls = starttls
        self._controller: Controller | None = None

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.implicit_tls is not None:
            kwargs["ssl_context"] = self.implicit_tls
        if self.starttls is not None:
            kwargs.update(tls_context=self.starttls, require_starttls=True)
        # Controller.start returns once the server answers its own probe connection.
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
