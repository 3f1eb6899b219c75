"""The command line: argument handling and printing only; the work is done by the packages it calls.

Each command has one handler, ``_cmd_<name>(args) -> int``; handlers import what they need lazily so
that ``listminder --help`` and ``check-config`` stay fast and do not load the whole daemon.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot import __version__
from bot.errors import ConfigError, ListminderError

if TYPE_CHECKING:
    from bot.detect import DetectOptions

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


# --- handlers -------------------------------------------------------------------------------------


def _cmd_check_config(args: argparse.Namespace) -> int:
    from bot.config import load_settings

    settings, source = load_settings(args.config)
    print(f"{source}: OK: {settings.summary()}")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_daemon

    return run_daemon(args.config, log_format=args.log_format)


def _cmd_detect(args: argparse.Namespace) -> int:
    import json
    from datetime import datetime

    from bot.detect import detect
    from bot.detect.report import message_dict, table_rows
    from bot.errors import ArchiveError
    from bot.mail import parse
    from bot.sources.archive import iter_messages

    options = _detect_options(args)
    try:
        reference = datetime.fromisoformat(args.reference) if args.reference else None
    except ValueError as exc:
        raise ListminderError(f"--reference: not an ISO date-time: {args.reference!r}") from exc
    failures = 0
    for path in args.paths:
        try:
            for source, raw in iter_messages(path):
                try:
                    mail = parse(raw)
                    mentions = detect(mail, options, reference)
                except Exception as exc:  # one bad message must not stop a run over a whole archive
                    failures += 1
                    print(f"listminder: {source}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                if args.json:
                    print(json.dumps(message_dict(source, mail, mentions), ensure_ascii=False))
                else:
                    print("\n".join(table_rows(source, mail, mentions)))
        except ArchiveError as exc:
            failures += 1
            print(f"listminder: {exc}", file=sys.stderr)
    return EXIT_FAILURE if failures else EXIT_OK


def _detect_options(args: argparse.Namespace) -> DetectOptions:
    """The list's zone and date order when --list (or a config with one list) says which list."""
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
    return DetectOptions(time_zone=chosen[0].timezone, date_order=chosen[0].date_order)


def _cmd_ingest(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.ingest import ingest_paths, open_ingestor

    settings, source = load_settings(args.config)
    if args.list and settings.list_named(args.list) is None:
        raise ListminderError(f"{source}: no list named {args.list!r}")

    async def work() -> str:
        async with open_ingestor(settings) as ingestor:
            with _Progress("ingest") as progress:
                summary = await ingest_paths(
                    ingestor, args.paths, list_name=args.list, on_result=progress.advance
                )
        return summary.describe()

    print(asyncio.run(work()))
    return EXIT_OK


def _cmd_reprocess(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.ingest import open_ingestor, reprocess_all

    settings, _ = load_settings(args.config)

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
    import json

    from bot.config import load_settings
    from bot.detect import Status
    from bot.store import open_reader
    from bot.store.report import meeting_dict, meeting_rows

    settings, _ = load_settings(args.config)
    status = Status(args.status) if args.status else None

    async def work() -> list[str]:
        # Read as it is: no migration, no write lock, so a running daemon never makes it wait.
        async with open_reader(settings.store) as store:
            found = await store.meetings(list_name=args.list, status=status)
        if args.json:
            return [json.dumps(meeting_dict(m), ensure_ascii=False) for m in found]
        return meeting_rows(found)

    print("\n".join(asyncio.run(work())))
    return EXIT_OK


def _cmd_meeting(args: argparse.Namespace) -> int:
    import asyncio
    import getpass

    from bot.config import load_settings
    from bot.detect import Status
    from bot.store import open_store
    from bot.store.corrections import edit_values, status_values
    from bot.store.report import meeting_detail

    settings, _ = load_settings(args.config)
    ref: int | str = int(args.id) if args.id.isdigit() else args.id
    try:
        actor = f"admin {getpass.getuser()}"
    except (OSError, KeyError):  # no user name in a bare container
        actor = "admin"

    async def work() -> list[str]:
        async with open_store(settings.store) as store:
            meeting = await store.meeting(ref)
            if meeting is None:
                raise ListminderError(f"no meeting {args.id!r}")
            if args.action in ("confirm", "cancel"):
                status = Status.CONFIRMED if args.action == "confirm" else Status.CANCELLED
                meeting = await store.correct(meeting.id, status_values(status), actor=actor)
            elif args.action == "edit":
                found = settings.list_named(meeting.list_name)
                zone = found.timezone if found is not None else "UTC"
                edits = {k: getattr(args, k) for k in ("title", "start", "end", "location", "confirm_by")}
                values = edit_values(meeting, list_zone=zone, **edits)
                if not values:
                    raise ListminderError(
                        "edit: give at least one of --title --start --end --location --confirm-by"
                    )
                meeting = await store.correct(meeting.id, values, actor=actor)
            return meeting_detail(meeting, await store.history(meeting.id))

    print("\n".join(asyncio.run(work())))
    return EXIT_OK


def _cmd_digest(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import load_settings
    from bot.digest.commands import preview_digest, send_digest
    from bot.digest.source import load_snapshots

    settings, _ = load_settings(args.config)
    if args.mode == "preview":
        print(asyncio.run(preview_digest(settings, args.kind, args.list, args.at, load_snapshots)), end="")
        return EXIT_OK
    if args.at is not None:
        raise ListminderError("--at is for 'digest preview'; 'digest send' sends the digest due now")
    print(asyncio.run(send_digest(settings, args.kind, args.list, load_snapshots)))
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
    p.add_argument("id", metavar="ID")
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
    p.add_argument("--at", metavar="ISO-DATETIME", help="compose as at this time (preview only)")
    p.set_defaults(handler=_cmd_digest)

    p = sub.add_parser("status", help="is the daemon healthy; per list, its sources and digests")
    _add_config(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"{exc.source}: invalid configuration", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILURE
    except ListminderError as exc:
        print(f"listminder: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
