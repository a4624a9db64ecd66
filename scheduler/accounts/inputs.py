"""What someone gives to open an account or to get an API token."""
from __future__ import annotations

from pydantic import Field

from scheduler.accounts.models import Role
from scheduler.inputs import Email, Input, OneLine, Secret

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 200
# Hashing is the cost of a password; a bound keeps it a short one.
MAX_PASSWORD_LENGTH = 1000


class SignUpInput(Input):
    email: Email
    name: OneLine = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    password: Secret = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class CredentialsInput(Input):
    # Not checked as an address: a mistyped one is only an unknown account.
    email: OneLine = Field(min_length=1, max_length=254, json_schema_extra={"format": "email"})
    password: Secret = Field(max_length=MAX_PASSWORD_LENGTH)


class RoleInput(Input):
    role: Role
