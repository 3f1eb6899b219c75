"""The command line: argument handling and printing only; the work is done by the packages it calls.

Each command has one handler, ``_cmd_<name>(args) -> int``; handlers import what they need lazily so
that ``listminder --help`` and ``check-config`` stay fast and do not load the whole daemon.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot import __version__
from bot.errors import ConfigError, ListminderError
from bot.text import json_text, printable, printable_block

if TYPE_CHECKING:
    from datetime import datetime

    from bot.config import Settings
    from bot.detect import DetectOptions, Mention
    from bot.detect.explain import Considered
    from bot.mail import Mail
    from bot.sources.archive import Entry, Unreadable
    from bot.sources.archive_import import ImportSummary
    from bot.store import Store

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE


# --- handlers -------------------------------------------------------------------------------------


def _cmd_check_config(args: argparse.Namespace) -> int:
    from bot.preflight import load_checked_settings

    # Also the variables and files the config names, which the daemon would meet only at login.
    settings, source = load_checked_settings(args.config)
    print(f"{source}: OK: {settings.summary()}")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_daemon

    return run_daemon(args.config, log_format=args.log_format)


def _cmd_detect(args: argparse.Namespace) -> int:
    from datetime import datetime

    from bot.detect.report import unreadable_dict
    from bot.sources.archive import Unreadable, iter_entries

    options = _detect_options(args)
    try:
        reference = datetime.fromisoformat(args.reference) if args.reference else None
    except ValueError as exc:
        raise ListminderError(f"--reference: not an ISO date-time: {args.reference!r}") from exc
    failures = 0
    for path in args.paths:
        for entry in iter_entries(path):
            found = _detected(entry, options, reference)
            if isinstance(found, Unreadable):
                failures += 1
                _report_unreadable(found)
                if args.json:
                    print(json_text(unreadable_dict(found.source, found.reason)))
            else:
                _print_detected(found, options, as_json=args.json, explaining=args.explain)
    return EXIT_FAILURE if failures else EXIT_OK


def _print_detected(
    found: tuple[str, Mail, list[Mention], list[Considered]],
    options: DetectOptions,
    *,
    as_json: bool,
    explaining: bool,
) -> None:
    from bot.detect.decision import shipped
    from bot.detect.explain import explanation_rows
    from bot.detect.report import considered_dict, message_dict, table_rows

    source, mail, mentions, considered = found
    model = options.model or shipped()
    if as_json:
        body = message_dict(source, mail, mentions)
        if explaining:
            body["candidates"] = [considered_dict(c, model) for c in considered]
        print(json_text(body))
        return
    rows = table_rows(source, mail, mentions)
    if explaining:
        rows += ["  candidates:"] + (explanation_rows(considered, model) or ["    (no dates found)"])
    print(printable_block("\n".join(rows)))


def _detected(
    entry: Entry, options: DetectOptions, reference: datetime | None
) -> tuple[str, Mail, list[Mention], list[Considered]] | Unreadable:
    """One archive entry through parse and detect, with every date candidate weighed on the way; an
    entry that holds no message, or that breaks them, comes back as Unreadable."""
    from bot.detect.explain import explain
    from bot.mail import parse
    from bot.sources.archive import Unreadable

    if isinstance(entry, Unreadable):
        return entry
    source, raw = entry
    try:
        mail = parse(raw)
        return source, mail, *explain(mail, options, reference)
    except Exception as exc:  # one bad message must not stop a run over a whole archive
        return Unreadable(source, f"{type(exc).__name__}: {exc}", exc)


def _report_unreadable(entry: Unreadable) -> None:
    print(printable(f"listminder: {entry.source}: {entry.reason}"), file=sys.stderr)


def _detect_options(args: argparse.Namespace) -> DetectOptions:
    """The list's zone, date order and language when --list (or a config with one list) says which list."""
    from bot.detect import DetectOptions

    if not args.list and not args.config:
        return DetectOptions()
    from bot.config import load_settings

    settings, source = load_settings(args.config)
    lists = settings.lists
    chosen = [x for x in lists if x.name == args.list] if args.list else (lists if len(lists) == 1 else [])
    if args.list and not chosen:
        raise ListminderError(f"{source}: no list named {args.list!r}")
    if not chosen:
        return DetectOptions()
    return DetectOptions(
        time_zone=chosen[0].timezone, date_order=chosen[0].date_order, language=chosen[0].language
    )


def _cmd_ingest(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.ingest import open_ingestor
    from bot.sources.archive_import import ingest_paths

    settings, source = load_settings(args.config)
    if args.list and settings.list_named(args.list) is None:
        raise ListminderError(f"{source}: no list named {args.list!r}")

    async def work() -> ImportSummary:
        async with open_ingestor(settings) as ingestor:
            # While the bar is live it carries what is printed to stderr (the unreadable entries).
            with _Progress("ingest") as progress:
                return await ingest_paths(
                    ingestor,
                    args.paths,
                    list_name=args.list,
                    on_result=progress.advance,
                    on_unreadable=_report_unreadable,
                )

    summary = asyncio.run(work())
    # File names in the summary come from the disk as they are.
    print(printable(summary.describe()))
    # Every readable message is in the store; the status says that some entries were not.
    return EXIT_FAILURE if summary.unreadable else EXIT_OK


def _cmd_reprocess(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.ingest import open_ingestor, reprocess_all

    settings, source = load_settings(args.config)
    if args.list and settings.list_named(args.list) is None:
        raise ListminderError(f"{source}: no list named {args.list!r} (lists: {_list_names(settings)})")

    async def work() -> str:
        async with open_ingestor(settings) as ingestor:
            with _Progress("reprocess") as progress:
                summary = await reprocess_all(ingestor, list_name=args.list, on_result=progress.advance)
        return summary.describe("read again", "processed")

    print(asyncio.run(work()))
    return EXIT_OK


class _Progress:
    """A progress line on stderr, drawn only on a terminal, advanced once per message."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        text = TextColumn("{task.description}: {task.completed} messages")
        console = Console(stderr=True)
        # Off a terminal (a pipe, a log file) the bar would only leave stray lines behind.
        self._bar = Progress(
            SpinnerColumn(), text, TimeElapsedColumn(), console=console, disable=not console.is_terminal
        )
        self._task = self._bar.add_task(label, total=None)

    def __enter__(self) -> _Progress:
        self._bar.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._bar.stop()

    def advance(self, _result: object) -> None:
        self._bar.advance(self._task)


def _cmd_meetings(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.meeting import MeetingStatus
    from bot.store import open_reader
    from bot.store.report import meeting_dict, meeting_rows

    settings, source = load_settings(args.config)
    status = MeetingStatus(args.status) if args.status else None

    async def work() -> list[str]:
        # Read as it is: no migration, no write lock, so a running daemon never makes it wait.
        async with open_reader(settings.store) as store:
            found = await store.meetings(list_name=args.list, status=status)
            if args.list and not found and not await _stored_list(store, settings, args.list):
                raise ListminderError(
                    f"{source}: no list named {args.list!r} (lists: {_list_names(settings)})"
                )
        if args.json:
            return [json_text(meeting_dict(m)) for m in found]
        return meeting_rows(found)

    print("\n".join(asyncio.run(work())))
    return EXIT_OK


def _list_names(settings: Settings) -> str:
    return ", ".join(item.name for item in settings.lists) or "none"


async def _stored_list(store: Store, settings: Settings, name: str) -> bool:
    """Whether the list is configured, or was: a list taken out of the config keeps its meetings."""
    return settings.list_named(name) is not None or bool(await store.meetings(list_name=name))


def _cmd_meeting(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.store import open_store
    from bot.store.corrections import Edits, admin_actor, apply_correction
    from bot.store.report import meeting_detail

    settings, _ = load_settings(args.config)
    edits = Edits(
        title=args.title, start=args.start, end=args.end, location=args.location, confirm_by=args.confirm_by
    )

    async def work() -> list[str]:
        async with open_store(settings.store) as store:
            meeting, history = await apply_correction(
                store,
                args.id,
                args.action,
                edits,
                lists=settings.lists,
                actor=admin_actor(),
                list_name=args.list,
            )
        return meeting_detail(meeting, history)

    print("\n".join(asyncio.run(work())))
    return EXIT_OK


def _cmd_digest(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.digest.commands import preview_digest, send_digest
    from bot.digest.source import load_snapshots

    settings, _ = load_settings(args.config)
    if args.mode == "preview":
        preview = asyncio.run(preview_digest(settings, args.kind, args.list, args.at, load_snapshots))
        print(printable_block(preview), end="")
        return EXIT_OK
    sent = asyncio.run(send_digest(settings, args.kind, args.list, load_snapshots, at_text=args.at))
    print(printable(sent))
    return EXIT_OK


def _cmd_membership(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.subscribe.commands import request_membership

    settings, _ = load_settings(args.config)
    print(printable_block(asyncio.run(request_membership(settings, args.name, args.command))))
    return EXIT_OK


def _cmd_web_token(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.web.tokens import list_token_lines

    settings, _ = load_settings(args.config)
    print(printable_block("\n".join(asyncio.run(list_token_lines(settings, args.name, rotate=args.rotate)))))
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from bot.status import as_json, as_text, collect_now

    # The config is read by collect_now: a file with problems is noted, not fatal, when a daemon runs.
    report = asyncio.run(collect_now(args.config))
    if args.json:
        print(json.dumps(as_json(report)))
    else:
        print("\n".join(as_text(report)))
    return EXIT_OK if report.healthy else EXIT_FAILURE


# --- the parser -----------------------------------------------------------------------------------


def _add_config(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        metavar="PATH",
        help="the config file (default: $LISTMINDER_CONFIG, else ./listminder.toml, else built-in defaults)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="listminder",
        description="Finds the meetings mailing lists announce and mails reminders about them.",
    )
    parser.add_argument("--version", action="version", version=f"listminder {__version__}")
    parser.add_argument(
        "--config", dest="config_before", metavar="PATH", help="the config file, for any command"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("run", help="run the daemon")
    _add_config(p)
    p.add_argument("--log-format", choices=["text", "json"], default="text", help="log line format")
    p.set_defaults(handler=_cmd_run)

    p = sub.add_parser("check-config", help="validate the config file; name every problem by key")
    _add_config(p)
    p.set_defaults(handler=_cmd_check_config)

    p = sub.add_parser("detect", help="detect meetings in messages, without the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml file, folder of them, mbox or Maildir")
    p.add_argument("--json", action="store_true", help="one JSON object per message, one per line")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also show every date candidate, kept or dropped: its rules, weightiest features, probability",
    )
    p.add_argument(
        "--reference",
        metavar="ISO-DATETIME",
        help="the time to read a message from when it has no usable Date header",
    )
    _add_config(p)
    p.add_argument("--list", metavar="NAME", help="read as mail of this configured list (zone, date order)")
    p.set_defaults(handler=_cmd_detect)

    p = sub.add_parser("ingest", help="put messages through the intake path into the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml file, folder of them, mbox or Maildir")
    p.add_argument("--list", metavar="NAME", help="the list the messages belong to (default: by List-Id)")
    _add_config(p)
    p.set_defaults(handler=_cmd_ingest)

    p = sub.add_parser("meetings", help="list the meetings in the store")
    _add_config(p)
    p.add_argument("--json", action="store_true", help="one JSON object per meeting, one per line")
    p.add_argument("--list", metavar="NAME", help="only this list's meetings")
    p.add_argument("--status", choices=["confirmed", "tentative", "cancelled"], help="only this status")
    p.set_defaults(handler=_cmd_meetings)

    p = sub.add_parser("meeting", help="show or correct one meeting (corrections are kept in its history)")
    _add_config(p)
    p.add_argument("action", choices=["show", "confirm", "cancel", "edit"])
    p.add_argument("id", metavar="ID", help="the meeting's id, or its UID")
    p.add_argument("--list", metavar="NAME", help="the list whose meeting a UID names (cross-posted UIDs)")
    p.add_argument("--title")
    p.add_argument("--start", metavar="ISO-DATE[TIME]")
    p.add_argument("--end", metavar="ISO-DATE[TIME]")
    p.add_argument("--location")
    p.add_argument("--confirm-by", metavar="ISO-DATE")
    p.set_defaults(handler=_cmd_meeting)

    p = sub.add_parser("reprocess", help="read stored messages again after a detector upgrade")
    _add_config(p)
    p.add_argument("--list", metavar="NAME")
    p.set_defaults(handler=_cmd_reprocess)

    p = sub.add_parser("digest", help="preview or send a digest")
    p.add_argument("mode", choices=["preview", "send"])
    p.add_argument("kind", choices=["reminder", "pending"])
    _add_config(p)
    p.add_argument("--list", metavar="NAME")
    p.add_argument(
        "--at",
        metavar="ISO-DATETIME",
        help="compose as at this time; 'send' records it as the digest of the period this time falls in",
    )
    p.set_defaults(handler=_cmd_digest)

    for action, purpose in (("subscribe", "join"), ("unsubscribe", "leave")):
        p = sub.add_parser(action, help=f"ask the list's server to let the bot's address {purpose} the list")
        p.add_argument("name", metavar="NAME", help="the list, as named in the config")
        _add_config(p)
        p.set_defaults(handler=_cmd_membership)

    p = sub.add_parser("web-token", help="a private list's token, with its page and feed URLs")
    p.add_argument("name", metavar="NAME", help="the list, as named in the config")
    p.add_argument("--rotate", action="store_true", help="replace the token: the old links stop working")
    _add_config(p)
    p.set_defaults(handler=_cmd_web_token)

    p = sub.add_parser("status", help="is the daemon healthy; per list, its sources and digests")
    _add_config(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # --config before the command too; the command's own --config wins when both are given.
    args.config = args.config or args.config_before
    handler: Handler = args.handler
    try:
        code = handler(args)
        # Written out here, not at exit, so that a reader gone away is met below, not in a traceback.
        sys.stdout.flush()
        return code
    except ConfigError as exc:
        print(printable(f"{exc.source}: invalid configuration"), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {printable(str(problem))}", file=sys.stderr)
        return EXIT_FAILURE
    except ListminderError as exc:
        print(f"listminder: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        return 130


def _reader_gone() -> int:
    """The reader of stdout closed it (``listminder meetings | head -1``): stop quietly, as Unix tools do.

    The handler is stopped by the exception rather than killed by SIGPIPE at its default, so that a
    store transaction or an outbox write under way is never cut short. The exit status is the one a
    shell reports for a tool killed by SIGPIPE (128 + 13): the output was not all written, and a
    pipeline under ``set -o pipefail`` behaves as it would with cat or grep."""
    # Python flushes stdout once more at exit; pointed at /dev/null, that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE
