"""/metrics in Prometheus' text format, from a registry of the web component's own (never the
library's global one: tests, and several daemons in one process, would see each other's series).

The values are read when scraped: counts and list owners from the store, states from the status board;
nothing is counted twice and nothing drifts from what `listminder status` and `listminder meetings` say."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.store import Store

CONTENT_TYPE = CONTENT_TYPE_LATEST


class _Refusals:
    """The listener's refusals by reason: a counter (it only grows while the daemon runs), whose values
    the status board holds; the library's own Counter could only be added to, not read from there."""

    def __init__(self) -> None:
        self.counts: Mapping[str, int] = {}

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "listminder_listener_refusals",
            "Connections, recipients and messages the SMTP/LMTP listener turned away since the daemon "
            "started, by reason (unknown_recipient, too_big, store_unavailable, too_many_sessions, ...)",
            labels=["reason"],
        )
        for reason, count in sorted(self.counts.items()):
            family.add_metric([reason], count)
        yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._refusals = _Refusals()
        self.registry.register(self._refusals)
        self._messages = Gauge(
            "listminder_messages",
            "Kept messages by state: processed (taken), ignored (refused: auto-submitted, our own, "
            "looped) and quarantined (unreadable, kept for a later run)",
            ["state"],
            registry=self.registry,
        )
        self._meetings = Gauge(
            "listminder_meetings", "Meetings by list and status", ["list", "status"], registry=self.registry
        )
        self._outgoing = Gauge(
            "listminder_outgoing_messages",
            "Outgoing messages (digests, reminders, requests) by kind and state: sent, failed, pending",
            ["kind", "state"],
            registry=self.registry,
        )
        self._mailbox = Gauge(
            "listminder_mailbox_connected", "1 when the list's IMAP mailbox is connected", ["list"],
            registry=self.registry,
        )  # fmt: skip
        self._component = Gauge(
            "listminder_component_ok",
            "1 when the component (listener, store) reports itself working",
            ["component"],
            registry=self.registry,
        )
        self._daemon = Gauge(
            "listminder_daemon_info",
            "The daemon that answered this scrape",
            ["daemon"],
            registry=self.registry,
        )
        self._owner = Gauge(
            "listminder_list_owner",
            "1 with the daemon that owns the list (runs its IMAP watcher and schedules) now; 0 with "
            'daemon="" while no daemon holds its lease',
            ["list", "daemon"],
            registry=self.registry,
        )

    async def exposition(
        self,
        store: Store,
        components: Mapping[str, Mapping[str, Any]],
        lists: Mapping[str, Mapping[str, Any]],
        daemon_id: str,
        owners: Mapping[str, str | None],
        refusals: Mapping[str, int],
    ) -> bytes:
        messages, meetings, outgoing = (
            await store.message_counts(),
            await store.meeting_counts(),
            await store.outbox_counts(),
        )
        gauges = (self._messages, self._meetings, self._outgoing, self._mailbox, self._component, self._owner)
        for gauge in gauges:
            gauge.clear()
        for state in ("processed", "ignored", "quarantined"):
            self._messages.labels(state).set(messages.get(state, 0))
        for (list_name, status), count in meetings.items():
            self._meetings.labels(list_name, status).set(count)
        for (kind, state), count in outgoing.items():
            self._outgoing.labels(kind, state).set(count)
        for list_name, entry in lists.items():
            mailbox = entry.get("mailbox")
            if isinstance(mailbox, Mapping):
                self._mailbox.labels(list_name).set(1 if mailbox.get("connected") else 0)
        for name, entry in components.items():
            self._component.labels(name).set(1 if entry.get("ok", True) else 0)
        self._daemon.clear()
        self._daemon.labels(daemon_id).set(1)
        for list_name, owner in owners.items():
            self._owner.labels(list_name, owner or "").set(0 if owner is None else 1)
        self._refusals.counts = refusals
        return generate_latest(self.registry)
