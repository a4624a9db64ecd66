"""The transaction boundary: one unit of work per use case.

Handlers and CLI commands open the unit of work; services inside it only change
objects and flush, so they compose. A part that may fail on its own (one entry
of an import, one attempt at a free slug) runs in a savepoint.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from scheduler.extensions import db

# In session.info while a unit of work is open: a second one inside would commit
# the first one's writes half-way.
_OPEN = "unit_of_work"


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit everything the block did when it ends; roll all of it back if
    anything inside raises (a DomainError included), and let the error go on."""
    session = db.session
    if session.info.get(_OPEN):
        raise RuntimeError("a unit of work is already open: use cases do not nest")
    session.info[_OPEN] = True
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_OPEN, None)


@contextmanager
def savepoint() -> Iterator[None]:
    """Run part of a unit of work so that, if it raises, only its own writes
    are undone; the error goes on to the caller, who may carry on."""
    _begin_on_sqlite()
    with db.session.begin_nested():
        yield


def _begin_on_sqlite() -> None:
    # pysqlite only begins a transaction before a data-changing statement: a
    # SAVEPOINT first would open one of its own, and its RELEASE would commit
    # what the unit of work had not yet decided to keep.
    connection = db.session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")
