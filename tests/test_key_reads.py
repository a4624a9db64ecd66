"""Statements run on the driver's own cursor (scheduler.key_reads): row_on
runs in the caller's transaction, sees what it wrote, and its errors are
SQLAlchemy's, as they would be from Session.execute."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.database import table_of
from scheduler.extensions import db as extension
from scheduler.key_reads import row_on
from scheduler.mail.models import OutboxMessage

OUTBOX = table_of(OutboxMessage)
ADD = (sa.insert(OUTBOX).values(recipient=sa.bindparam("recipient"), notice="confirmed",
                                 subject="", body="", attempts=0, last_error="",
                                 created_at=sa.func.current_timestamp(),
                                 send_after=sa.func.current_timestamp())
       .returning(OUTBOX.c.id))
FIND = sa.select(OUTBOX.c.recipient).where(OUTBOX.c.id == sa.bindparam("id"))
UNIQUE_ID = sa.insert(OUTBOX).values(id=sa.bindparam("id"), recipient="x", notice="confirmed",
                                     subject="", body="", attempts=0, last_error="",
                                     created_at=sa.func.current_timestamp(),
                                     send_after=sa.func.current_timestamp())


def test_a_row_written_in_the_transaction_is_read_in_it_and_rolled_back_with_it(db):
    connection = extension.session.connection()
    row = row_on(connection, ADD, {"recipient": "guest@example.org"})
    assert row is not None
    assert row_on(connection, FIND, {"id": row[0]}) == ("guest@example.org",)
    extension.session.rollback()
    assert extension.session.scalar(sa.select(sa.func.count()).select_from(OUTBOX)) == 0


def test_a_broken_constraint_is_sqlalchemys_integrity_error(db):
    connection = extension.session.connection()
    row_on(connection, UNIQUE_ID, {"id": 7})
    with pytest.raises(sa.exc.IntegrityError):
        row_on(connection, UNIQUE_ID, {"id": 7})
    extension.session.rollback()
