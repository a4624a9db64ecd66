from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.database import UTCDateTime, utcnow
from scheduler.extensions import Model


class OutboxMessage(Model):
    """An email written in the same transaction as the change it tells of,
    and sent later by `flask mail send`, so a change and its email never part.

    An email about a registration is queued as its notice alone (subject and
    body empty): the sender renders it just before the first attempt and keeps
    the text, so a retry sends the same email. Rendering is the costly part,
    and this keeps it out of the request that booked the seat."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_outbox_message_due", "sent_at", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # What to render at send time; CASCADE: no email about a deleted registration.
    notice: Mapped[str | None] = mapped_column(sa.String(16))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    # An iCalendar attachment (text), with its METHOD (PUBLISH, REQUEST, CANCEL).
    calendar: Mapped[str | None] = mapped_column(sa.Text)
    calendar_method: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
