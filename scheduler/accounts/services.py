"""Accounts: creating users and checking passwords."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from scheduler.accounts.inputs import MIN_PASSWORD_LENGTH, SignUpInput
from scheduler.accounts.models import Role, User
from scheduler.errors import Conflict, DomainError
from scheduler.extensions import db
from scheduler.transactions import savepoint

# Compared against when the email is unknown, so both paths cost one hash check.
_UNKNOWN_USER_HASH = generate_password_hash("no such user")


class EmailTaken(Conflict):
    code = "email_taken"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Use a password of at least %(num)s characters.",
                            num=MIN_PASSWORD_LENGTH), fields={"password": _("too short")})
    return password


def create_user(data: SignUpInput, *, role: Role = Role.attendee) -> User:
    """Create an account. Flushes; the caller's unit of work commits."""
    user = User(email=data.email, name=data.name,
                password_hash=generate_password_hash(data.password), role=role)
    try:
        # The unique index decides; only this insert is undone when it refuses.
        with savepoint():
            db.session.add(user)
    except IntegrityError as exc:
        raise EmailTaken(_("An account with this email already exists."),
                         fields={"email": _("already registered")}) from exc
    return user


def sign_up(data: SignUpInput) -> User | None:
    """Create an attendee account; None, changing nothing, when the address
    already has one. Both ways cost one password hash, so timing tells little."""
    try:
        return create_user(data, role=Role.attendee)
    except EmailTaken:
        return None


def check_current_password(user: User, current: str) -> None:
    """Refuse unless `current` is the user's password."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError(_("That is not your current password."),
                          fields={"current_password": _("that is not your current password")})


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password these are, or None."""
    user = user_by_email(email)
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
