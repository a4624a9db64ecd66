from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.database import UTCDateTime, str_enum, utcnow
from scheduler.extensions import Model


class Role(enum.StrEnum):
    attendee = "attendee"
    organiser = "organiser"
    admin = "admin"


class User(UserMixin, Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (
        # Stored normalised, so a plain unique constraint is case-insensitive.
        sa.CheckConstraint("email = lower(trim(email))", name="email_normalised"),
        sa.CheckConstraint("length(name) > 0", name="name_present"),
        sa.Index("uq_user_account_agenda_feed_hash", "agenda_feed_hash", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.attendee)
    # The personal agenda feed's secret is an HMAC of this salt; only its
    # SHA-256 is kept, for finding the user. A new salt revokes the old link.
    agenda_feed_salt: Mapped[str | None] = mapped_column(sa.String(32))
    agenda_feed_hash: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moved by every star and unstar (favourites.services): the agenda feed's
    # validators read it, since an unstar leaves no row behind to date it by.
    stars_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The secret of the sign-in this object was loaded under (see logins.py);
    # not a column. Flask-Login keeps it, never the plain id, in the session
    # and remember-me cookies (login_manager.id_attribute names the method).
    if TYPE_CHECKING:  # typed here only: the ORM would take an annotation for a column
        login_secret: str | None
    login_secret = None

    def get_login_id(self) -> str:
        if self.login_secret is None:
            raise RuntimeError("Start a sign-in with logins.begin before login_user.")
        return self.login_secret

    @property
    def is_organiser(self) -> bool:
        return self.role in (Role.organiser, Role.admin)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(Model):
    """A bearer token for the JSON API; only its SHA-256 is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginSession(Model):
    """One sign-in of a browser; its cookies hold the secret, this only its
    SHA-256. Deleting the row ends that sign-in wherever its cookies were copied."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Whether the browser also holds a remember-me cookie, so a sign-in that
    # is renewed (after a password change) keeps the choice.
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
