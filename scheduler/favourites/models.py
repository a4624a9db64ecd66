from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import UTCDateTime, utcnow
from scheduler.events.models import EventSession
from scheduler.extensions import Model


class Favourite(Model):
    """A session an account starred. Rows go with the account or the session."""

    __tablename__ = "favourite"
    __table_args__ = (sa.UniqueConstraint("user_id", "event_session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    event_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    event_session: Mapped[EventSession] = relationship()
