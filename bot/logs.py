"""One line per event: ``event=... key=value ...`` for people, or one JSON object for log collectors.

Components log with ``log.info("imap.connected", extra=fields(list="mmwg", host=...))``: the message is
the event's name, the fields say where it happened. Values are rendered with ``str``; secrets are kept
as pydantic ``SecretStr``, whose ``str`` is a mask, so they cannot reach a log line by accident.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal

from bot.text import json_text, printable

FIELDS_ATTR = "listminder_fields"
LogFormat = Literal["text", "json"]


def fields(**values: Any) -> dict[str, dict[str, Any]]:
    """The ``extra`` of a log call: named fields, None values left out."""
    return {FIELDS_ATTR: {k: v for k, v in values.items() if v is not None}}


def _quote(value: Any) -> str:
    # Values carry text from mail: one with a space, a quote, a line break or any control is written as
    # a JSON string with those escaped, so that it can neither end the line early nor drive a terminal.
    text = str(value)
    if not text or any(c.isspace() or c in '"=' for c in text) or printable(text) != text:
        return json_text(text)
    return text


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra: dict[str, Any] = getattr(record, FIELDS_ATTR, {})
        parts = [_timestamp(record), record.levelname, f"event={_quote(record.getMessage())}"]
        parts += [f"{key}={_quote(value)}" for key, value in extra.items()]
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            parts.append(f"error={_quote(f'{type(error).__name__}: {error}')}")
        return " ".join(parts)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "event": record.getMessage(),
            "logger": record.name,
        }
        entry.update({k: str(v) for k, v in getattr(record, FIELDS_ATTR, {}).items()})
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = f"{type(error).__name__}: {error}"
        return json_text(entry)


def setup_logging(level: str, log_format: LogFormat) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries log their own chatter at INFO (aioimaplib logs every dropped EXISTS); ours is enough.
    for noisy in ("aioimaplib", "mail.log", "apscheduler", "aiosqlite", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
