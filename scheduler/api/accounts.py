"""Accounts and tokens: sign up, get a bearer token, give it back."""
from __future__ import annotations

from flask.typing import ResponseReturnValue

from scheduler.accounts import services, tokens
from scheduler.accounts.inputs import CredentialsInput, SignUpInput
from scheduler.api.auth import signed_in_token
from scheduler.api.json import created, no_content, read_body
from scheduler.api.serializers import token_json, user_json
from scheduler.transactions import unit_of_work


def user_create() -> ResponseReturnValue:
    data = read_body(SignUpInput)
    with unit_of_work():
        user = services.create_user(data)
    return created(user_json(user))


def token_create() -> ResponseReturnValue:
    credentials = read_body(CredentialsInput)
    with unit_of_work():
        issued = tokens.sign_in(credentials.email, credentials.password)
    return created(token_json(issued))


def token_revoke() -> ResponseReturnValue:
    token = signed_in_token()
    with unit_of_work():
        tokens.revoke_token(token)
    return no_content()
