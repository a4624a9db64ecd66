"""The personal agenda feed's secret link.

secret = HMAC-SHA256(SECRET_KEY, "agenda|{user id}|{salt}"), base64url. Only
its SHA-256 is stored, to find the user by; a new random salt makes a new
secret and the old link stops working.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app

from scheduler.accounts.models import User
from scheduler.extensions import db

SALT_BYTES = 16


def agenda_secret(user: User) -> str:
    return _signed(user.id, user.agenda_feed_salt)


def _signed(user_id: int, salt: str | None) -> str:
    message = f"agenda|{user_id}|{salt}".encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message,
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_salt(user: User) -> dict[str, Any]:
    salt = secrets.token_hex(SALT_BYTES)
    return {"agenda_feed_salt": salt, "agenda_feed_hash": _digest(_signed(user.id, salt))}


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
    digest = _digest(secret)
    user = db.session.scalar(sa.select(User).where(User.agenda_feed_hash == digest))
    if (user is None or user.agenda_feed_hash is None
            or not hmac.compare_digest(user.agenda_feed_hash, digest)):
        return None
    return user
