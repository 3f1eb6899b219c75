"""Mail -> [Mention]: a pure function of its inputs (no I/O, no clock)."""

from bot.detect.model import DetectOptions, Mention, Status

__all__ = ["DetectOptions", "Mention", "Status"]
