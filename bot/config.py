"""The admin's interface: the TOML config file, its models, and the messages that name what is wrong.

Every value may also come from the environment (``LISTMINDER_`` prefix, ``__`` between levels), which
wins over the file, so that secrets need not be written into it. Each component receives only its own
part of the settings (``settings.store``, ``settings.lists[i].imap``, ...), never the whole.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from datetime import timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.errors import ConfigError, ConfigProblem

CONFIG_ENV = "LISTMINDER_CONFIG"
DEFAULT_CONFIG_NAME = "listminder.toml"
EMBEDDED_DEFAULT = "<embedded default>"


# --- field types ----------------------------------------------------------------------------------


def _check_address(value: str) -> str:
    try:
        # No DNS look-up: validation must work offline; .test domains serve the embedded default.
        checked = validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise ValueError(f"malformed address {value!r}: {exc}") from exc
    return checked.normalized


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _check_zone(value: str) -> str:
    if value in _zone_names():
        return value
    hint = difflib.get_close_matches(value, sorted(_zone_names()), n=1, cutoff=0.85)
    suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
    raise ValueError(f"unknown time zone {value!r}{suffix}; use an IANA name like 'Europe/Zurich'")


_DURATION = re.compile(r"^\s*(\d+)\s*([wdhm])\s*$")
_DURATION_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_duration(value: str) -> timedelta:
    """'7d', '12h', '30m', '2w' -> timedelta."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"bad duration {value!r}; write a number and a unit: '7d', '12h', '30m', '2w'")
    amount, unit = int(match[1]), match[2]
    return timedelta(**{_DURATION_UNITS[unit]: amount})


def _check_duration(value: str) -> str:
    parse_duration(value)
    return value.strip()


def _check_cron(expression: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    try:
        # The syntax does not depend on the zone; the zone is applied when the job is scheduled.
        CronTrigger.from_crontab(expression, timezone=zoneinfo.ZoneInfo("UTC"))
    except (ValueError, KeyError) as exc:
        raise ValueError(f"bad cron expression {expression!r}: {exc}") from exc
    return expression


EmailAddress = Annotated[str, AfterValidator(_check_address)]
TimeZoneName = Annotated[str, AfterValidator(_check_zone)]
Duration = Annotated[str, AfterValidator(_check_duration)]
CronExpression = Annotated[str, AfterValidator(_check_cron)]
TlsMode = Literal["implicit", "starttls", "none"]


class Section(BaseModel):
    # Unknown keys are errors: a misspelt key silently ignored is a setting silently lost.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Secret(Section):
    """A password given directly (best through the environment), by variable name, or by file."""

    password: SecretStr | None = None
    password_env: str | None = None
    password_file: Path | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Secret:
        given = [n for n in ("password", "password_env", "password_file") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        return self

    def resolve_password(self) -> SecretStr | None:
        """The password, read at the moment it is needed, so that a rotated secret is picked up."""
        if self.password is not None:
            return self.password
        if self.password_env is not None:
            value = os.environ.get(self.password_env)
            return SecretStr(value) if value is not None else None
        if self.password_file is not None:
            return SecretStr(self.password_file.read_text(encoding="utf-8").strip())
        return None


# --- sections -------------------------------------------------------------------------------------


class StoreSettings(Section):
    url: str = "sqlite:///listminder.db"
    # How long a write waits for another writer's lock before the intake answers "try again later".
    busy_timeout_s: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            raise ValueError(f"unsupported store URL {value!r}; use sqlite:///PATH or postgresql://...")
        return value


class SmtpClientSettings(Secret):
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    tls: TlsMode = "starttls"
    verify_certificates: bool = True
    ca_file: Path | None = None
    username: str | None = None
    timeout_s: float = Field(default=30.0, gt=0)


class OutboundSettings(Section):
    transport: Literal["smtp", "file"] = "file"
    from_address: EmailAddress = "listminder@listminder.test"
    outbox_dir: Path = Path("outbox")
    smtp: SmtpClientSettings | None = None

    @model_validator(mode="after")
    def _smtp_needs_server(self) -> OutboundSettings:
        if self.transport == "smtp" and self.smtp is None:
            raise ValueError("transport = 'smtp' needs an [outbound.smtp] table with at least 'host'")
        return self


class ListenerSettings(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=8025, ge=0, le=65535)
    lmtp: bool = False
    max_message_bytes: int = Field(default=10_000_000, gt=0)
    max_recipients: int = Field(default=50, gt=0)
    max_sessions: int = Field(default=100, gt=0)
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None

    @model_validator(mode="after")
    def _cert_and_key(self) -> ListenerSettings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("tls_cert_file and tls_key_file go together")
        return self


class InboundSettings(Section):
    smtp: ListenerSettings = ListenerSettings()


class ImapSettings(Secret):
    host: str
    port: int = Field(default=993, ge=1, le=65535)
    tls: TlsMode = "implicit"
    verify_certificates: bool = True
    ca_file: Path | None = None
    username: str
    mailbox: str = "INBOX"
    poll_interval_s: float = Field(default=60.0, gt=0)
    idle_renew_s: float = Field(default=25 * 60, gt=0, le=29 * 60)
    timeout_s: float = Field(default=30.0, gt=0)
    on_handled: Literal["keep", "seen", "move"] = "keep"
    move_to: str | None = None

    @model_validator(mode="after")
    def _move_needs_folder(self) -> ImapSettings:
        if self.on_handled == "move" and not self.move_to:
            raise ValueError("on_handled = 'move' needs 'move_to' (the folder to move messages to)")
        return self


class DigestSettings(Section):
    # Five fields (minute hour day month weekday), read in the list's time zone.
    cron: CronExpression
    horizon_days: int = Field(default=14, ge=1, le=366)
    to: list[EmailAddress] = []
    send_empty: bool = False


class DigestsSettings(Section):
    reminder: DigestSettings | None = None
    pending: DigestSettings | None = None


class RemindersSettings(Section):
    before: list[Duration] = []
    to: list[EmailAddress] = []


class ListSettings(Section):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    address: EmailAddress
    timezone: TimeZoneName = "UTC"
    date_order: Literal["DMY", "MDY"] = "DMY"
    admins: list[EmailAddress] = []
    imap: ImapSettings | None = None
    digests: DigestsSettings = DigestsSettings()
    reminders: RemindersSettings = RemindersSettings()


class DaemonSettings(Section):
    state_dir: Path = Path()
    shutdown_timeout_s: float = Field(default=10.0, gt=0)
    heartbeat_interval_s: float = Field(default=15.0, gt=0)
    config_poll_interval_s: float = Field(default=2.0, gt=0)
    # A component failing (mailbox, listener, store) for longer than this makes `status` unhealthy.
    unhealthy_after_s: float = Field(default=300.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LISTMINDER_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    store: StoreSettings = StoreSettings()
    outbound: OutboundSettings = OutboundSettings()
    inbound: InboundSettings = InboundSettings()
    daemon: DaemonSettings = DaemonSettings()
    templates_dir: Path | None = None
    lists: list[ListSettings] = []

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file (given as init values): that is how secrets and
        # per-deployment overrides reach a shared config file.
        return env_settings, init_settings

    @model_validator(mode="after")
    def _unique_lists(self) -> Settings:
        for problem in duplicate_list_names([item.name for item in self.lists]):
            raise ValueError(str(problem))
        return self

    def list_named(self, name: str) -> ListSettings | None:
        return next((item for item in self.lists if item.name == name), None)

    def summary(self) -> str:
        names = ", ".join(item.name for item in self.lists) or "none"
        imap = sum(1 for item in self.lists if item.imap is not None)
        listener = self.inbound.smtp
        where = f"{listener.host}:{listener.port}" if listener.enabled else "off"
        return (
            f"{len(self.lists)} list(s) ({names}), {imap} IMAP mailbox(es), "
            f"listener {where}, outbound via {self.outbound.transport}, store {self.store.url}"
        )


# --- loading --------------------------------------------------------------------------------------


def find_config(explicit: str | None) -> Path | None:
    """--config, else $LISTMINDER_CONFIG, else ./listminder.toml if present, else None (embedded)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.exists() else None


def embedded_default_text() -> str:
    return resources.files("bot").joinpath("default.toml").read_text(encoding="utf-8")


def load_settings(explicit: str | None = None) -> tuple[Settings, str]:
    """Find, read and validate the config; return it with a name for where it came from."""
    path = find_config(explicit)
    if path is None:
        return parse_settings(embedded_default_text(), EMBEDDED_DEFAULT), EMBEDDED_DEFAULT
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [ConfigProblem("", f"cannot read the file: {exc}")]) from exc
    return parse_settings(text, str(path)), str(path)


def parse_settings(text: str, source: str) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [ConfigProblem("", f"TOML syntax error: {exc}")]) from exc
    # Checked on the raw tables as well, because pydantic skips whole-model checks once a field
    # failed, and an admin should see every problem at once.
    raw_lists = data.get("lists")
    tables = raw_lists if isinstance(raw_lists, list) else []
    duplicates = duplicate_list_names([t.get("name") for t in tables if isinstance(t, dict)])
    try:
        return Settings(**data)
    except ValidationError as exc:
        problems = list(dict.fromkeys([*_problems(exc), *duplicates]))
        raise ConfigError(source, problems) from exc


def duplicate_list_names(names: list[Any]) -> list[ConfigProblem]:
    return [
        ConfigProblem(f"lists[{index}].name", f"duplicate list name {name!r}")
        for index, name in enumerate(names)
        if name is not None and name in names[:index]
    ]


def _problems(exc: ValidationError) -> list[ConfigProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        key = _key_path(error["loc"])
        message = _message(error)
        # Validators of a whole table name a key inside it themselves ("lists[1].name: ...").
        inner = re.match(r"^([\w.\[\]]+): (.*)$", message)
        if inner and error["type"] == "value_error":
            key = f"{key}.{inner[1]}" if key else inner[1]
            message = inner[2]
        problems.append(ConfigProblem(key or "(top level)", message))
    return problems


def _key_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not _is_union_tag(part):
            path += f".{part}" if path else part
    return path


def _is_union_tag(part: str) -> bool:
    # pydantic adds the member type of a union (e.g. "function-after[...]") to the location.
    return "[" in part or part in {"str", "int", "float", "bool"}


def _message(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    text = str(error["msg"]).removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing")) and not isinstance(value, dict | list):
        return f"{text} (got {value!r})"
    return text
