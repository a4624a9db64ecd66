"""Setting a new password from a link sent by email.

The link's token is signed under SECRET_KEY with a salt of its own, so no
other secret of the site opens it, and it carries the user's id, when it was
made, and a fingerprint of the password hash it was made under. It works for
PASSWORD_RESET_MINUTES, and only while that hash is the user's: using it sets
a new hash, so it works once, and any other password change ends it too.
Nothing is stored, so no migration and no table of live tokens to leak.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from scheduler.accounts import logins, services
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.languages import in_language, supported
from scheduler.mail.models import OutboxMessage
from scheduler.urls import public_url

DEFAULT_MINUTES = 60
# Far longer than any token we make: a longer one is not read at all.
MAX_TOKEN_LENGTH = 300
SUBJECT = _l("Set a new password")


class InvalidResetLink(DomainError):
    status = 400
    code = "invalid_reset_link"


def lifetime() -> timedelta:
    return timedelta(minutes=current_app.config.get("PASSWORD_RESET_MINUTES", DEFAULT_MINUTES))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"],
                             salt="scheduler.password-reset", signer_kwargs={
                                 "digest_method": hashlib.sha256})


def _fingerprint(user: User) -> str:
    # Of the hash, not the hash itself: the token is readable, only signed.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def make_token(user: User, *, now: datetime | None = None) -> str:
    """A token that lets whoever holds it set `user`'s password, once."""
    issued = int((now or utcnow()).timestamp())
    return _serializer().dumps([user.id, issued, _fingerprint(user)])


def user_of(token: str, *, now: datetime | None = None) -> User:
    """The user a live token was made for; InvalidResetLink when it is
    tampered with, expired, used, or made before the password last changed."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise _invalid()
    try:
        user_id, issued, fingerprint = _serializer().loads(token)
        user = db.session.get(User, int(user_id))
        age = (now or utcnow()).timestamp() - int(issued)
    except (BadSignature, TypeError, ValueError) as exc:
        raise _invalid() from exc
    if (user is None or age > lifetime().total_seconds()
            or not hmac.compare_digest(str(fingerprint), _fingerprint(user))):
        raise _invalid()
    return user


def _invalid() -> InvalidResetLink:
    return InvalidResetLink(_("This link to set a new password has expired or was used "
                              "already. Ask for a new one."))


def request_reset(email: str, *, language: str, now: datetime | None = None) -> None:
    """Queue the link for the account using `email`, in `language`; nothing
    when no account does (the caller answers the same either way). Flushes."""
    user = services.user_by_email(email)
    if user is None:
        return
    language = supported(language)
    link = in_language(public_url("attendee.reset_password", token=make_token(user, now=now)),
                       language)
    minutes = int(lifetime().total_seconds() // 60)
    with force_locale(language):
        message = OutboxMessage(recipient=user.email, subject=str(SUBJECT),
                                body=render_template("mail/password_reset.txt", user=user,
                                                     reset_url=link, minutes=minutes))
    db.session.add(message)
    db.session.flush()


def reset_password(token: str, password: str, *, now: datetime | None = None) -> User:
    """Set the password of the token's user: ends all their sign-ins and API
    tokens, as a password change does, and with them this token. Flushes."""
    user = user_of(token, now=now)
    logins.set_password(user, password, now=now)
    db.session.flush()
    return user
