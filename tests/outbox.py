"""The outbox as it will be sent: notices rendered, as `flask mail send` does
just before the first attempt."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.mail.models import OutboxMessage
from scheduler.registration import emails


def rendered_outbox(db, *conditions) -> list[OutboxMessage]:
    """Every queued email matching `conditions`, oldest first, rendered; the
    rows are detached, so the rendering is never written (nor holds a lock:
    no autoflush while a rendered row waits to be detached)."""
    db.session.expire_all()
    messages = list(db.session.scalars(
        sa.select(OutboxMessage).where(*conditions).order_by(OutboxMessage.id)))
    with db.session.no_autoflush:
        for message in messages:
            emails.render(message)
            db.session.expunge(message)
    return messages
