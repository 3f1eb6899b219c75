"""Config files for daemons the tests start: everything the daemon writes stays in the test's folder."""

from __future__ import annotations

from pathlib import Path


def daemon_config(
    folder: Path,
    *,
    lists: str,
    port: int = 0,
    daemon: str = "",
    outbound: str = 'transport = "file"',
    listener: str = "",
) -> str:
    """The store, the state files and the file outbox in ``folder``, the listener on ``port`` (0: any
    free one); ``daemon``, ``outbound`` and ``listener`` add keys to their tables, ``lists`` ends the file."""
    return f"""
[store]
url = "sqlite:///{folder / "listminder.db"}"
[daemon]
state_dir = "{folder}"
{daemon}
[outbound]
outbox_dir = "{folder / "outbox"}"
{outbound}
[inbound.smtp]
port = {port}
{listener}

{lists}
"""
