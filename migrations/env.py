"""Alembic environment, driven by Flask-Migrate (`flask --app app db ...`)."""
import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app

from scheduler.database import UTCDateTime

config = context.config
# Keep the app's own loggers alive when migrations run inside it (tests, CLI).
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):
    # Migrations must not import app code that may change; the column is a
    # plain timezone-aware timestamp in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def skip_empty_autogenerate(context, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online():
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    conf_args.setdefault("render_item", render_item)
    with target_db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata,
                          **conf_args)
        with sqlite_foreign_keys_off(connection), context.begin_transaction():
            context.run_migrations()


@contextmanager
def sqlite_foreign_keys_off(connection):
    """SQLite changes a table's constraints by building it anew and dropping
    the old one, and with foreign keys on, DROP TABLE first deletes its rows,
    cascading into the tables that refer to it. The pragma changes only
    outside a transaction, so here, around all of them."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver_connection = connection.connection.dbapi_connection
    driver_connection.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        driver_connection.execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
