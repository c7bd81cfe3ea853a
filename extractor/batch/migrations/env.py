"""Alembic environment: run by :func:`extractor.batch.store.migrate` on the store's own
connection (``config.attributes["connection"]``), or by the ``alembic`` command with
``-x url=…`` for a database given by URL."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from vanban.extractor.batch.tables import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
