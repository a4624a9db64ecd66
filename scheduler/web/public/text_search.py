"""Case-insensitive title search that also folds Cyrillic and other non-ASCII letters.

PostgreSQL's lower() follows the database's Unicode character type; SQLite's
built-in lower() folds ASCII only, so "тбилиси" would never find "Тбилиси".
On SQLite the comparison goes through Python's str.lower instead.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

SQLITE_FUNCTION = "unicode_lower"


class unicode_lower(GenericFunction[Any]):  # lower case: named as the SQL function
    type = sa.String()
    inherit_cache = True


@compiles(unicode_lower, "postgresql")
def _lower_on_postgresql(element: unicode_lower, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _lower_on_sqlite(element: unicode_lower, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


def _python_lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


@sa.event.listens_for(Engine, "connect")
def add_unicode_lower(dbapi_connection: object, _record: object) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function(SQLITE_FUNCTION, 1, _python_lower,
                                         deterministic=True)


def contains_text(columns: Sequence[sa.ColumnElement[str] | QueryableAttribute[str]],
                  text: str) -> sa.ColumnElement[bool]:
    """Any of the columns contains `text`, ignoring case; % and _ match themselves."""
    needle = text.lower()
    return sa.or_(*(unicode_lower(column).contains(needle, autoescape=True)
                    for column in columns))
