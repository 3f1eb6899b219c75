"""The one client TLS context, used for the IMAP mailboxes and the outbound SMTP server."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from bot.config import ImapSettings, SmtpClientSettings
from bot.errors import TlsSetupError
from bot.tls import client_context


def test_certificates_are_verified_by_default_against_the_system_cas() -> None:
    context = client_context(SmtpClientSettings(host="smtp.example.org"))
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_an_unreadable_ca_file_is_named_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing-ca.pem"
    with pytest.raises(TlsSetupError) as raised:
        client_context(ImapSettings(host="imap.example.org", username="bot", ca_file=missing))
    assert str(raised.value) == f"cannot load ca_file {missing}: No such file or directory"
    assert isinstance(raised.value.__cause__, OSError)


def test_a_ca_file_without_a_certificate_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("not a certificate\n")
    with pytest.raises(TlsSetupError, match=f"cannot load ca_file {empty}"):
        client_context(SmtpClientSettings(host="smtp.example.org", ca_file=empty))


def test_without_verification_no_ca_is_consulted(tmp_path: Path) -> None:
    settings = SmtpClientSettings(
        host="smtp.example.org", verify_certificates=False, ca_file=tmp_path / "missing-ca.pem"
    )
    context = client_context(settings)
    assert context.verify_mode == ssl.CERT_NONE
    assert not context.check_hostname
