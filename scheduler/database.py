"""Column types and conventions shared by every model."""
from __future__ import annotations

import enum
import functools
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any, TypeAlias, cast

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# How long a writer waits for SQLite's write lock before the request fails.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Between tries for the write lock (lock_for_writing): the first pause, doubled
# up to the longest.
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0001, 0.002


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """An aware datetime, stored in UTC.

    Naive values are refused rather than guessed at: a wall-clock time means
    nothing until a venue's time zone has been applied to it.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: attach a time zone first")
        value = value.astimezone(UTC)
        # SQLite keeps text; one fixed offset keeps its string order the time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None,
                             dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[enum.Enum]) -> sa.Enum:
    """A VARCHAR column holding the members' values, checked by the database."""
    return sa.Enum(
        enum_class,
        name=enum_class.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        # Room to add members later without widening the column.
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def lock_for_writing(session: AnySession, model: type[Base], row_id: int) -> None:
    """Hold off other writers of one row until this transaction ends.

    PostgreSQL locks the row. SQLite only has a database-wide write lock:
    `BEGIN IMMEDIATE` takes it (waiting out the busy timeout) and opens the
    transaction on the latest committed rows, so every read after it sees
    them. Inside a transaction already open, a no-op write takes it instead.
    """
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    dbapi_connection = connection.connection.dbapi_connection
    if sqlite and dbapi_connection is not None and not dbapi_connection.in_transaction:
        # pysqlite would only begin (deferred) at the first write; beginning
        # here costs one statement where the no-op write cost a compiled UPDATE.
        _begin_immediate(connection, dbapi_connection)
        return
    session.execute(_locking_statement(table_of(model), sqlite), {"row_id": row_id})


def _begin_immediate(connection: sa.Connection, dbapi_connection: Any) -> None:
    """BEGIN IMMEDIATE, tried again after a fraction of a millisecond while
    another connection writes, for up to the busy timeout. SQLite's own busy
    handler sleeps 1, 2, 5, 10 ms and longer between its tries: under a queue
    of bookings the lock sat free while every waiter slept (docs/bench-registrations.md)."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = _FIRST_PAUSE
    dbapi_connection.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except sa.exc.OperationalError as error:
                busy = getattr(error.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, _LONGEST_PAUSE)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


@functools.cache
def _locking_statement(table: sa.Table, sqlite: bool) -> sa.Executable:
    # Built once per table: registrations take this lock on every booking.
    row = table.c.id == sa.bindparam("row_id")
    if sqlite:
        # Naming every on-update column keeps its value (no updated_at bump).
        unchanged = {column: column for column in table.c if column.onupdate is not None}
        return sa.update(table).where(row).values({table.c.id: table.c.id, **unchanged})
    return sa.select(table.c.id).where(row).with_for_update()


# db.session is a scoped_session: it stands for the request's Session.
AnySession: TypeAlias = Session | scoped_session[Any]


def table_of(model: type[Base]) -> sa.Table:
    """A mapped class's table (SQLAlchemy types __table__ as any FROM clause)."""
    return cast(sa.Table, model.__table__)


def rows_changed(session: AnySession, statement: sa.Executable,
                 parameters: dict[str, Any] | None = None) -> int:
    """How many rows an UPDATE or DELETE matched. Session.execute types its
    result as rows; for these statements it is the cursor's result."""
    result = cast("sa.CursorResult[Any]", session.execute(statement, parameters))
    return result.rowcount
