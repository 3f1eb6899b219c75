"""A small LMTP client for tests (RFC 2033).

Unlike smtplib.LMTP it reads one reply after DATA for every recipient the server accepted, in the order
they were given, which is the point of LMTP: each recipient can succeed or fail on its own.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reply:
    code: int
    text: str


@dataclass
class LmtpResult:
    rcpt: dict[str, Reply] = field(default_factory=dict)
    data: dict[str, Reply] = field(default_factory=dict)


async def read_reply(reader: asyncio.StreamReader) -> Reply:
    lines = []
    while True:
        line = (await reader.readline()).decode("utf-8", "replace").rstrip("\r\n")
        if len(line) < 3:
            raise ConnectionError(f"connection closed or malformed reply: {line!r}")
        lines.append(line[4:])
        # "250-..." continues a multi-line reply; "250 ..." ends it.
        if len(line) == 3 or line[3] == " ":
            return Reply(int(line[:3]), "\n".join(lines))


def dot_stuffed(raw: bytes) -> bytes:
    body = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    lines = [b"." + line if line.startswith(b".") else line for line in body.split(b"\r\n")]
    return b"\r\n".join(lines) + b".\r\n"


async def send(
    host: str, port: int, sender: str, recipients: list[str], raw: bytes, timeout_s: float = 15.0
) -> LmtpResult:
    return await asyncio.wait_for(_send(host, port, sender, recipients, raw), timeout_s)


async def _send(host: str, port: int, sender: str, recipients: list[str], raw: bytes) -> LmtpResult:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        return await _transaction(reader, writer, sender, recipients, raw)
    finally:
        writer.close()
        await writer.wait_closed()


async def _transaction(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sender: str, recipients: list[str], raw: bytes
) -> LmtpResult:
    async def command(line: str) -> Reply:
        writer.write(line.encode() + b"\r\n")
        await writer.drain()
        return await read_reply(reader)

    result = LmtpResult()
    _expect(await read_reply(reader), 220)
    _expect(await command("LHLO tests.example.org"), 250)
    _expect(await command(f"MAIL FROM:<{sender}>"), 250)
    for rcpt in recipients:
        result.rcpt[rcpt] = await command(f"RCPT TO:<{rcpt}>")
    accepted = [rcpt for rcpt, reply in result.rcpt.items() if reply.code == 250]
    if not accepted:
        await command("QUIT")
        return result
    _expect(await command("DATA"), 354)
    writer.write(dot_stuffed(raw))
    await writer.drain()
    for rcpt in accepted:
        result.data[rcpt] = await read_reply(reader)
    await command("QUIT")
    return result


def _expect(reply: Reply, code: int) -> None:
    if reply.code != code:
        raise ConnectionError(f"expected {code}, got {reply.code} {reply.text}")
