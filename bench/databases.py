"""Which databases a bench can use here: SQLite always, PostgreSQL when a
server answers (tests/databases.py makes the throwaway databases)."""
from __future__ import annotations

import psycopg

from tests.databases import postgres_admin_url


def postgres_reachable() -> bool:
    try:
        psycopg.connect(postgres_admin_url(), connect_timeout=3).close()
    except psycopg.OperationalError:
        print("\npostgresql: not reachable, left out")
        return False
    return True


def backends() -> list[str]:
    return ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
