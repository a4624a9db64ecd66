"""An organiser's message to the attendees of an event or of one session,
kept as it was sent; its emails go through the outbox (messages_sending)."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from flask_babel import gettext as _
from pydantic import AfterValidator, Field
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.accounts.models import User
from scheduler.database import UTCDateTime, utcnow
from scheduler.events.models import Event, EventSession
from scheduler.extensions import Model
from scheduler.inputs import Id, Input, MultiLine, OneLine, refuse
from scheduler.registration.models import RegistrationStatus

MAX_SUBJECT = 200
MAX_BODY = 10_000
TOKEN_LENGTH = 64


class Audience(enum.StrEnum):
    """Whom a message may be for, by the state of their registration."""

    confirmed = "confirmed"
    waitlisted = "waitlisted"
    pending = "pending"
    checked_in = "checked_in"

    @property
    def status(self) -> RegistrationStatus:
        # Checked in is a registration attended: the door's word for it.
        if self is Audience.checked_in:
            return RegistrationStatus.attended
        return RegistrationStatus(self.value)


class Message(Model):
    __tablename__ = "attendee_message"
    __table_args__ = (
        # The preview's one-time token: a send posted twice is written once.
        sa.UniqueConstraint("event_id", "token"),
        sa.CheckConstraint("recipients >= 0", name="recipients_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the token's unique constraint, which starts with it.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    # None: to the whole event's attendees.
    event_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"))
    # Audience values, comma-separated, in Audience's order.
    audience: Mapped[str] = mapped_column(sa.String(100))
    subject: Mapped[str] = mapped_column(sa.String(MAX_SUBJECT))
    body: Mapped[str] = mapped_column(sa.Text)
    # SET NULL: a message outlives its author's account.
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    token: Mapped[str] = mapped_column(sa.String(TOKEN_LENGTH))
    recipients: Mapped[int] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    event_session: Mapped[EventSession | None] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def audiences(self) -> list[Audience]:
        return [Audience(value) for value in self.audience.split(",")]

    def __repr__(self) -> str:
        return f"<Message {self.subject!r} to {self.recipients}>"


def _some(audiences: list[Audience]) -> list[Audience]:
    if not audiences:
        raise refuse(_("choose at least one"))
    return audiences


class MessageInput(Input):
    """What an organiser writes: to which attendees, and what."""

    session_id: Id | None = Field(None, description="A session of the event; none for all.")
    audiences: Annotated[list[Audience], AfterValidator(_some)]
    subject: OneLine = Field(min_length=1, max_length=MAX_SUBJECT)
    body: MultiLine = Field(min_length=1, max_length=MAX_BODY)

    @property
    def stored_audience(self) -> str:
        return ",".join(audience.value for audience in Audience
                        if audience in self.audiences)
