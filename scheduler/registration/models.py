from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.accounts.models import User
from scheduler.database import UTCDateTime, str_enum, utcnow
from scheduler.events.models import EventSession
from scheduler.extensions import Model


class RegistrationStatus(enum.StrEnum):
    pending = "pending"
    # A guest's seat, held until the link in the email is opened (confirm_by).
    unconfirmed = "unconfirmed"
    confirmed = "confirmed"
    waitlisted = "waitlisted"
    declined = "declined"
    cancelled = "cancelled"
    attended = "attended"


# A registration that has ended: it holds no seat, no place and no request.
ENDED = (RegistrationStatus.cancelled, RegistrationStatus.declined)
INACTIVE_STATUSES = "(" + ", ".join(f"'{status}'" for status in ENDED) + ")"
# No 0/O or 1/I/L: the code is read off a phone screen and typed at the door.
CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECK_IN_LENGTH = 8


def new_check_in_code() -> str:
    # One draw for the whole code: a draw per character was a system call each.
    number = secrets.randbelow(len(CHECK_IN_ALPHABET) ** CHECK_IN_LENGTH)
    letters = []
    for _ in range(CHECK_IN_LENGTH):
        number, letter = divmod(number, len(CHECK_IN_ALPHABET))
        letters.append(CHECK_IN_ALPHABET[letter])
    return "".join(letters)


class Registration(Model):
    __table_args__ = (
        sa.CheckConstraint("email = lower(trim(email))", name="email_normalised"),
        sa.CheckConstraint("length(name) > 0", name="name_present"),
        sa.CheckConstraint("status <> 'waitlisted' OR waitlisted_at IS NOT NULL",
                           name="waitlisted_has_place"),
        # Cancelled and declined rows stay as history; only active ones are unique.
        sa.Index("uq_registration_active_email", "event_session_id", "email",
                 unique=True,
                 sqlite_where=sa.text(f"status NOT IN {INACTIVE_STATUSES}"),
                 postgresql_where=sa.text(f"status NOT IN {INACTIVE_STATUSES}")),
        sa.Index("ix_registration_session_status", "event_session_id", "status"),
        sa.Index("uq_registration_check_in_code", "check_in_code", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"))
    # SET NULL: the seat belongs to the email; closing an account keeps the booking.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus))
    # The waitlist is served in order of this time (then id).
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Only a SHA-256 of the secret in the cancel link is kept.
    cancel_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The seat came from those held back for invited guests.
    guest: Mapped[bool] = mapped_column(default=False)
    # Shown on the confirmation (and in its QR code) for check-in at the door.
    check_in_code: Mapped[str] = mapped_column(
        sa.String(16), default=new_check_in_code)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The interface language it was made in: its emails are written in it.
    language: Mapped[str] = mapped_column(sa.String(8), server_default="en")
    # Set while a guest's email is unconfirmed: the booking lapses at this
    # time unless its confirm link is opened. Kept after it lapses, so a
    # cancelled registration with it set is one that was never confirmed.
    confirm_by: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow)
    # Counted and stamped by a trigger in the UPDATE that changes the status
    # (migration 0008): the agenda feed's SEQUENCE and validators read them.
    status_revision: Mapped[int] = mapped_column(server_default="1")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When its name, email and links were erased (scheduler.privacy.retention);
    # the row stays so that counts and statistics do not change.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event_session: Mapped[EventSession] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def has_ticket(self) -> bool:
        """A seat that is surely the attendee's (not one held, awaited or on the
        waitlist): what the ticket, its PDF and the calendar links are for."""
        return self.status in (RegistrationStatus.confirmed, RegistrationStatus.attended)

    def __repr__(self) -> str:
        return f"<Registration {self.email} {self.status.value}>"


class Invitation(Model):
    """An organiser's invitation to one session; accepting it from the secret
    link registers the invitee (the only way into an invitation-only session)."""

    __table_args__ = (
        sa.UniqueConstraint("event_session_id", "email"),
        sa.CheckConstraint("email = lower(trim(email))", name="email_normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_session.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event_session: Mapped[EventSession] = relationship()
    registration: Mapped[Registration | None] = relationship()
