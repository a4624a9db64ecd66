"""The secret links of a registration (see scheduler.secrets): cancelling,
and confirming a guest's email.

Each secret signs the registration's fixed details and its random check-in
code, so every email about the registration carries the same working link.
"""
from __future__ import annotations

import hmac

from scheduler import secrets
from scheduler.registration.models import Registration
from scheduler.secrets import Purpose
from scheduler.urls import public_url


def cancel_secret(registration: Registration) -> str:
    return secrets.secret_of(registration.cancel_token_hash, Purpose.cancel,
                             registration.event_session.id, registration.email,
                             registration.check_in_code)


def cancel_secret_of(session_id: int, email: str, check_in_code: str) -> str:
    """The secret of a registration not yet written, from what it is made of."""
    return secrets.sign(Purpose.cancel, session_id, email, check_in_code)


def matches(registration: Registration, secret: str) -> bool:
    """Whether `secret` is this registration's, compared in constant time."""
    return secrets.matches(registration.cancel_token_hash, secret)


def cancel_url(registration: Registration, secret: str | None = None) -> str:
    """The link; pass the secret when it is at hand, saving its recomputation."""
    return cancel_url_of(registration.id, secret or cancel_secret(registration))


def cancel_url_of(registration_id: int, secret: str) -> str:
    """The link of a registration known by its id, with its secret at hand."""
    return public_url("attendee.cancel_by_link", registration_id=registration_id, token=secret)


def ticket_url(registration: Registration, secret: str | None = None) -> str:
    """The printable ticket, opened with the same secret as the cancel link."""
    return public_url("attendee.ticket_page", registration_id=registration.id,
                      token=secret or cancel_secret(registration))


def confirm_secret(registration: Registration) -> str:
    # Kept nowhere: it is signed again to be checked.
    return secrets.sign(Purpose.email_confirmation, registration.id, registration.email,
                        registration.check_in_code)


def confirms(registration: Registration, secret: str) -> bool:
    """Whether `secret` opens this registration's confirm link, in constant time."""
    return hmac.compare_digest(confirm_secret(registration), secret)


def confirm_url(registration: Registration) -> str:
    return public_url("attendee.confirm_email", registration_id=registration.id,
                      token=confirm_secret(registration))
