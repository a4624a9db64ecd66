"""Accounts and tokens: sign up, get a bearer token, give it back."""
from __future__ import annotations

from flask.typing import ResponseReturnValue

from scheduler.accounts import services, tokens
from scheduler.accounts.models import User
from scheduler.accounts.services import MAX_NAME_LENGTH, MIN_PASSWORD_LENGTH
from scheduler.api.auth import signed_in_token
from scheduler.api.fields import Spec, Text
from scheduler.api.json import created, no_content, read_body
from scheduler.api.serializers import token_json, user_json

EMAIL_LENGTH = User.email.type.length
# Hashing is the cost of a password; a bound keeps it a short one.
MAX_PASSWORD_LENGTH = 1000

USER_FIELDS: Spec = {
    "email": Text(EMAIL_LENGTH, required=True, format="email"),
    "name": Text(MAX_NAME_LENGTH, required=True),
    "password": Text(MAX_PASSWORD_LENGTH, min_length=MIN_PASSWORD_LENGTH, required=True,
                     blank=True),
}
CREDENTIALS: Spec = {
    "email": Text(EMAIL_LENGTH, required=True, format="email"),
    "password": Text(MAX_PASSWORD_LENGTH, required=True, blank=True),
}


def user_create() -> ResponseReturnValue:
    body = read_body(USER_FIELDS)
    user = services.create_user(**body)
    return created(user_json(user))


def token_create() -> ResponseReturnValue:
    body = read_body(CREDENTIALS)
    issued = tokens.sign_in(body["email"], body["password"])
    return created(token_json(issued))


def token_revoke() -> ResponseReturnValue:
    tokens.revoke_token(signed_in_token())
    return no_content()
