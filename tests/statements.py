"""The SQL a block of a test sends."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from scheduler import key_reads


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """The statements the block sends on any engine, the reads by key on the
    driver's own cursor (scheduler.key_reads) among them, with COMMIT where a
    transaction commits."""
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_rest):
        seen.append(statement)

    def commit(_connection):
        seen.append("COMMIT")

    compiled = key_reads._compiled

    def record_key_read(dialect, statement):
        found = compiled(dialect, statement)
        seen.append(found.string)
        return found

    sa.event.listen(sa.Engine, "before_cursor_execute", record)
    sa.event.listen(sa.Engine, "commit", commit)
    try:
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr(key_reads, "_compiled", record_key_read)
            yield seen
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", record)
        sa.event.remove(sa.Engine, "commit", commit)
