"""The personal agenda feed's secret link (see scheduler.secrets).

The secret signs the user's id and a random salt. Only its SHA-256 is stored,
to find the user by; a new salt makes a new secret and the old link stops
working.
"""
from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.extensions import db
from scheduler.secrets import Purpose, digest, matches, secret_of, sign

SALT_BYTES = 16


def agenda_secret(user: User) -> str:
    return secret_of(user.agenda_feed_hash, Purpose.agenda_feed, user.id, user.agenda_feed_salt)


def _new_salt(user: User) -> dict[str, Any]:
    salt = secrets.token_hex(SALT_BYTES)
    return {"agenda_feed_salt": salt,
            "agenda_feed_hash": digest(sign(Purpose.agenda_feed, user.id, salt))}


def ensure_agenda_secret(user: User) -> str:
    """The user's current secret, making the first one if there is none. Flushes.
    Two first visits at once agree: only one conditional UPDATE can win."""
    if user.agenda_feed_salt is None:
        db.session.execute(sa.update(User).where(
            User.id == user.id, User.agenda_feed_salt.is_(None)).values(_new_salt(user)))
        db.session.refresh(user)
    return agenda_secret(user)


def rotate_agenda_secret(user: User) -> str:
    """A new secret; the old link is revoked (404). Flushes."""
    for name, value in _new_salt(user).items():
        setattr(user, name, value)
    db.session.flush()
    return agenda_secret(user)


def user_for_agenda_secret(secret: str) -> User | None:
    if not secret:
        return None
    user = db.session.scalar(sa.select(User).where(User.agenda_feed_hash == digest(secret)))
    return user if user is not None and matches(user.agenda_feed_hash, secret) else None
