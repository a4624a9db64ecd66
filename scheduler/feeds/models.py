"""The data revision: one row that the database bumps whenever anything a
calendar feed shows changes (migration 0007 adds the triggers), with the time
of the bump by the database's own clock (0008); and a revision per event and
per venue, bumped only by changes their feeds show (0019)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, QueryableAttribute, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler

from scheduler.database import UTCDateTime
from scheduler.extensions import Model, db

THE_ROW = 1
# The app's engine for revision reads (app.extensions).
READER = "feed_revision_reader"


class FeedRevision(Model):
    """A counter and when it last moved: feeds derive their validators from
    them (see freshness), never from app servers' clocks."""

    __tablename__ = "feed_revision"
    __table_args__ = (sa.CheckConstraint(f"id = {THE_ROW}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    # Whole seconds, later at each bump by another transaction (see 0008).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The transaction (PostgreSQL) or statement (SQLite) that bumped it last.
    bumped_by: Mapped[str | None] = mapped_column(sa.String(40))


class FeedScope(Model):
    """An event's or a venue's own revision: what moves its feeds (0019)."""

    __tablename__ = "feed_scope"

    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bumped_by: Mapped[str | None] = mapped_column(sa.String(40))


# What has a revision of its own; a Scope is (one of them, its id).
SCOPES = ("event", "venue")
Scope = tuple[str, int]


class Revision(NamedTuple):
    value: int
    changed_at: datetime | None


def current_revision() -> Revision:
    """The data revision now, by primary key."""
    return revisions()[0]


def revisions(scopes: tuple[Scope, ...] = ()) -> tuple[Revision, tuple[Revision, ...]]:
    """The data revision and those of `scopes` (value -1: no such scope),
    in one statement by primary keys: one snapshot, one round trip."""
    engine = _reader()
    value, changed_at, *found = _read_row(engine, len(scopes), _scope_parameters(scopes))
    to_time = _time_of(engine.dialect)
    scoped = tuple(Revision(-1 if scope is None else scope, to_time(stamp))
                   for scope, stamp in zip(found[0::2], found[1::2], strict=True))
    return Revision(value, to_time(changed_at)), scoped


def _reader() -> sa.Engine:
    engine: sa.Engine | None = current_app.extensions.get(READER)
    if engine is None:
        engine = current_app.extensions[READER] = _reading_engine(db.engine)
    return engine


def _reading_engine(engine: sa.Engine) -> sa.Engine:
    """Connections to the same database in autocommit, of their own: one
    statement needs no transaction, and on PostgreSQL its BEGIN and the
    ROLLBACK when the connection goes back to the pool would be two more
    round trips than the read; switching a shared connection to autocommit
    and back would cost a statement on SQLite. Nothing to reset on return."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return engine  # a database that exists only on its own connections
    return sa.create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_reset_on_return=None)


def _read_row(engine: sa.Engine, count: int, parameters: dict[str, object]) -> tuple[Any, ...]:
    """The read on the driver's own cursor: every poll runs it, and the
    statement, its result and its context through SQLAlchemy cost more than
    the round trip (see docs/bench-feed-polls.md). Errors come out as
    SQLAlchemy's, a lost connection flagged `connection_invalidated`, as
    from any other query, for the retry of safe requests (errors.py)."""
    statement = _compiled(engine.dialect, count)
    named = statement.construct_params(parameters)
    arguments = (tuple(named[name] for name in statement.positiontup)
                 if statement.positiontup is not None else named)
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()
    except driver_error as error:  # the database is away: no connection is lost, none made
        raise _wrapped(engine, error, statement.string, arguments, lost=False) from error
    try:
        cursor = connection.cursor()
        cursor.execute(statement.string, arguments)
        row = cursor.fetchone()
        cursor.close()
    except driver_error as error:
        lost = engine.dialect.is_disconnect(error, connection.dbapi_connection, None)
        if lost:
            # The database restarted: every pooled connection died with this one.
            connection.invalidate(error)
            engine.dispose()
        raise _wrapped(engine, error, statement.string, arguments, lost=lost) from error
    finally:
        connection.close()
    assert row is not None, "migration 0007 made the row, which nothing deletes"
    return tuple(row)


def _wrapped(engine: sa.Engine, error: Exception, statement: str,
             arguments: Sequence[Any] | Mapping[str, Any], *, lost: bool) -> BaseException:
    return sa.exc.DBAPIError.instance(
        statement, arguments, error, engine.dialect.loaded_dbapi.Error,
        connection_invalidated=lost, dialect=engine.dialect)


@functools.lru_cache(maxsize=8)
def _compiled(dialect: sa.Dialect, count: int) -> SQLCompiler:
    compiled = _read(count).compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    return compiled


@functools.lru_cache(maxsize=4)
def _time_of(dialect: sa.Dialect) -> Callable[[Any], datetime | None]:
    """What the driver returns for a stamp, as the column type reads it."""
    process = FeedRevision.changed_at.type.dialect_impl(dialect).result_processor(dialect, None)
    return process or (lambda value: value)


# Built once per number of scopes (none, one or two): every poll runs one.
@functools.lru_cache(maxsize=4)
def _read(count: int) -> sa.Select[Any]:
    columns: list[sa.ColumnElement[Any] | QueryableAttribute[Any]] = [
        FeedRevision.value, FeedRevision.changed_at]
    for n in range(count):
        row = sa.and_(FeedScope.kind == sa.bindparam(f"kind_{n}"),
                      FeedScope.id == sa.bindparam(f"id_{n}"))
        columns += [sa.select(FeedScope.value).where(row).scalar_subquery(),
                    sa.select(FeedScope.changed_at).where(row).scalar_subquery()]
    return sa.select(*columns).where(FeedRevision.id == THE_ROW)


def _scope_parameters(scopes: tuple[Scope, ...]) -> dict[str, object]:
    return {name: value for n, (kind, scope_id) in enumerate(scopes)
            for name, value in ((f"kind_{n}", kind), (f"id_{n}", scope_id))}
