"""A small soak under chaos (tests/soak.py): 300 real messages to two lists over IMAP and SMTP while
Dovecot is restarted twice, the daemon is killed twice with SIGKILL, and the digest sink is down once.
Every message is stored once, no meeting twice, and no digest reaches the sink twice."""

from __future__ import annotations

from pathlib import Path

from tests.servers.dovecot import Dovecot
from tests.servers.fixtures import dovecot, dovecot_factory
from tests.soak import SoakPlan, run_soak

__all__ = ["dovecot", "dovecot_factory"]


def test_soak_with_restarts_kills_and_a_sink_outage(
    tmp_path: Path, dovecot: Dovecot, shared_dir: Path
) -> None:
    plan = SoakPlan(
        corpus=shared_dir / "corpus" / "bench" / "indology-1990-2022.pipermail.txt.gz",
        messages=300,
        dovecot_restarts=2,
        daemon_kills=2,
        sink_outages=1,
        limit_s=50,
        outage_s=2,
    )
    report = run_soak(plan, tmp_path, dovecot, log=lambda _: None)
    summary = "\n".join(report.lines())
    assert sum(report.sent.values()) == 300, summary
    assert all(not keys for keys in report.missing.values()), summary
    assert all(not keys for keys in report.duplicated.values()), summary
    assert all(not keys for keys in report.unexpected.values()), summary
    assert report.duplicate_meetings == [], summary
    assert report.outbox, summary
    assert report.digests_received_twice() == [], summary
    assert report.digests_sent_not_received() == [], summary
    assert report.digests_received_unknown() == [], summary
    assert report.tracebacks == 0, summary
