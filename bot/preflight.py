"""What a valid config needs from the machine it runs on: the variables and files it names.

The models in ``bot.config`` check a config as text; these checks read the environment and the
files, so that a password variable that is unset, a password or certificate file that cannot be read,
or a missing templates folder is named by ``check-config``, at the daemon's start and on a reload,
instead of at the first login or the first digest. Only what the daemon will use is checked: the
outbound SMTP server when mail goes out through it, the listener's certificate when it listens.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

from bot.config import ListenerSettings, Secret, Settings, load_settings
from bot.errors import ConfigError, ConfigProblem, StoreError

_SQLITE_PREFIX = ("sqlite:///", "sqlite+aiosqlite:///")


def load_checked_settings(explicit: str | None = None) -> tuple[Settings, str]:
    """``load_settings``, then the environment checks: every problem raised as one ConfigError."""
    settings, source = load_settings(explicit)
    problems = environment_problems(settings)
    if problems:
        raise ConfigError(source, problems)
    return settings, source


def environment_problems(settings: Settings) -> list[ConfigProblem]:
    problems = [*_store_problems(settings), *_templates_problems(settings.templates_dir)]
    outbound = settings.outbound
    smtp = outbound.smtp
    if outbound.transport == "smtp" and smtp is not None:
        # The server may take mail without a login; a password is needed only with a username.
        problems += _secret_problems("outbound.smtp", smtp, needs_password=smtp.username is not None)
        problems += _ca_problems("outbound.smtp.ca_file", smtp.ca_file)
    if settings.inbound.smtp.enabled:
        problems += _listener_tls_problems(settings.inbound.smtp)
    for index, item in enumerate(settings.lists):
        if item.imap is not None:
            problems += _secret_problems(f"lists[{index}].imap", item.imap, needs_password=True)
            problems += _ca_problems(f"lists[{index}].imap.ca_file", item.imap.ca_file)
    return problems


def _secret_problems(key: str, secret: Secret, *, needs_password: bool) -> list[ConfigProblem]:
    if secret.password_env is not None:
        value = os.environ.get(secret.password_env)
        if value is None:
            return [ConfigProblem(f"{key}.password_env", f"the variable {secret.password_env} is not set")]
        if not value:
            return [ConfigProblem(f"{key}.password_env", f"the variable {secret.password_env} is empty")]
        return []
    if secret.password_file is not None:
        return _password_file_problems(f"{key}.password_file", secret.password_file)
    if secret.password is None and needs_password:
        return [ConfigProblem(key, "no password: give password_env, password_file, or password")]
    return []


def _password_file_problems(key: str, path: Path) -> list[ConfigProblem]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [_unreadable(key, path, exc)]
    except UnicodeDecodeError:
        # The decoder's message quotes the offending byte: a piece of the password.
        return [ConfigProblem(key, f"{path} is not UTF-8 text")]
    return [] if text.strip() else [ConfigProblem(key, f"{path} is empty")]


def _readable_problem(key: str, path: Path) -> ConfigProblem | None:
    try:
        with path.open("rb"):
            return None
    except OSError as exc:
        return _unreadable(key, path, exc)


def _unreadable(key: str, path: Path, exc: OSError) -> ConfigProblem:
    return ConfigProblem(key, f"cannot read {path}: {exc.strerror or type(exc).__name__}")


def _ca_problems(key: str, path: Path | None) -> list[ConfigProblem]:
    if path is None:
        return []
    unreadable = _readable_problem(key, path)
    if unreadable is not None:
        return [unreadable]
    try:
        ssl.create_default_context(cafile=str(path))
    except ssl.SSLError:
        return [ConfigProblem(key, f"{path} holds no PEM certificate")]
    return []


def _listener_tls_problems(listener: ListenerSettings) -> list[ConfigProblem]:
    cert, key = listener.tls_cert_file, listener.tls_key_file
    if cert is None or key is None:
        return []
    found = [
        problem
        for problem in (
            _readable_problem("inbound.smtp.tls_cert_file", cert),
            _readable_problem("inbound.smtp.tls_key_file", key),
        )
        if problem is not None
    ]
    if found:
        return found
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except ssl.SSLError:
        message = f"{cert} and {key} are not a PEM certificate and the private key that matches it"
        return [ConfigProblem("inbound.smtp.tls_cert_file", message)]
    return []


def _server_store_problems(settings: Settings) -> list[ConfigProblem]:
    """PostgreSQL: its driver (an optional extra) loads, and the password source named is there."""
    from bot.store.engine import missing_driver

    try:
        missing = missing_driver(settings.store.url)
    except StoreError as error:  # a URL the config's pattern let through but the driver's parser refuses
        return [ConfigProblem("store.url", str(error))]
    problems = [ConfigProblem("store.url", missing)] if missing is not None else []
    return problems + _secret_problems("store", settings.store, needs_password=False)


def _templates_problems(folder: Path | None) -> list[ConfigProblem]:
    if folder is None:
        return []
    if not folder.exists():
        return [ConfigProblem("templates_dir", f"{folder} does not exist")]
    if not folder.is_dir():
        return [ConfigProblem("templates_dir", f"{folder} is not a folder")]
    if not os.access(folder, os.R_OK | os.X_OK):
        return [ConfigProblem("templates_dir", f"cannot read the folder {folder}")]
    return _template_syntax_problems(folder)


def _template_syntax_problems(folder: Path) -> list[ConfigProblem]:
    """Templates are compiled now, so that a typo in one is not found when its digest is due."""
    from jinja2 import TemplateError

    from bot.digest.render import Renderer

    environment = Renderer(folder).env
    problems = []
    for path in sorted(folder.rglob("*.j2")):
        name = path.relative_to(folder).as_posix()
        try:
            environment.get_template(name)
        except (TemplateError, UnicodeDecodeError, OSError) as exc:
            problems.append(ConfigProblem("templates_dir", f"{name}: {exc}"))
    return problems


def _store_problems(settings: Settings) -> list[ConfigProblem]:
    url = settings.store.url
    prefix = next((p for p in _SQLITE_PREFIX if url.startswith(p)), None)
    if prefix is None:
        return _server_store_problems(settings)
    database = url[len(prefix) :].split("?", 1)[0]
    if database in ("", ":memory:") or database.startswith("file:"):
        return []
    folder = Path(database).parent
    if not folder.is_dir():
        return [ConfigProblem("store.url", f"the folder of the SQLite file, {folder}, does not exist")]
    return []
