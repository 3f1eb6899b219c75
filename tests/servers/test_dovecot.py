"""The test servers themselves: the Dovecot helper and the LMTP client, checked against each other."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.servers import lmtp
from tests.servers.dovecot import Dovecot

pytestmark = pytest.mark.server


def test_start_append_stop_keeps_the_mail(dovecot: Dovecot) -> None:
    assert dovecot.append("list", b"Subject: one\r\n\r\nbody\r\n") == 1
    dovecot.stop()
    assert not dovecot.running
    dovecot.deliver_offline("list", b"Subject: two\r\n\r\nbody\r\n")
    dovecot.start()
    assert dovecot.uids("list") == [1, 2]


async def test_lmtp_client_reads_one_reply_per_recipient(dovecot_factory: Callable[..., Dovecot]) -> None:
    server = dovecot_factory(lmtp=True)
    raw = b"Subject: lmtp\r\nMessage-ID: <l@example.org>\r\n\r\n.leading dot\r\n"
    result = await lmtp.send(server.host, server.lmtp_port, "a@example.org", ["list", "nobody", "other"], raw)
    assert result.rcpt["nobody"].code == 550
    assert sorted(result.data) == ["list", "other"]
    assert {reply.code for reply in result.data.values()} == {250}
    assert server.uids("list") == [1]
    assert server.uids("other") == [1]
    with server.imap("list") as client:
        client.select("INBOX")
        _, data = client.fetch("1", "(BODY.PEEK[TEXT])")
    fetched = data[0]
    assert isinstance(fetched, tuple)
    assert b".leading dot" in fetched[1]
