"""One row read by key, on the app's own connections in autocommit, through
the driver's cursor: every feed poll and every cached page reads the data
revision so, a session page its seats, and a booking the session it judges
(the statement that books may be run so too: write_row). Through SQLAlchemy
(statement, execution context, result) such a read cost more than its round
trip, and in a transaction its BEGIN and the ROLLBACK when the connection goes
back to the pool were two more round trips on PostgreSQL
(docs/bench-feed-polls.md).

Errors come out as SQLAlchemy's, a connection the database dropped flagged
`connection_invalidated` and the reader's pool emptied, as from any other
query: a GET that meets one is run again on a new connection (errors.py)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.sql.compiler import SQLCompiler

from scheduler.extensions import db

# The app's engine for these reads (app.extensions).
READER = "key_reader"


def read_row(statement: sa.Select[*tuple[Any, ...]],
             parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    """The first row `statement` (built once, kept by its caller) finds, its
    values as the columns' types read them (a time in UTC, say); None when
    there is none."""
    return _first_row(statement, parameters)


def write_row(statement: sa.Select[*tuple[Any, ...]],
              parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    """read_row for a statement that writes (data-modifying WITH): it is a
    transaction of its own, committed by the database as the statement ends,
    with no COMMIT round trip after it. For a use case whose whole unit of work
    is this one statement: a row lock it takes is held only while it runs."""
    return _first_row(statement, parameters)


def _first_row(statement: sa.Select[*tuple[Any, ...]],
               parameters: Mapping[str, object]) -> tuple[Any, ...] | None:
    engine = reader()
    compiled = _compiled(engine.dialect, statement)
    types = _types(engine.dialect, statement)
    named = compiled.construct_params(dict(parameters))
    for name, process in types.binds.items():
        named[name] = process(named[name])
    arguments = (tuple(named[name] for name in compiled.positiontup)
                 if compiled.positiontup is not None else named)
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()
    except driver_error as error:  # the database is away: no connection is lost, none made
        raise _wrapped(engine, error, compiled.string, arguments, lost=False) from error
    try:
        cursor = connection.cursor()
        cursor.execute(compiled.string, arguments)
        row = cursor.fetchone()
        cursor.close()
    except driver_error as error:
        lost = engine.dialect.is_disconnect(error, connection.dbapi_connection, None)
        if lost:
            # The database restarted: every pooled connection died with this one.
            connection.invalidate(error)
            engine.dispose()
        raise _wrapped(engine, error, compiled.string, arguments, lost=lost) from error
    finally:
        connection.close()
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


def _wrapped(engine: sa.Engine, error: Exception, statement: str,
             arguments: Sequence[Any] | Mapping[str, Any], *, lost: bool) -> BaseException:
    return sa.exc.DBAPIError.instance(
        statement, arguments, error, engine.dialect.loaded_dbapi.Error,
        connection_invalidated=lost, dialect=engine.dialect)


@functools.lru_cache(maxsize=16)
def _compiled(dialect: sa.Dialect, statement: sa.Select[*tuple[Any, ...]]) -> SQLCompiler:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    return compiled


class _Types(NamedTuple):
    """What the statement's types do to values, as an execution through
    SQLAlchemy would: to each parameter before the driver takes it (by its
    name), and to each column the driver returns."""

    binds: Mapping[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]


@functools.lru_cache(maxsize=16)
def _types(dialect: sa.Dialect, statement: sa.Select[*tuple[Any, ...]]) -> _Types:
    binds = {}
    for parameter, name in _compiled(dialect, statement).bind_names.items():
        process = parameter.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds[name] = process
    results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in statement.selected_columns)
    return _Types(binds, results)
