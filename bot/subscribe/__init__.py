"""Subscribing the bot to its lists: the requests it sends to list servers, and their confirmation."""
