"""Queueing an email in the caller's transaction; what it says is written when
it is sent (see scheduler.mail.sender), by the area that queued it."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.database import table_of
from scheduler.extensions import db
from scheduler.mail.models import OutboxMessage

# Built once, and Core: the booking path writes one of these per request.
_QUEUE = sa.insert(table_of(OutboxMessage))


def queue(registration_id: int, recipient: str, notice: str) -> None:
    """Queue the email for a notice about a registration: one INSERT, no ORM
    object, for the booking path."""
    db.session.execute(_QUEUE, {"recipient": recipient, "notice": str(notice),
                                "registration_id": registration_id})
