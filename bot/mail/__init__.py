"""bytes -> Mail: a pure function of its input (no I/O, no clock)."""

from bot.mail.model import LOOP_HEADER, Address, CalendarEvent, Mail, QuotedBlock
from bot.mail.parser import parse

__all__ = ["LOOP_HEADER", "Address", "CalendarEvent", "Mail", "QuotedBlock", "parse"]
