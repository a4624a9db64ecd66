"""Who an organiser puts on a session, and as what."""
from __future__ import annotations

from pydantic import Field

from scheduler.inputs import Input, OneLine
from scheduler.people.models import PersonRole


class PersonInput(Input):
    name: OneLine = Field(min_length=1, max_length=200)
    affiliation: OneLine = Field("", max_length=200)
    role: PersonRole
