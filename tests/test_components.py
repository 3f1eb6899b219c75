"""A reload restarts exactly the components whose part of the settings changed."""

from __future__ import annotations

from bot.components import Component, ComponentSpec, diff


def spec(key: str, part: object) -> ComponentSpec:
    def build() -> Component:
        raise AssertionError("diff never builds a component")

    return ComponentSpec(key, part, build)


def test_unchanged_parts_are_kept_and_changed_ones_restarted() -> None:
    running = {s.key: s for s in [spec("heartbeat", 1), spec("imap:a", ("a", 1)), spec("imap:b", ("b", 1))]}
    wanted = [spec("heartbeat", 1), spec("imap:a", ("a", 2)), spec("imap:c", ("c", 1))]
    changes = diff(running, wanted)
    assert sorted(changes.stop) == ["imap:a", "imap:b"]
    assert [s.key for s in changes.start] == ["imap:a", "imap:c"]
    assert changes.kept == ("heartbeat",)


def test_nothing_changes_when_nothing_changed() -> None:
    running = {s.key: s for s in [spec("heartbeat", 1), spec("imap:a", ("a", 1))]}
    changes = diff(running, [spec("heartbeat", 1), spec("imap:a", ("a", 1))])
    assert changes.stop == () and changes.start == ()
