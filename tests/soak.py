"""Soak under chaos, shared by tests/test_soak.py (small) and benchmarks/soak.py (large).

Real corpus messages go to two lists, one read over IMAP from Dovecot and one delivered to the
daemon's SMTP listener, while Dovecot is restarted, the SMTP server that receives the digests is down
for stretches, and the daemon is killed with SIGKILL and started again. Senders behave like mail
servers: a message is retried until the listener answers 250 (or refuses it for good), an APPEND until
Dovecot takes it. Digests run every minute for both lists. At the end the store and the digest sink are
held to the messages sent: every message once, no meeting twice, every digest in the outbox received by
the sink once (and, when the run waits for the outbox to drain, every one of them received).
"""

from __future__ import annotations

import contextlib
import email
import imaplib
import re
import signal
import smtplib
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bot.ingest import message_key
from bot.mail import parse
from bot.sources.archive import iter_messages
from tests.cli import Daemon, wait_for
from tests.digest.smtp_server import Recorder, SmtpServer
from tests.servers.dovecot import Dovecot, free_port

IMAP_LIST = ("soakimap", "soakimap@soak.test")
SMTP_LIST = ("soaksmtp", "soaksmtp@soak.test")
# The listener refuses longer lines ("500 Line too long"); such messages go the IMAP way.
SMTP_LINE_LIMIT = 990


@dataclass(frozen=True)
class SoakPlan:
    corpus: Path
    messages: int
    dovecot_restarts: int
    daemon_kills: int
    sink_outages: int
    # How long the run may take before giving up, and how long to wait for the outbox to drain.
    limit_s: float = 600.0
    drain_s: float = 0.0
    outage_s: float = 3.0


@dataclass
class SoakReport:
    sent: dict[str, int] = field(default_factory=dict)
    expected: dict[str, set[str]] = field(default_factory=dict)
    stored: dict[str, list[str]] = field(default_factory=dict)
    meetings: int = 0
    duplicate_meetings: list[tuple[object, ...]] = field(default_factory=list)
    outbox: dict[str, str] = field(default_factory=dict)
    outbox_ids: dict[str, str] = field(default_factory=dict)
    sink_ids: Counter[str] = field(default_factory=Counter)
    events: list[str] = field(default_factory=list)
    seconds: float = 0.0
    smtp_retries: int = 0
    imap_retries: int = 0
    tracebacks: int = 0

    @property
    def missing(self) -> dict[str, set[str]]:
        return {name: keys - set(self.stored.get(name, [])) for name, keys in self.expected.items()}

    @property
    def duplicated(self) -> dict[str, list[str]]:
        return {name: [k for k, n in Counter(keys).items() if n > 1] for name, keys in self.stored.items()}

    @property
    def unexpected(self) -> dict[str, set[str]]:
        return {name: set(keys) - self.expected.get(name, set()) for name, keys in self.stored.items()}

    def digests_received_twice(self) -> list[str]:
        return [mid for mid, n in self.sink_ids.items() if n > 1]

    def digests_unsent(self) -> list[str]:
        return [key for key, state in self.outbox.items() if state != "sent"]

    def digests_sent_not_received(self) -> list[str]:
        return [
            key
            for key, state in self.outbox.items()
            if state == "sent" and self.outbox_ids[key] not in self.sink_ids
        ]

    def digests_received_unknown(self) -> list[str]:
        known = set(self.outbox_ids.values())
        return [mid for mid in self.sink_ids if mid not in known]

    def lines(self) -> list[str]:
        out = [f"chaos: {', '.join(self.events)}"]
        for name in self.expected:
            out.append(
                f"{name}: sent {self.sent.get(name, 0)} messages ({len(self.expected[name])} distinct), "
                f"stored {len(self.stored.get(name, []))}, missing {len(self.missing[name])}, "
                f"stored twice {len(self.duplicated.get(name, []))}, "
                f"unexpected {len(self.unexpected.get(name, []))}"
            )
        out.append(
            f"meetings: {self.meetings}, "
            f"stored twice (same list, start, title): {len(self.duplicate_meetings)}"
        )
        states = Counter(self.outbox.values())
        out.append(
            f"digests: {len(self.outbox)} in the outbox {dict(states)}; the sink received "
            f"{sum(self.sink_ids.values())} ({len(self.sink_ids)} distinct Message-IDs): "
            f"twice {len(self.digests_received_twice())}, sent but not received "
            f"{len(self.digests_sent_not_received())}, unknown {len(self.digests_received_unknown())}"
        )
        out.append(
            f"senders retried: SMTP {self.smtp_retries}, IMAP {self.imap_retries}; "
            f"tracebacks in the daemon logs: {self.tracebacks}; {self.seconds:.1f} s"
        )
        return out


def config_text(folder: Path, dovecot: Dovecot, listener_port: int, sink_port: int) -> str:
    lists = []
    for (name, address), imap in ((IMAP_LIST, True), (SMTP_LIST, False)):
        lists.append(f'[[lists]]\nname = "{name}"\naddress = "{address}"\nadmins = ["chair@soak.test"]\n')
        if imap:
            lists.append(
                f'[lists.imap]\nhost = "{dovecot.host}"\nport = {dovecot.imap_port}\ntls = "none"\n'
                'username = "list"\npassword_env = "SOAK_IMAP_PASSWORD"\n'
                "poll_interval_s = 1\ntimeout_s = 10\n"
            )
        for kind in ("reminder", "pending"):
            lists.append(
                f'[lists.digests.{kind}]\ncron = "* * * * *"\nsend_empty = true\nto = ["{address}"]\n'
            )
    return (
        f'[store]\nurl = "sqlite:///{folder / "listminder.db"}"\n'
        f'[daemon]\nstate_dir = "{folder}"\nheartbeat_interval_s = 1\nshutdown_timeout_s = 5\n'
        f'[outbound]\ntransport = "smtp"\nfrom_address = "listminder@soak.test"\n'
        f'outbox_dir = "{folder / "outbox"}"\n'
        f'[outbound.smtp]\nhost = "127.0.0.1"\nport = {sink_port}\ntls = "none"\ntimeout_s = 5\n'
        f'[inbound.smtp]\nhost = "127.0.0.1"\nport = {listener_port}\n' + "\n".join(lists)
    )


def corpus_messages(path: Path, limit: int) -> Iterator[bytes]:
    for n, (_source, raw) in enumerate(iter_messages(path)):
        if n >= limit:
            return
        yield raw


class _Sender(threading.Thread):
    """Delivers a queue of messages one way, retrying each until it is taken."""

    def __init__(self, deliver: Callable[[bytes], bool], messages: list[bytes], deadline: float) -> None:
        super().__init__(daemon=True)
        self.deliver = deliver
        self.messages = messages
        self.deadline = deadline
        self.done = 0
        self.retries = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for raw in self.messages:
                while not self.deliver(raw):
                    self.retries += 1
                    if time.monotonic() > self.deadline:
                        raise TimeoutError("the run's time limit passed while delivering")
                    time.sleep(0.1)
                self.done += 1
        except BaseException as exc:
            self.error = exc


class _SmtpWay:
    def __init__(self, port: int) -> None:
        self.port = port
        self.client: smtplib.SMTP | None = None

    def __call__(self, raw: bytes) -> bool:
        try:
            if self.client is None:
                self.client = smtplib.SMTP("127.0.0.1", self.port, timeout=15)
            self.client.sendmail("sender@soak.example", [SMTP_LIST[1]], raw)
            return True
        except smtplib.SMTPResponseException as exc:
            self._drop()
            if 500 <= exc.smtp_code < 600:
                raise
            return False
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            self._drop()
            if all(500 <= code < 600 for code in codes):
                raise
            return False
        except (smtplib.SMTPException, OSError):
            self._drop()
            return False

    def _drop(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            finally:
                self.client = None

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()


class _ImapWay:
    def __init__(self, dovecot: Dovecot) -> None:
        self.dovecot = dovecot
        self.client: imaplib.IMAP4 | None = None
        self.lock = threading.Lock()

    def __call__(self, raw: bytes) -> bool:
        with self.lock:
            try:
                if self.client is None:
                    self.client = imaplib.IMAP4(self.dovecot.host, self.dovecot.imap_port, timeout=10)
                    self.client.login("list", self.dovecot.users["list"])
                typ, _ = self.client.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
                # An APPEND that got no OK may still have been stored (a restart mid-command): then the
                # retry stores it twice in the mailbox, which ingest's idempotency absorbs.
                return typ == "OK"
            except (imaplib.IMAP4.error, OSError, EOFError):
                if self.client is not None:
                    with contextlib.suppress(OSError):
                        self.client.shutdown()
                self.client = None
                return False

    def close(self) -> None:
        with self.lock:
            if self.client is not None:
                try:
                    self.client.logout()
                except (imaplib.IMAP4.error, OSError, EOFError):
                    with contextlib.suppress(OSError):
                        self.client.shutdown()


class _Sink(Recorder):
    def ids(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for item in self.received:
            found[str(email.message_from_bytes(item.data)["Message-ID"])] += 1
        return found


def run_soak(
    plan: SoakPlan, folder: Path, dovecot: Dovecot, log: Callable[[str], None] = print
) -> SoakReport:
    started = time.monotonic()
    deadline = started + plan.limit_s
    report = SoakReport()
    folder.chmod(0o755)

    messages = list(corpus_messages(plan.corpus, plan.messages))
    ways: dict[str, list[bytes]] = {IMAP_LIST[0]: [], SMTP_LIST[0]: []}
    for n, raw in enumerate(messages):
        too_long = max((len(line) for line in raw.splitlines()), default=0) > SMTP_LINE_LIMIT
        if n % 2 or too_long:
            ways[IMAP_LIST[0]].append(raw)
        else:
            # SMTP carries lines ended by CRLF (smtplib sends bytes as they are).
            ways[SMTP_LIST[0]].append(re.sub(rb"\r?\n", b"\r\n", raw))
    for name, raws in ways.items():
        report.sent[name] = len(raws)
        report.expected[name] = {message_key(parse(raw), raw) for raw in raws}

    sink = _Sink()
    sink_server = SmtpServer(sink)
    sink_server.start()
    listener_port = free_port()
    config = folder / "listminder.toml"
    config.write_text(config_text(folder, dovecot, listener_port, sink_server.port))
    env = {"LISTMINDER_CONFIG": str(config), "SOAK_IMAP_PASSWORD": dovecot.users["list"]}
    runs: list[Daemon] = []

    def start_daemon() -> Daemon:
        run_dir = folder / f"run{len(runs)}"
        run_dir.mkdir()
        daemon = Daemon(cwd=run_dir, env=env)
        runs.append(daemon)
        daemon.wait_logged("event=listener.started", timeout_s=30)
        return daemon

    smtp_way, imap_way = _SmtpWay(listener_port), _ImapWay(dovecot)
    senders = [
        _Sender(imap_way, ways[IMAP_LIST[0]], deadline),
        _Sender(smtp_way, ways[SMTP_LIST[0]], deadline),
    ]
    outages = _Outages(sink_server, plan.outage_s)
    daemon = start_daemon()
    try:
        for sender in senders:
            sender.start()
        # The chaos, spread over the delivery: each event waits for its share of messages to be sent.
        events: list[tuple[float, str]] = []
        for i in range(plan.dovecot_restarts):
            events.append(((i + 0.5) / (plan.dovecot_restarts + 0.5), "dovecot"))
        for i in range(plan.daemon_kills):
            events.append(((i + 0.75) / (plan.daemon_kills + 0.5), "kill"))
        for i in range(plan.sink_outages):
            events.append(((i + 0.3) / (plan.sink_outages + 0.5), "sink"))
        for share, what in sorted(events):
            wait_for(
                partial(_reached, senders, share),
                plan.limit_s,
                f"{share:.0%} of the messages delivered",
            )
            _raise_sender_errors(senders)
            if what == "dovecot":
                dovecot.restart()
                report.events.append(f"dovecot restarted at {share:.0%}")
            elif what == "kill":
                daemon.process.kill()
                daemon.process.wait(timeout=10)
                report.events.append(f"daemon killed at {share:.0%}")
                daemon = start_daemon()
            else:
                # Delivery and the other events go on meanwhile; the sink comes back after the stretch.
                outages.begin()
                report.events.append(f"digest sink down at {share:.0%} for {plan.outage_s:g} s")
        for sender in senders:
            sender.join(max(1.0, deadline - time.monotonic()))
        _raise_sender_errors(senders)
        report.smtp_retries, report.imap_retries = senders[1].retries, senders[0].retries

        # The IMAP list is read asynchronously: wait until every distinct message is stored.
        wait_for(
            lambda: _stored_keys(folder, IMAP_LIST[0]) >= report.expected[IMAP_LIST[0]],
            max(10.0, deadline - time.monotonic()),
            "the IMAP list read to the end",
        )
        outages.join()
        if plan.drain_s:
            wait_for(
                lambda: _outbox_settled(folder),
                plan.drain_s,
                "every digest in the outbox sent",
            )
        daemon.stop(signal.SIGTERM)
    finally:
        outages.join()
        smtp_way.close()
        imap_way.close()
        for run in runs:
            run.close()
        sink_server.stop()

    with sqlite3.connect(f"file:{folder / 'listminder.db'}?mode=ro", uri=True) as db:
        for name in report.expected:
            report.stored[name] = [
                str(r[0]) for r in db.execute("SELECT key FROM messages WHERE list_name = ?", (name,))
            ]
        report.meetings = int(db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0])
        report.duplicate_meetings = list(
            db.execute(
                "SELECT list_name, start_iso, title, COUNT(*) FROM meetings "
                "GROUP BY list_name, start_iso, title HAVING COUNT(*) > 1"
            )
        )
        # A period recorded as empty had nothing to send: it is neither a digest nor a lost one.
        for list_name, kind, period, state, raw in db.execute(
            "SELECT list_name, kind, period, state, raw FROM outbox WHERE state != 'empty'"
        ):
            key = f"{list_name}/{kind}/{period}"
            report.outbox[key] = str(state)
            report.outbox_ids[key] = str(email.message_from_bytes(raw)["Message-ID"])
    report.sink_ids = sink.ids()
    report.tracebacks = sum(run.log.count("Traceback") for run in runs)
    report.seconds = time.monotonic() - started
    return report


class _Outages:
    """Stretches with the digest sink down; overlapping ones keep it down until the last ends."""

    def __init__(self, server: SmtpServer, seconds: float) -> None:
        self.server = server
        self.seconds = seconds
        self.down = 0
        self.lock = threading.Lock()
        self.timers: list[threading.Timer] = []

    def begin(self) -> None:
        with self.lock:
            self.down += 1
            if self.down == 1:
                self.server.stop()
        timer = threading.Timer(self.seconds, self._end)
        self.timers.append(timer)
        timer.start()

    def _end(self) -> None:
        with self.lock:
            self.down -= 1
            if self.down == 0:
                self.server.start()

    def join(self) -> None:
        for timer in self.timers:
            timer.join()


def _progress(senders: list[_Sender]) -> float:
    """How far the slower way has got: each event finds both ways still sending."""
    return min(x.done / len(x.messages) if x.messages else 1.0 for x in senders)


def _reached(senders: list[_Sender], share: float) -> bool:
    """Whether the senders have got ``share`` of the way, or one of them has failed."""
    return _progress(senders) >= share or any(x.error for x in senders)


def _raise_sender_errors(senders: list[_Sender]) -> None:
    for sender in senders:
        if sender.error is not None:
            raise sender.error


def _stored_keys(folder: Path, list_name: str) -> set[str]:
    try:
        with sqlite3.connect(f"file:{folder / 'listminder.db'}?mode=ro", uri=True) as db:
            return {
                str(r[0]) for r in db.execute("SELECT key FROM messages WHERE list_name = ?", (list_name,))
            }
    except sqlite3.Error:
        return set()


def _outbox_settled(folder: Path) -> bool:
    with sqlite3.connect(f"file:{folder / 'listminder.db'}?mode=ro", uri=True) as db:
        return not db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')").fetchone()[
            0
        ]
