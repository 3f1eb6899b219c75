"""TLS for the mail servers listminder is a client of: the lists' IMAP mailboxes and the outbound
SMTP server. (The listener's server side has its own certificate and key, read in bot/sources/smtp.py.)"""

from __future__ import annotations

import ssl

from bot.config import MailServerSettings
from bot.errors import TlsSetupError
from bot.text import printable


def client_context(settings: MailServerSettings) -> ssl.SSLContext:
    """The context to verify the server with: the system's CAs, or ``ca_file`` when given.

    With ``verify_certificates`` off no CA is consulted, so a ``ca_file`` is not read either. Raises
    TlsSetupError when ``ca_file`` cannot be read or holds no certificate.
    """
    if not settings.verify_certificates:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    cafile = str(settings.ca_file) if settings.ca_file is not None else None
    try:
        return ssl.create_default_context(cafile=cafile)
    except OSError as exc:  # ssl.SSLError too: a file that holds no certificate
        reason = printable(exc.strerror or str(exc))
        raise TlsSetupError(f"cannot load ca_file {cafile}: {reason}") from exc
