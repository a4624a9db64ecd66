"""Who is calling: bearer tokens only.

Session cookies are never read here, so a page on another site that makes a
browser send them cannot act through the API (which is why it needs no CSRF).
"""
from __future__ import annotations

from flask import Response, g, request
from flask_babel import gettext as _

from scheduler.accounts import tokens
from scheduler.accounts.models import ApiToken, User
from scheduler.errors import DomainError

CHALLENGE = 'Bearer realm="api"'


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized(_("Send the header Authorization: Bearer <token>."))
    return secret.strip()


def current_token() -> ApiToken | None:
    """The caller's token; None without one. A token that does not work is a
    401 even where none is needed, so a client learns it must get a new one."""
    if "api_token" not in g:
        secret = _bearer_secret()
        token = tokens.find_token(secret) if secret else None
        if secret and token is None:
            raise Unauthorized(_("This token is unknown, expired or revoked; get a new one "
                                 "from POST /api/v1/tokens."), code="invalid_token")
        g.api_token = token
    remembered: ApiToken | None = g.api_token
    return remembered


def caller() -> User | None:
    token = current_token()
    return token.user if token else None


def signed_in_token() -> ApiToken:
    """The caller's token; 401 without one."""
    token = current_token()
    if token is None:
        raise Unauthorized(_("Sign in: send the header Authorization: Bearer <token> "
                             "(from POST /api/v1/tokens)."))
    return token


def signed_in() -> User:
    """The calling user; 401 without a token."""
    return signed_in_token().user


def challenge(response: Response) -> Response:
    # Every 401 says how to authenticate (RFC 6750), whichever handler made it.
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = CHALLENGE
    return response
