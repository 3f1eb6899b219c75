"""Alembic's entry point: runs on the connection that bot.store.migrate hands over, never on its own."""

from __future__ import annotations

from alembic import context

from bot.store.tables import metadata


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run through bot.store.migrate, which passes the connection")
    # Batch mode lets later revisions alter SQLite tables, which ALTER TABLE alone cannot.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_run()
