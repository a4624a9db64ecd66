"""The secret cancel link of a registration.

The secret is an HMAC, under SECRET_KEY, of the registration's fixed details
and its random check-in code, so
every email about the registration can carry the same working link, while the
database keeps only its SHA-256 (a leaked database reveals no links).
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app

from scheduler.registration.models import Registration


def cancel_secret(registration: Registration) -> str:
    return cancel_secret_of(registration.event_session.id, registration.email,
                            registration.check_in_code)


def cancel_secret_of(session_id: int, email: str, check_in_code: str) -> str:
    """The secret of a registration not yet written, from what it is made of."""
    return signed(f"cancel|{session_id}|{email}|{check_in_code}")


def signed(message: str) -> str:
    """An HMAC of `message` under SECRET_KEY, fit for a URL."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message.encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(registration: Registration, secret: str) -> bool:
    """Whether `secret` is this registration's, compared in constant time."""
    return digest_matches(registration.cancel_token_hash, secret)


def digest_matches(stored_digest: str, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(stored_digest, secret_digest(secret))


def cancel_url(registration: Registration, secret: str | None = None) -> str:
    """The link; pass the secret when it is at hand, saving its recomputation."""
    return (f"{current_app.config['PUBLIC_BASE_URL']}/registrations/{registration.id}"
            f"/cancel?token={secret or cancel_secret(registration)}")
