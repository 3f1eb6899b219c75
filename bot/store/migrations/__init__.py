"""The schema's history as Alembic revisions, applied at start by bot.store.migrate."""
