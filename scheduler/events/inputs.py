"""What an organiser gives for an event, a co-organiser and a session."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Self

from flask_babel import gettext as _
from pydantic import AfterValidator, Field, WithJsonSchema

from scheduler.errors import DomainError
from scheduler.events.models import EventKind, EventStatus, RegistrationMode
from scheduler.inputs import (
    Between,
    Id,
    Input,
    LocalOrInstant,
    MultiLine,
    OneLine,
    Texts,
    Translations,
    Whole,
    refuse,
)
from scheduler.timezones import as_instant
from scheduler.transliteration import SLUG_MAX, SLUG_MIN
from scheduler.validation import FieldErrors, present
from scheduler.venues.inputs import MAX_CAPACITY, Seats

MAX_TITLE, MAX_DESCRIPTION = 300, 20_000
MAX_DURATION = timedelta(days=14)
MAX_QA_MINUTES = 600
DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS = 365, 3650
LOCAL_OR_INSTANT = ("Without an offset: wall-clock time at the venue (one the clocks show "
                    "twice, as they go back, is refused: give its offset); "
                    "with an offset or Z: that instant.")


SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _slug(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not SLUG_MIN <= len(value) <= SLUG_MAX:
        raise refuse(_("must be %(minimum)s to %(maximum)s characters long",
                       minimum=SLUG_MIN, maximum=SLUG_MAX))
    if not re.fullmatch(SLUG_PATTERN, value):
        raise refuse(_("may hold only lower-case Latin letters, digits and single "
                       "hyphens between them"))
    return value


# The event's part of its public addresses (/events/<slug>).
Slug = Annotated[str | None, AfterValidator(_slug), WithJsonSchema(
    {"type": ["string", "null"], "pattern": SLUG_PATTERN,
     "minLength": SLUG_MIN, "maxLength": SLUG_MAX})]


class EventTexts(Texts):
    """An event's or a session's texts in one more language."""

    title: OneLine = Field("", max_length=MAX_TITLE)
    description: MultiLine = Field("", max_length=MAX_DESCRIPTION)


class EventInput(Input):
    """An event as edited: a PATCH or the edit form."""

    title: OneLine = Field(min_length=1, max_length=MAX_TITLE)
    slug: Slug = Field(None, description=(
        "The event's address, /events/{slug}: unique among events. Null or absent: "
        "made from the title for a new event, kept as it is for an edit. The address "
        "it replaces answers with a permanent redirect to the new one."))
    kind: EventKind
    description: MultiLine = Field("", max_length=MAX_DESCRIPTION)
    translations: Translations[EventTexts]
    retention_days: Annotated[Whole, Between(1, MAX_RETENTION_DAYS)] = Field(
        DEFAULT_RETENTION_DAYS, description="Days after the event's last session ends "
        "before `flask privacy purge` erases its attendees' personal data.")
    confirm_guest_email: bool = Field(False, description=(
        "Guests (not signed in) confirm their email from a link: until then their booking "
        "holds its seat as `unconfirmed`, and it lapses after EMAIL_CONFIRM_MINUTES."))

    @classmethod
    def of(cls, row: object) -> Self:
        # Slug null means "keep it": an edit that leaves it alone never re-checks
        # one made before the rule (a two-letter title gave a two-letter slug).
        return super().of(row).model_copy(update={"slug": None})


def _not_cancelled(status: EventStatus) -> EventStatus:
    if status is EventStatus.cancelled:
        raise refuse(_("must be draft or published"))
    return status


class NewEventInput(EventInput):
    status: Annotated[EventStatus, AfterValidator(_not_cancelled), WithJsonSchema(
        {"type": "string", "enum": [EventStatus.draft.value, EventStatus.published.value]})
    ] = Field(EventStatus.draft, description="draft (the default) or published at once.")


class OrganiserInput(Input):
    email: OneLine = Field(min_length=1, max_length=254, json_schema_extra={
        "format": "email"}, description="An organiser's account email.")


@dataclass(frozen=True)
class Instants:
    """A session's times at its venue, as UTC instants."""

    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


class SessionInput(Input):
    """A session, new or as edited. Times without an offset are wall-clock
    times at the venue, placed by `instants` once the venue is known."""

    venue_id: Id
    starts_at: LocalOrInstant = Field(description=LOCAL_OR_INSTANT)
    ends_at: LocalOrInstant = Field(description=LOCAL_OR_INSTANT)
    capacity: Seats | None = Field(
        None, description="At most the venue's; null or absent: the venue's.")
    reserved_seats: Annotated[Whole, Between(0, MAX_CAPACITY)] = Field(
        0, description="Seats held back for invited guests, at most the capacity.")
    registration_mode: RegistrationMode = RegistrationMode.open
    registration_opens_at: LocalOrInstant | None = Field(None, description=LOCAL_OR_INSTANT)
    registration_closes_at: LocalOrInstant | None = Field(None, description=LOCAL_OR_INSTANT)
    title: OneLine = Field("", max_length=MAX_TITLE,
                           description="Empty: shown as the film's title, else the event's.")
    description: MultiLine = Field("", max_length=MAX_DESCRIPTION)
    translations: Translations[EventTexts]
    film_id: Id | None = Field(None, description="The film screened, if any.")
    qa_minutes: Annotated[Whole, Between(0, MAX_QA_MINUTES)] = Field(
        0, description="Q&A after the film.")

    def instants(self, zone: str) -> Instants:
        """The times in the venue's zone. A wall-clock time the clocks skip, or
        show twice, is refused (see timezones.as_instant), as is an end not
        after the start or more than 14 days on; every problem at once."""
        errors = FieldErrors()
        found = {field: _instant(errors, getattr(self, field), zone, field)
                 for field in ("starts_at", "ends_at", "registration_opens_at",
                               "registration_closes_at")}
        starts_at, ends_at = found["starts_at"], found["ends_at"]
        if starts_at and ends_at and ends_at <= starts_at:
            errors.add("ends_at", _("must be after the start"))
        elif starts_at and ends_at and ends_at - starts_at > MAX_DURATION:
            errors.add("ends_at", _("a session may last at most 14 days"))
        opens_at, closes_at = found["registration_opens_at"], found["registration_closes_at"]
        if opens_at and closes_at and closes_at <= opens_at:
            errors.add("registration_closes_at", _("must be after registration opens"))
        errors.raise_if_any()
        return Instants(present(starts_at), present(ends_at), opens_at, closes_at)


def _instant(errors: FieldErrors, moment: datetime | None, zone: str,
             field: str) -> datetime | None:
    if moment is None:
        return None
    try:
        return as_instant(moment, zone, field=field)
    except DomainError as problem:
        errors.fields.update(problem.fields)
        return None
