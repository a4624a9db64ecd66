"""Sign-ins of browsers: starting, finding and ending them; a new password.

Flask-Login's cookies are only signed: a copy works for as long as the key
does. So each sign-in is a row with a random secret, and the session cookie
(and the remember-me cookie, when asked for) carry that secret instead of the
user's id. Signing out deletes the row: every copy of that browser's cookies
stops working, and the user's other browsers stay signed in. A new password
deletes every row of the user and revokes their API tokens, so whoever holds
a copy of any cookie or token is out; the browser that changed the password
gets a new sign-in, whose cookies no copy taken before has.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from scheduler.accounts import services, tokens
from scheduler.accounts.models import LoginSession, User
from scheduler.database import utcnow
from scheduler.extensions import db

# Flask-Login's own default for the remember-me cookie: no sign-in outlives it.
DEFAULT_LIFETIME = timedelta(days=365)


def lifetime() -> timedelta:
    duration: timedelta = current_app.config.get("REMEMBER_COOKIE_DURATION", DEFAULT_LIFETIME)
    return duration


def begin(user: User, *, remember: bool, now: datetime | None = None) -> None:
    """Start a sign-in and attach its secret to `user`, for login_user.
    Clears the user's sign-ins that have outlived their time. Flushes."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    db.session.execute(sa.delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.created_at <= now - lifetime()))
    db.session.add(LoginSession(user_id=user.id, secret_hash=tokens.digest(secret),
                                remember=remember, created_at=now))
    db.session.flush()
    user.login_secret = secret


def _live(secret: str, now: datetime) -> LoginSession | None:
    if not secret or len(secret) > tokens.MAX_SECRET_LENGTH:
        return None
    return db.session.scalar(sa.select(LoginSession).where(
        LoginSession.secret_hash == tokens.digest(secret),
        LoginSession.created_at > now - lifetime()))


def signed_in_user(secret: str, *, now: datetime | None = None) -> User | None:
    """The user of the live sign-in with this secret (from a cookie), or None."""
    login = _live(secret, now or utcnow())
    if login is None:
        return None
    login.user.login_secret = secret
    return login.user


def end(user: User) -> None:
    """End the sign-in `user` was loaded under, wherever its cookies are."""
    db.session.execute(sa.delete(LoginSession).where(
        LoginSession.secret_hash == tokens.digest(user.get_login_id())))


def set_password(user: User, password: str, *, now: datetime | None = None) -> None:
    """Give `user` a new password, end all their sign-ins and revoke all
    their API tokens."""
    user.password_hash = generate_password_hash(services.checked_password(password))
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    tokens.revoke_all(user, now=now)


def change_password(user: User, *, current: str, new: str) -> bool:
    """A new password for a user who proves they know theirs (see set_password).
    The sign-in `user` was loaded under is replaced by a new one, attached to
    `user` for login_user; True when it is to be remembered, as the old one
    was."""
    services.check_current_password(user, current)
    login = _live(user.get_login_id(), utcnow())
    remember = login is not None and login.remember
    set_password(user, new)
    begin(user, remember=remember)
    return remember
