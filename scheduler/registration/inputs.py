"""What someone gives to book a seat, and what an organiser gives to invite."""
from __future__ import annotations

from pydantic import Field

from scheduler.inputs import Email, Input, OneLine

MAX_NAME = 200
WITH_TOKEN = "Required without a bearer token; with one, the account's is the default."


class BookingInput(Input):
    """A booking's attendee: the API body, the session page's form, an accepted invitation."""

    name: OneLine = Field(min_length=1, max_length=MAX_NAME, description=WITH_TOKEN)
    email: Email = Field(description=WITH_TOKEN)


class InvitationInput(Input):
    email: Email
    name: OneLine = Field("", max_length=MAX_NAME)
