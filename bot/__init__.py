"""listminder: finds the meetings that mailing lists announce and mails reminders about them."""

__version__ = "0.1.0"
