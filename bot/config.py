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
from datetime import datetime, timedelta
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
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, SettingsError

from bot import clock
from bot.errors import ConfigError, ConfigProblem

CONFIG_ENV = "LISTMINDER_CONFIG"
DEFAULT_CONFIG_NAME = "listminder.toml"
EMBEDDED_DEFAULT = "<embedded default>"
ENV_PREFIX = "LISTMINDER_"
# The sender of digests when the config names none (the file transport of the embedded default).
DEFAULT_FROM_ADDRESS = "listminder@listminder.test"
# Keys whose values are never repeated in a message, whatever is wrong with them.
SECRET_KEYS = frozenset({"password", "secret"})


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


# The order in which zones are offered as examples for an abbreviation.
_REGIONS = ("Europe/", "America/", "Asia/", "Australia/", "Pacific/", "Africa/", "Atlantic/", "Indian/")
_ABBREVIATION = re.compile(r"^[A-Z]{2,5}$")


@cache
def _zones_by_abbreviation() -> dict[str, tuple[str, ...]]:
    """The abbreviations zones go by in winter and in summer ('CEST' -> Europe/Amsterdam, ...)."""
    year = clock.now().year
    found: dict[str, list[str]] = {}
    for name in sorted(_zone_names(), key=_example_rank):
        if not name.startswith(_REGIONS):
            continue
        zone = zoneinfo.ZoneInfo(name)
        for month in (1, 7):
            abbreviation = datetime(year, month, 15, 12, tzinfo=zone).tzname() or ""
            if abbreviation.isalpha() and name not in found.get(abbreviation.upper(), []):
                found.setdefault(abbreviation.upper(), []).append(name)
    return {abbreviation: tuple(names) for abbreviation, names in found.items()}


def _example_rank(name: str) -> tuple[int, str]:
    region = next((i for i, prefix in enumerate(_REGIONS) if name.startswith(prefix)), len(_REGIONS))
    return region, name


def _zone_hint(value: str) -> str:
    # An abbreviation names an offset, not the rules of a place, and several places share each one
    # (CEST is Paris, Berlin, Rome...): a near spelling ("EST" for "CEST") would be a wrong zone.
    examples = _zones_by_abbreviation().get(value.strip().upper())
    if examples:
        shown = [repr(name) for name in examples[:3]]
        named = " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
        return f"; {value.strip()!r} is an abbreviation: write the IANA name of a place, e.g. {named}"
    if _ABBREVIATION.match(value.strip()):
        return "; an abbreviation is not a zone: write the IANA name of a place, e.g. 'Europe/Paris'"
    near = difflib.get_close_matches(value, sorted(_zone_names()), n=1, cutoff=0.85)
    suffix = f" (did you mean {near[0]!r}?)" if near else ""
    return f"{suffix}; use an IANA name like 'Europe/Zurich'"


def _check_zone(value: str) -> str:
    if value in _zone_names():
        return value
    raise ValueError(f"unknown time zone {value!r}{_zone_hint(value)}")


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


# Five cron fields repeat within eight years at most (29 February skips 2100, and 2200...).
CRON_HORIZON_YEARS = 8


def _check_cron(expression: str) -> str:
    # Imported here: the scheduler library is not loaded until a config with a cron is validated.
    from bot.cron import cron_trigger, next_fire

    try:
        # The syntax does not depend on the zone; the zone is applied when the job is scheduled.
        trigger = cron_trigger(expression, "UTC")
    except (ValueError, KeyError) as exc:
        raise ValueError(f"bad cron expression {expression!r}: {exc}") from exc
    start = clock.now()
    first = next_fire(trigger, start)
    if first is None or first - start > timedelta(days=366 * CRON_HORIZON_YEARS):
        raise ValueError(f"cron expression {expression!r} never fires: no date matches it (like 31 February)")
    return expression


EmailAddress = Annotated[str, AfterValidator(_check_address)]
TimeZoneName = Annotated[str, AfterValidator(_check_zone)]
Duration = Annotated[str, AfterValidator(_check_duration)]
CronExpression = Annotated[str, AfterValidator(_check_cron)]
TlsMode = Literal["implicit", "starttls", "none"]
# The languages digests are written in (ISO 639-1); each but English has a message catalog in bot/locale.
DigestLanguage = Literal["en", "fr", "de", "es"]
ClientPort = Annotated[int, Field(ge=1, le=65535)]


class Section(BaseModel):
    # Unknown keys are errors: a misspelt key silently ignored is a setting silently lost.
    # Inputs stay out of the errors' text, where a mistyped password would otherwise be repeated.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


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


class StoreSettings(Secret):
    """The store's URL; for PostgreSQL its password through password_env or password_file, so that the
    URL, which check-config prints and the daemon logs, holds none."""

    url: str = "sqlite:///listminder.db"
    # How long a write waits for another writer's lock before the intake answers "try again later".
    busy_timeout_s: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            raise ValueError(
                f"unsupported store URL {redact_url(value)!r}; use sqlite:///PATH or postgresql://..."
            )
        return value

    @model_validator(mode="after")
    def _password_where_it_is_used(self) -> StoreSettings:
        given = next((n for n in ("password", "password_env", "password_file") if getattr(self, n)), None)
        if given is None:
            return self
        if self.url.startswith("sqlite"):
            raise ValueError(f"{given}: a SQLite store has no password")
        if redact_url(self.url) != self.url:
            raise ValueError(f"{given} and a password in the URL: take the password out of the URL")
        return self


class MailServerSettings(Secret):
    """How to reach a mail server as its client: what the IMAP and the outbound SMTP settings share.

    Each protocol gives the port and TLS mode its own defaults."""

    host: str
    port: ClientPort
    tls: TlsMode
    verify_certificates: bool = True
    ca_file: Path | None = None
    username: str | None = None
    timeout_s: float = Field(default=30.0, gt=0)


class SmtpClientSettings(MailServerSettings):
    port: ClientPort = 587
    tls: TlsMode = "starttls"


class OutboundSettings(Section):
    transport: Literal["smtp", "file"] = "file"
    from_address: EmailAddress = DEFAULT_FROM_ADDRESS
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
    max_sessions_per_peer: int = Field(default=20, gt=0)
    idle_timeout_s: float = Field(default=300.0, gt=0)
    session_limit_s: float = Field(default=1800.0, gt=0)
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None

    @model_validator(mode="after")
    def _cert_and_key(self) -> ListenerSettings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("tls_cert_file and tls_key_file go together")
        return self

    @model_validator(mode="after")
    def _session_outlasts_idle(self) -> ListenerSettings:
        if self.session_limit_s < self.idle_timeout_s:
            raise ValueError(
                f"session_limit_s ({self.session_limit_s:g}) is shorter than "
                f"idle_timeout_s ({self.idle_timeout_s:g})"
            )
        return self


class WebSettings(Section):
    """The HTTP component (list pages, meeting pages, feeds, organisers' links, /healthz, /metrics), and
    what the digests need of it: its public address (no links without it) and the key that signs
    organisers' links."""

    enabled: bool = True
    # Loopback by default: a reverse proxy (with TLS) puts it in front of the world when wanted.
    host: str = "127.0.0.1"
    port: int = Field(default=8026, ge=0, le=65535)
    # Where readers reach the pages ("https://lists.example.org/meetings"): digests link there, and
    # calendar events carry their page's URL; without it the digests carry no links.
    public_base_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    # The key that signs organisers' links: one of the three, best through the environment or a file.
    secret: SecretStr | None = None
    secret_env: str | None = None
    secret_file: Path | None = None
    link_expiry_days: int = Field(default=30, ge=1, le=366)
    # How long a cancelled meeting stays in a feed (as CANCELLED) so that subscribed calendars remove it.
    cancelled_retention_days: int = Field(default=30, ge=0, le=366)
    # Calendar apps are asked to fetch a feed again this often (REFRESH-INTERVAL).
    feed_refresh_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60)

    @model_validator(mode="after")
    def _one_secret(self) -> WebSettings:
        given = [n for n in ("secret", "secret_env", "secret_file") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        return self

    def resolve_secret(self) -> SecretStr | None:
        """The signing key, read when needed, so that a rotated secret is picked up on a restart."""
        if self.secret is not None:
            return self.secret
        if self.secret_env is not None:
            value = os.environ.get(self.secret_env)
            return SecretStr(value) if value else None
        if self.secret_file is not None:
            return SecretStr(self.secret_file.read_text(encoding="utf-8").strip())
        return None

    @property
    def base_url(self) -> str | None:
        return self.public_base_url.rstrip("/") if self.public_base_url else None


class InboundSettings(Section):
    smtp: ListenerSettings = ListenerSettings()


class ImapSettings(MailServerSettings):
    port: ClientPort = 993
    tls: TlsMode = "implicit"
    # A mailbox is always someone's: IMAP has no anonymous login here, unlike an SMTP relay.
    username: str
    mailbox: str = "INBOX"
    poll_interval_s: float = Field(default=60.0, gt=0)
    idle_renew_s: float = Field(default=25 * 60, gt=0, le=29 * 60)
    # A fresh SELECT this often while in IDLE: some servers announce nothing when the mailbox is
    # deleted and re-created (or renamed away and replaced) under the session.
    mailbox_check_s: float = Field(default=60.0, gt=0, le=29 * 60)
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


# The list servers whose subscription requests and confirmations the bot knows; "manual": none of them,
# an admin subscribes the bot by hand.
ListServer = Literal["mailman3", "mailman2", "sympa", "groupsio", "manual"]


class ListSettings(Section):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    address: EmailAddress
    timezone: TimeZoneName = "UTC"
    language: DigestLanguage = "en"
    # How long a meeting lasts in calendar files when its mail gives a start time but no end.
    default_length_min: int = Field(default=60, ge=1, le=7 * 24 * 60)
    date_order: Literal["DMY", "MDY"] = "DMY"
    admins: list[EmailAddress] = []
    # Put before the digests' subjects ("[mmwg]"); none by default, since list servers add their own.
    subject_prefix: str = Field(default="", max_length=64)
    server: ListServer = "manual"
    # Where `listminder subscribe` sends its request when not where the server usually takes them.
    request_address: EmailAddress | None = None
    # A confirmation request is answered only this long after our own request: later, it was not ours.
    confirm_within: Duration = "2d"
    # A link to a message in the list's archive, for the story on a meeting's page: "{message_id}" is
    # replaced by the Message-ID without its angle brackets, URL-quoted.
    archive_url: str | None = Field(default=None, pattern=r"^https?://[^\s]*\{message_id\}[^\s]*$")
    # The list's archive is public: a meeting's page shows the text of the messages of its story.
    public: bool = False
    # The list's pages and feed are reached only with its token (`listminder web-token NAME`).
    private: bool = False
    imap: ImapSettings | None = None
    digests: DigestsSettings = DigestsSettings()
    reminders: RemindersSettings = RemindersSettings()

    @model_validator(mode="after")
    def _public_or_private(self) -> ListSettings:
        if self.public and self.private:
            raise ValueError(
                "a list is public (its messages shown) or private (pages need a token), not both"
            )
        return self


# A send claim lasts at least this many SMTP timeouts: an attempt waits up to one per step of the
# dialogue, and one slow step besides the quick others must not outlive the claim.
SEND_CLAIM_ATTEMPTS = 2


class DaemonSettings(Section):
    state_dir: Path = Path()
    shutdown_timeout_s: float = Field(default=10.0, gt=0)
    heartbeat_interval_s: float = Field(default=15.0, gt=0)
    config_poll_interval_s: float = Field(default=2.0, gt=0)
    # A component failing (mailbox, listener, store) for longer than this makes `status` unhealthy.
    unhealthy_after_s: float = Field(default=300.0, gt=0)
    # How often the outbox is checked for messages due: retries, and the answers to list servers'
    # confirmation requests, which the intake queues and the digest component sends.
    outbox_check_s: float = Field(default=60.0, gt=0)
    # Several daemons on one PostgreSQL store: this daemon's name in the list leases (None: host, pid
    # and a random part), and how soon a list whose owner stopped renewing is taken over by another.
    daemon_id: str | None = Field(default=None, min_length=1, max_length=255)
    takeover_after_s: float = Field(default=60.0, gt=0)
    # How long a sender's claim on an outgoing message lasts: a daemon (or `digest send`) killed while
    # sending leaves it, and another sends the message once it has run out. Never renewed during an
    # attempt, so it must outlast one (see Settings: at least twice the SMTP timeout).
    send_claim_s: float = Field(default=600.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
    )

    store: StoreSettings = StoreSettings()
    outbound: OutboundSettings = OutboundSettings()
    inbound: InboundSettings = InboundSettings()
    web: WebSettings = WebSettings()
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
    def _claim_outlasts_an_attempt(self) -> Settings:
        smtp = self.outbound.smtp
        if self.outbound.transport == "smtp" and smtp is not None:
            least_s = SEND_CLAIM_ATTEMPTS * smtp.timeout_s
            if self.daemon.send_claim_s < least_s:
                raise ValueError(
                    f"daemon.send_claim_s ({self.daemon.send_claim_s:g}) must be at least "
                    f"{SEND_CLAIM_ATTEMPTS} x outbound.smtp.timeout_s ({least_s:g}): a claim that runs out "
                    "while its sender still waits on the server lets another daemon send the message too"
                )
        return self

    @model_validator(mode="after")
    def _unique_lists(self) -> Settings:
        names = [item.name for item in self.lists]
        addresses = [(item.name, item.address) for item in self.lists]
        for problem in [*duplicate_list_names(names), *duplicate_list_addresses(addresses)]:
            raise ValueError(str(problem))
        return self

    def list_named(self, name: str) -> ListSettings | None:
        return next((item for item in self.lists if item.name == name), None)

    def summary(self) -> str:
        names = ", ".join(item.name for item in self.lists) or "none"
        imap = sum(1 for item in self.lists if item.imap is not None)
        listener = self.inbound.smtp
        where = f"{listener.host}:{listener.port}" if listener.enabled else "off"
        web = f"{self.web.host}:{self.web.port}" if self.web.enabled else "off"
        return (
            f"{len(self.lists)} list(s) ({names}), {imap} IMAP mailbox(es), "
            f"listener {where}, web {web}, outbound via {self.outbound.transport}, "
            f"store {redact_url(self.store.url)}"
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
    # Not resolve(): the folder as the admin named it, even when the file is a link to elsewhere.
    return parse_settings(text, str(path), base_dir=path.absolute().parent), str(path)


def parse_settings(text: str, source: str, base_dir: Path | None = None) -> Settings:
    """Validate a config; with base_dir, its relative paths are read from there instead of the
    working directory (the folder of the config file, as systemd, nginx and Postfix do)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [ConfigProblem("", f"TOML syntax error: {exc}")]) from exc
    # Checked on the raw tables as well, because pydantic skips whole-model checks once a field
    # failed, and an admin should see every problem at once.
    raw_lists = data.get("lists")
    tables = raw_lists if isinstance(raw_lists, list) else []
    tables = [t for t in tables if isinstance(t, dict)]
    duplicates = [
        *duplicate_list_names([t.get("name") for t in tables]),
        *duplicate_list_addresses([(t.get("name"), t.get("address")) for t in tables]),
    ]
    try:
        settings = Settings(**data)
    except ValidationError as exc:
        problems = list(dict.fromkeys([*_problems(exc, _environment_keys()), *duplicates]))
        raise ConfigError(source, problems) from exc
    except SettingsError as exc:
        raise ConfigError(source, [_environment_problem(exc)]) from exc
    return settings if base_dir is None else anchored(settings, base_dir)


def duplicate_list_names(names: list[Any]) -> list[ConfigProblem]:
    return [
        ConfigProblem(f"lists[{index}].name", f"duplicate list name {name!r}")
        for index, name in enumerate(names)
        if name is not None and name in names[:index]
    ]


def duplicate_list_addresses(lists: list[tuple[Any, Any]]) -> list[ConfigProblem]:
    """Mail is routed to a list by its address, so two lists on one address (in any case) would leave
    one of them without mail."""
    first: dict[str, Any] = {}
    problems = []
    for index, (name, address) in enumerate(lists):
        if not isinstance(address, str):
            continue
        folded = address.strip().casefold()
        if folded in first:
            message = f"list {name!r} has the same address as list {first[folded]!r}"
            problems.append(ConfigProblem(f"lists[{index}].address", message))
        else:
            first[folded] = name
    return problems


def redact_url(url: str) -> str:
    """The URL with the password of its user:password@ part replaced by '***'."""
    # The last '@' ends the user part: a password may hold an unescaped '@' or '/'.
    at = url.rfind("@")
    scheme_end = url.find("://")
    start = scheme_end + 3 if 0 <= scheme_end < at else 0
    colon = url.find(":", start, at) if at >= 0 else -1
    return url if colon < 0 else f"{url[: colon + 1]}***{url[at:]}"


# --- relative paths ---------------------------------------------------------------------------------

_SQLITE_FILE = re.compile(r"^(sqlite(?:\+\w+)?:///)([^?]*)(.*)$", re.DOTALL)


def anchored(settings: Settings, base_dir: Path) -> Settings:
    """Every relative path of the settings (each Path field, and a SQLite URL) read from base_dir."""
    moved: Settings = _anchor_value(settings, base_dir)
    store = moved.store.model_copy(update={"url": _anchor_sqlite_url(moved.store.url, base_dir)})
    return moved.model_copy(update={"store": store})


def _anchor_value(value: Any, base_dir: Path) -> Any:
    if isinstance(value, Path):
        return value if value.is_absolute() else base_dir / value
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _anchor_value(old, base_dir)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list):
        items = [_anchor_value(item, base_dir) for item in value]
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    return value


def _anchor_sqlite_url(url: str, base_dir: Path) -> str:
    match = _SQLITE_FILE.match(url)
    if match is None:
        return url
    prefix, database, rest = match.groups()
    # In-memory databases and SQLite's own file: URIs are left as written.
    if database in ("", ":memory:") or database.startswith("file:") or database.startswith("/"):
        return url
    return f"{prefix}{base_dir / database}{rest}"


# --- messages ---------------------------------------------------------------------------------------


def _environment_keys() -> dict[tuple[str, ...], str]:
    """The key path each LISTMINDER_ variable sets (matched without regard to case, as loaded)."""
    keys = {}
    for variable in os.environ:
        if variable.upper().startswith(ENV_PREFIX) and variable.upper() != CONFIG_ENV:
            keys[tuple(variable[len(ENV_PREFIX) :].lower().split("__"))] = variable
    return keys


def _environment_problem(exc: SettingsError) -> ConfigProblem:
    """A variable the settings could not even decode (a table or list that is not JSON)."""
    field = re.search(r'field "(\w+)"', str(exc))
    name = field[1] if field else ""
    wanted = f"{ENV_PREFIX}{name}".upper()
    variable = next((v for v in os.environ if v.upper() == wanted), wanted if name else ENV_PREFIX + "...")
    # The decoder's own message gives a position, never the text, which may hold a password.
    reason = f": {exc.__cause__}" if isinstance(exc.__cause__, ValueError) else ""
    return ConfigProblem(name, f"not valid JSON{reason}", variable=variable)


def _problems(exc: ValidationError, variables: dict[tuple[str, ...], str]) -> list[ConfigProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        key = _key_path(error["loc"])
        message = _message(error)
        # Validators of a whole table name a key inside it themselves ("lists[1].name: ...").
        inner = re.match(r"^([\w.\[\]]+): (.*)$", message)
        if inner and error["type"] == "value_error":
            key = f"{key}.{inner[1]}" if key else inner[1]
            message = inner[2]
        variable = _variable_for(error["loc"], variables)
        problems.append(ConfigProblem(key or "(top level)", message, variable=variable))
    return problems


def _variable_for(loc: tuple[int | str, ...], variables: dict[tuple[str, ...], str]) -> str | None:
    """The variable a faulty value came from: the environment wins over the file, so a value at or
    under a key that a variable sets is that variable's."""
    path = tuple(str(part).lower() for part in loc if isinstance(part, int) or not _is_union_tag(part))
    found = [v for keys, v in variables.items() if path[: len(keys)] == keys]
    return max(found, key=len) if found else None


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
    secret = any(str(part) in SECRET_KEYS for part in error["loc"])
    # A table given as text is not worth repeating (and, from the environment, may hold a password).
    whole_table = kind in ("model_type", "dict_type", "list_type")
    if kind.endswith(("_type", "_parsing")) and not isinstance(value, dict | list):
        return text if secret or whole_table else f"{text} (got {value!r})"
    return text
