"""Alembic environment: runs inside the connection handed over by app.store.schema."""

from __future__ import annotations

from alembic import context

from app.store.models import Base
from app.store.search import include_name

config = context.config
connection = config.attributes["connection"]


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=include_name,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
