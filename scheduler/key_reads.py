"""One row read by key, on the app's own connections in autocommit, through
the driver's cursor: every feed poll and every cached page reads the data
revision so, a session page its seats, and a booking the session it judges
(the statement that books may be run so too: write_row). Through SQLAlchemy
(statement, execution context, result) such a read cost more than its round
trip, and in a transaction its BEGIN and the ROLLBACK when the connection goes
back to the pool were two more round trips on PostgreSQL
(docs/bench-feed-polls.md). row_on runs such a statement in the caller's own
transaction instead: SQLite's bookings write so under the write lock.

Errors come out as SQLAlchemy's, a connection the database dropped flagged
`connection_invalidated` and the reader's pool emptied, as from any other
query: a GET that meets one is run again on a new connection (errors.py)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ReturnsRows

from scheduler.extensions import db

# The app's engine for these reads (app.extensions).
READER = "key_reader"
# Built once by its caller, and returning rows: a SELECT, or a write with RETURNING.
Statement: TypeAlias = ReturnsRows


def read_row(statement: Statement,
             parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    """The first row `statement` (built once, kept by its caller) finds, its
    values as the columns' types read them (a time in UTC, say); None when
    there is none."""
    return _first_row(statement, parameters)


def write_row(statement: Statement,
              parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    """read_row for a statement that writes (data-modifying WITH): it is a
    transaction of its own, committed by the database as the statement ends,
    with no COMMIT round trip after it. For a use case whose whole unit of work
    is this one statement: a row lock it takes is held only while it runs."""
    return _first_row(statement, parameters)


def row_on(connection: sa.Connection, statement: Statement,
           parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    """read_row on `connection`, in its transaction: for a statement that
    must see what the transaction wrote, or whose writes commit with it."""
    return _row_through(connection.dialect, connection.connection, statement, parameters,
                        lose=connection.invalidate)


def _first_row(statement: Statement,
               parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    engine = reader()
    try:
        connection = engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as error:
        # The database is away: no connection is lost, none made.
        raise _wrapped(engine.dialect, error, _compiled(engine.dialect, statement).string,
                       parameters, lost=False) from error

    def lose(error: BaseException) -> None:
        # The database restarted: every pooled connection died with this one.
        connection.invalidate(error)
        engine.dispose()

    try:
        return _row_through(engine.dialect, connection, statement, parameters, lose=lose)
    finally:
        connection.close()


def _row_through(dialect: sa.Dialect, connection: PoolProxiedConnection, statement: Statement,
                 parameters: Mapping[str, object],
                 lose: Callable[[BaseException], None]) -> tuple[Any, ...] | None:
    """The first row of `statement` run on the driver's own cursor, its
    parameters and values converted as SQLAlchemy's types would."""
    compiled = _compiled(dialect, statement)
    types = _types(dialect, statement)
    named = compiled.construct_params(dict(parameters))
    for name, process in types.binds.items():
        named[name] = process(named[name])
    arguments = (tuple(named[name] for name in compiled.positiontup)
                 if compiled.positiontup is not None else named)
    try:
        cursor = connection.cursor()
        cursor.execute(compiled.string, arguments)
        # No description: a write without RETURNING, which has no rows to fetch.
        row = None if cursor.description is None else cursor.fetchone()
        cursor.close()
    except dialect.loaded_dbapi.Error as error:
        lost = dialect.is_disconnect(error, connection.dbapi_connection, None)
        if lost:
            lose(error)
        raise _wrapped(dialect, error, compiled.string, arguments, lost=lost) from error
    if row is None:
        return None
    return tuple(value if process is None else process(value)
                 for value, process in zip(row, types.results, strict=True))


def reader() -> sa.Engine:
    engine: sa.Engine | None = current_app.extensions.get(READER)
    if engine is None:
        engine = current_app.extensions[READER] = _reading_engine(db.engine)
    return engine


def _reading_engine(engine: sa.Engine) -> sa.Engine:
    """Connections to the same database in autocommit, of their own: one
    statement needs no transaction, and switching a shared connection to
    autocommit and back would cost a statement on SQLite. Nothing to reset
    when one goes back to the pool."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return engine  # a database that exists only on its own connections
    return sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_reset_on_return=None)


def _wrapped(dialect: sa.Dialect, error: Exception, statement: str,
             arguments: Sequence[Any] | Mapping[str, Any], *, lost: bool) -> BaseException:
    return sa.exc.DBAPIError.instance(
        statement, arguments, error, dialect.loaded_dbapi.Error,
        connection_invalidated=lost, dialect=dialect)


@functools.lru_cache(maxsize=32)
def _compiled(dialect: sa.Dialect, statement: Statement) -> SQLCompiler:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    return compiled


class _Types(NamedTuple):
    """What the statement's types do to values, as an execution through
    SQLAlchemy would: to each parameter before the driver takes it (by its
    name), and to each column the driver returns."""

    binds: Mapping[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]


@functools.lru_cache(maxsize=32)
def _types(dialect: sa.Dialect, statement: Statement) -> _Types:
    binds = {}
    for parameter, name in _compiled(dialect, statement).bind_names.items():
        process = parameter.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds[name] = process
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in statement.exported_columns)
    return _Types(binds, results)
