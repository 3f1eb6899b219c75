"""The service manager's notify protocol (systemd's ``Type=notify``): readiness, reloads, shutdown and
the watchdog, told as datagrams of ``KEY=VALUE`` lines to the socket named by $NOTIFY_SOCKET.

The protocol is a few lines, so it is spoken here rather than through a library. Without
$NOTIFY_SOCKET (run by hand, in a container) every message is dropped; a manager that cannot be
told is logged, never a reason for the daemon to fail.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping

from bot.logs import fields

SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_USEC_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self._address = _socket_address(address) if address else None
        self._watchdog_usec = watchdog_usec

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if environ is None else environ
        return cls(env.get(SOCKET_ENV) or None, _watchdog_usec(env))

    @property
    def watchdog_interval_s(self) -> float | None:
        """How often to pet the watchdog: half its limit, as systemd advises; None when there is none."""
        if self._watchdog_usec is None:
            return None
        return self._watchdog_usec / 2_000_000

    def ready(self) -> None:
        self.send("READY=1")

    def reloading(self) -> None:
        # MONOTONIC_USEC ties the reload to this moment (required by Type=notify-reload).
        self.send("RELOADING=1", f"MONOTONIC_USEC={time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000}")

    def stopping(self) -> None:
        self.send("STOPPING=1")

    def watchdog(self) -> None:
        if self._watchdog_usec is not None:
            self.send("WATCHDOG=1")

    def send(self, *lines: str) -> None:
        if self._address is None:
            return
        data = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                # Non-blocking: a manager that does not read must not hold the event loop.
                sock.setblocking(False)
                sock.sendto(data, self._address)
        except OSError as exc:
            log.warning("notify.failed", extra=fields(message=lines[0], error=str(exc)))


def _socket_address(address: str) -> str | bytes:
    # A leading '@' names a socket in the abstract namespace, which starts with a NUL byte.
    if address.startswith("@"):
        return b"\0" + address[1:].encode()
    return address


def _watchdog_usec(env: Mapping[str, str]) -> int | None:
    """The watchdog limit, when it is meant for this process (WATCHDOG_PID, when set, says whose)."""
    pid = env.get(WATCHDOG_PID_ENV)
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get(WATCHDOG_USEC_ENV, ""))
    except ValueError:
        return None
    return usec if usec > 0 else None
