"""Accounts and tokens: sign up, get a bearer token, give it back."""
from __future__ import annotations

from flask.typing import ResponseReturnValue

from scheduler.accounts import services, tokens
from scheduler.accounts.inputs import CredentialsInput, SignUpInput
from scheduler.api.auth import signed_in_token
from scheduler.api.json import created, no_content, read_body
from scheduler.api.serializers import token_json, user_json


def user_create() -> ResponseReturnValue:
    user = services.create_user(read_body(SignUpInput))
    return created(user_json(user))


def token_create() -> ResponseReturnValue:
    credentials = read_body(CredentialsInput)
    issued = tokens.sign_in(credentials.email, credentials.password)
    return created(token_json(issued))


def token_revoke() -> ResponseReturnValue:
    tokens.revoke_token(signed_in_token())
    return no_content()
