"""The project's own exception types.

Adapters at the edges (config loading, the store, mail sources, senders) translate the errors of the
libraries they use into these, chained with ``raise ... from``, so that the rest of the code and the
command line deal with one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass


class ListminderError(Exception):
    """Base of every error listminder raises on purpose."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with a config file, located by its dotted key path (``lists[0].timezone``)."""

    key: str
    message: str
    # The environment variable the faulty value came from, when not from the file.
    variable: str | None = None

    def __str__(self) -> str:
        key = f"{self.key} (from {self.variable})" if self.variable else self.key
        return f"{key}: {self.message}" if key else self.message


class ConfigError(ListminderError):
    """A config file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[ConfigProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(str(p) for p in problems))


class StoreError(ListminderError):
    """The store refused or failed an operation."""


class StoreUnavailable(StoreError):
    """The store cannot be reached right now; the caller may retry later."""


class AmbiguousMeeting(StoreError):
    """A UID that names meetings of several lists (an invitation cross-posted to them): which list's
    is meant must be said, never guessed."""

    def __init__(self, uid: str, lists: list[str]) -> None:
        self.uid = uid
        self.lists = lists
        super().__init__(
            f"UID {uid!r} names a meeting in each of the lists {', '.join(lists)}: say which one"
        )


class StoreMissing(StoreError):
    """A command that reads the store found none where the config points (and made none)."""


class SourceError(ListminderError):
    """A mail source (IMAP mailbox, listener, archive) failed."""


class SourceAuthError(SourceError):
    """A mail server refused our credentials."""


class SourceSetupError(SourceError):
    """A mail source cannot work with its settings as they are (a server certificate that its CAs do
    not vouch for, an unreadable ca_file): retrying soon will not help, the admin has to act."""


class ArchiveError(SourceError):
    """A path given to import or detect is not a readable message, folder, mbox or Maildir."""


class TlsSetupError(ListminderError):
    """The TLS settings of a client cannot be used as they are (an unreadable ca_file, or one that holds
    no certificate): the admin has to act."""


class SendError(ListminderError):
    """Outgoing mail could not be handed over."""


class TemporarySendError(SendError):
    """Worth retrying: connection refused, timeout, a 4xx answer."""


class PermanentSendError(SendError):
    """Not worth retrying: a 5xx answer, a refused recipient."""


class SetupError(ListminderError):
    """A component cannot start as configured (its port is taken, ...): restarting it will not help."""


class DigestTemplateError(ListminderError):
    """A digest template that cannot be rendered: a syntax error in an admin's override, an undefined
    variable, a name that is not there. Says which template file and, where known, which line."""

    def __init__(self, template: str, line: int | None, problem: str) -> None:
        self.template = template
        self.line = line
        where = f"{template}, line {line}" if line is not None else template
        super().__init__(f"digest template {where}: {problem}")


class ActionLinkError(ListminderError):
    """A signed action link (an organiser's confirm, cancel or change-date link) that cannot be used."""


class TamperedLink(ActionLinkError):
    """The link's signature does not match: altered, cut short, or signed with another secret."""


class ExpiredLink(ActionLinkError):
    """The link is genuine but older than the links' lifetime."""


class StaleLink(ActionLinkError):
    """The link is genuine and in time, but the meeting changed after it was made: acting on it would
    apply a decision taken about a meeting that no longer looks that way."""
