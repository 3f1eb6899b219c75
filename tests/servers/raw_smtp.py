"""A bare SMTP client on asyncio streams, for what smtplib will not send: bare-LF lines, endless lines,
sessions that idle or only hold a slot (slow-loris), from a chosen loopback source address.

Shared by tests/sources/test_smtp.py, tests/test_daemon.py and benchmarks/listener_hostile.py.
"""

from __future__ import annotations

import asyncio
import contextlib

from tests.servers.lmtp import Reply, read_reply

CHUNK_BYTES = 64 * 1024


class RawSession:
    """One connection; ``source`` picks the client address (any 127.x.y.z reaches a loopback server)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int, *, source: str = "127.0.0.1", host: str = "127.0.0.1") -> RawSession:
        reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
        return cls(reader, writer)

    async def reply(self) -> Reply:
        return await read_reply(self.reader)

    async def command(self, line: str) -> Reply:
        await self.send(line.encode() + b"\r\n")
        return await self.reply()

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def start_data(self, sender: str, recipient: str) -> None:
        """Greeting, EHLO, MAIL, RCPT and DATA, each answered as a willing server answers them."""
        for step, code in (
            (None, 220),
            ("EHLO client.example.org", 250),
            (f"MAIL FROM:<{sender}>", 250),
            (f"RCPT TO:<{recipient}>", 250),
            ("DATA", 354),
        ):
            reply = await (self.reply() if step is None else self.command(step))
            if reply.code != code:
                raise AssertionError(f"{step or 'greeting'}: {reply.code} {reply.text}")

    async def send_until_answered(self, chunk: bytes, total_bytes: int) -> tuple[Reply | None, int]:
        """Sends ``chunk`` again and again, up to ``total_bytes``, and stops early when the server
        answers; returns the answer (None if none came) and the bytes sent."""
        answer = asyncio.ensure_future(self.reply())
        sent = 0
        try:
            while sent < total_bytes and not answer.done():
                await self.send(chunk)
                sent += len(chunk)
            if not answer.done():
                return None, sent
            return answer.result(), sent
        finally:
            if not answer.done():
                answer.cancel()
                with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                    await answer

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
