"""What someone gives to book a seat, and what an organiser gives to invite."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from scheduler.inputs import Email, Input, OneLine, Pattern

MAX_NAME = 200
WITH_TOKEN = "Required without a bearer token; with one, the account's is the default."
# As JSON gives it; registration.answers.checked judges it against the event's questions.
AnswerValue = bool | int | float | str | list[str] | None
QuestionKey = Annotated[str, Pattern("^[1-9][0-9]{0,9}$")]


class BookingInput(Input):
    """A booking's attendee: the API body, the session page's form, an accepted invitation."""

    name: OneLine = Field(min_length=1, max_length=MAX_NAME, description=WITH_TOKEN)
    email: Email = Field(description=WITH_TOKEN)
    answers: dict[QuestionKey, AnswerValue] = Field(
        default_factory=dict,
        description="Answers to the event's questions by question id: text, a number, "
                    "true/false, an option's value, a list of them, a country code or a "
                    "date (YYYY-MM-DD).")


class InvitationInput(Input):
    email: Email
    name: OneLine = Field("", max_length=MAX_NAME)
