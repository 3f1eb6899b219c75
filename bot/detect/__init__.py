"""Mail -> [Mention]: a pure function of its inputs (no I/O, no clock).

``detect`` reads a parsed message: its Subject, the author's own text, the blocks it quotes and its
calendar parts; the reference time of every relative or year-less date is the message's Date header
(``received_at`` when it has none), never the current time. ``thread`` is what the intake knows of
the message's thread (its meetings, whether it answers one of our digests): a reply that moves,
retimes or cancels the thread's meeting without naming it is read against it. ``read_text`` runs the
same rules over one plain text, for callers that have no ``Mail``.
"""

from __future__ import annotations

from datetime import datetime

from bot.detect.message import detect_mail, message_grammar
from bot.detect.model import DetectOptions, Mention
from bot.detect.pipeline import read_text
from bot.detect.thread import NO_THREAD, ThreadContext, ThreadMeeting, in_thread, readable
from bot.mail.model import Mail

__all__ = ["NO_THREAD", "DetectOptions", "Mention", "ThreadContext", "ThreadMeeting", "detect", "read_text"]


def detect(
    mail: Mail, options: DetectOptions, received_at: datetime | None = None, thread: ThreadContext = NO_THREAD
) -> list[Mention]:
    """The meetings ``mail`` announces, reminds of, proposes, reschedules or cancels."""
    mail = readable(mail, thread)
    known = frozenset(t.when.first_day for t in thread.meetings)
    mentions = detect_mail(mail, options, received_at, known_days=known)
    if not thread.meetings:
        return mentions
    rules = message_grammar(mail, options).thread
    return in_thread(mail, mentions, thread, options, received_at, rules)
