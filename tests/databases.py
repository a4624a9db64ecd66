"""Throwaway databases for tests: a SQLite file, or a fresh PostgreSQL database.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server, user postgres).
Outside CI a missing server skips those tests with a hint; in CI (CI=true) it fails.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
import redis
from psycopg import sql

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BACKENDS = ["sqlite", "postgresql"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_service(message: str) -> NoReturn:
    """A service the test needs is not there: skip with `message`, or fail in CI."""
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def postgres_admin_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _admin_connection() -> psycopg.Connection:
    url = postgres_admin_url()
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = (f"PostgreSQL is not reachable at {url} ({exc}). "
                   "Start it, or set TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/postgres "
                   "to a server where that user may create databases.")
        missing_service(message)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new, empty database for the duration of the block, then dropped."""
    name = f"scheduler_test_{secrets.token_hex(6)}"
    with _admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = psycopg.conninfo.conninfo_to_dict(postgres_admin_url())
    base["dbname"] = name
    user = base.get("user", "")
    password = f":{base['password']}" if base.get("password") else ""
    host = base.get("host", "127.0.0.1")
    port = base.get("port", 5432)
    try:
        yield f"postgresql+psycopg://{user}{password}@{host}:{port}/{name}"
    finally:
        with _admin_connection() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))


@contextmanager
def throwaway_database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
    else:
        with throwaway_postgres() as url:
            yield url


@contextmanager
def throwaway_redis_prefix() -> Iterator[tuple[str, str]]:
    """(Redis URL, a key prefix of the block's own); its keys are deleted after."""
    url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    server = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        server.ping()
    except redis.RedisError as exc:
        message = (f"Redis is not reachable at {url} ({exc}). Start redis-server, or set "
                   "TEST_REDIS_URL=redis://HOST:PORT/DB, to test shared rate limits.")
        missing_service(message)
    prefix = f"scheduler-test-{secrets.token_hex(6)}"
    try:
        yield url, prefix
    finally:
        for key in server.scan_iter(match=f"*{prefix}*"):
            server.delete(key)
        server.close()
