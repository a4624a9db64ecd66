"""Bearer tokens for the JSON API: issuing, finding and revoking them.

Only a SHA-256 of each token is stored, so a copy of the database does not
hand out working tokens. The secret itself is shown once, when it is issued.
A token is found by its digest's index entry: how long that comparison takes
could tell only how much of a digest matched, and a caller cannot steer the
digest of their guess, so this lookup is as safe as a constant-time compare.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from scheduler.accounts.models import ApiToken, User
from scheduler.accounts.services import authenticate
from scheduler.database import utcnow
from scheduler.errors import DomainError
from scheduler.extensions import db

DEFAULT_DAYS = 30
# token_urlsafe(32) gives 43 characters; anything far longer is not ours.
MAX_SECRET_LENGTH = 128


class InvalidCredentials(DomainError):
    status = 401
    code = "invalid_credentials"


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the secret to give the client, and the stored row."""

    secret: str
    token: ApiToken


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=current_app.config.get("API_TOKEN_DAYS", DEFAULT_DAYS))


def issue_token(user: User, *, now: datetime | None = None) -> IssuedToken:
    """A new token for `user`, valid for API_TOKEN_DAYS days. Flushes."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=user, token_hash=digest(secret), created_at=now,
                     expires_at=now + lifetime())
    db.session.add(token)
    db.session.flush()
    return IssuedToken(secret, token)


def sign_in(email: str, password: str, *, now: datetime | None = None) -> IssuedToken:
    """A token for whoever these credentials belong to. Unknown email and wrong
    password get the same answer, so the API cannot be used to find accounts. Flushes."""
    user = authenticate(email, password)
    if user is None:
        raise InvalidCredentials(_("That email and password do not match an account."))
    return issue_token(user, now=now)


def find_token(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live (unexpired, unrevoked) token with this secret, or None."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    return db.session.scalar(sa.select(ApiToken).where(
        ApiToken.token_hash == digest(secret),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > (now or utcnow())))


def revoke_token(token: ApiToken, *, now: datetime | None = None) -> None:
    """Stop a token from working. Revoking twice keeps the first time. Flushes."""
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
    db.session.flush()


def revoke_all(user: User, *, now: datetime | None = None) -> None:
    """Revoke every live token of `user` (their password changed)."""
    db.session.execute(sa.update(ApiToken)
                       .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now or utcnow())
                       .execution_options(synchronize_session=False))
