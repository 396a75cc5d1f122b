"""Alembic environment for the billing schema.

Runs on the connection that `aural.billing.db.upgrade` puts in `config.attributes["connection"]`;
the `alembic` CLI path (with `sqlalchemy.url` set) builds its own engine with the same SQLite hooks.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from aural.billing.db import make_engine, metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        try:
            with engine.begin() as conn:
                _run(conn)
        finally:
            engine.dispose()
