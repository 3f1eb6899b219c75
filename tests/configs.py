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


def mmwg_site(folder: Path) -> str:
    """The seed's list with a reminder and a pending digest, its store and file outbox in ``folder``."""
    return f"""\
[store]
url = "sqlite:///{folder}/store.db"

[outbound]
transport = "file"
from_address = "listminder@bot.test"
outbox_dir = "{folder}/outbox"

[[lists]]
name = "mmwg"
address = "mmwg@wsis-cs.org"
timezone = "Europe/Zurich"
admins = ["chair@example.org"]

[lists.digests.reminder]
cron = "0 8 * * MON"
horizon_days = 14

[lists.digests.pending]
cron = "0 9 * * MON"
horizon_days = 14
"""


def imap_table(
    port: int,
    username: str,
    password_env: str,
    *,
    host: str = "127.0.0.1",
    tls: str | None = "none",
    extra: str = "",
) -> str:
    """A list's ``[lists.imap]`` table (``tls`` None: the default); ``extra`` adds keys to it."""
    tls_key = f'tls = "{tls}"\n' if tls is not None else ""
    return (
        f'[lists.imap]\nhost = "{host}"\nport = {port}\n{tls_key}'
        f'username = "{username}"\npassword_env = "{password_env}"\n{extra}'
    )
