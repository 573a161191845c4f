"""Alembic environment: always run programmatically by doclint.ledger.db.open_ledger,
which hands over an open connection in config.attributes["connection"]."""

from alembic import context

from doclint.ledger.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
