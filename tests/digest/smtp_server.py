"""A real SMTP server for the delivery tests: aiosmtpd's Controller on a free loopback port."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


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


@dataclass
class Logins:
    """aiosmtpd's authenticator over fixed accounts; records every attempt (login, accepted)."""

    accounts: dict[str, str]
    attempts: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        accepted = self.accounts.get(login) == password
        self.attempts.append((login, accepted))
        return AuthResult(success=accepted, handled=False)


class SmtpServer:
    """Start, stop and start again on the same port, as a server that goes away and comes back."""

    def __init__(
        self,
        recorder: Recorder,
        *,
        implicit_tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
        logins: Logins | None = None,
    ) -> None:
        self.recorder = recorder
        self.port = free_port()
        self.implicit_tls = implicit_tls
        self.starttls = starttls
        self.logins = logins
        self._controller: Controller | None = None

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.implicit_tls is not None:
            kwargs["ssl_context"] = self.implicit_tls
        if self.starttls is not None:
            kwargs.update(tls_context=self.starttls, require_starttls=True)
        if self.logins is not None:
            # AUTH is offered only once the session is encrypted (aiosmtpd's auth_require_tls default).
            kwargs.update(authenticator=self.logins, auth_required=True)
        # Controller.start returns once the server answers its own probe connection.
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
