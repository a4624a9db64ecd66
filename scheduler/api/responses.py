"""What the API answers with: the serialisers' return types, from which the
OpenAPI document's response schemas are generated (api/openapi.py), so the
two cannot drift; a test checks real responses against them too."""
from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, WithJsonSchema, with_config
from typing_extensions import TypedDict

from scheduler.accounts.models import Role
from scheduler.events.models import EventKind, EventStatus, RegistrationMode, SessionStatus
from scheduler.people.models import PersonRole
from scheduler.registration.models import RegistrationStatus
from scheduler.registration.questions_models import QuestionKind

EXACT = ConfigDict(extra="forbid")
# An instant in UTC, "Z" at the end; and a time with its venue's offset.
Utc = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time",
                                     "pattern": "Z$"})]
AtVenue = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"}),
                    Field(description="At the venue, with its offset.")]
# A row's texts in other languages; the plain fields beside it are in the
# language asked for (?lang= or Accept-Language), else as first written.
Translations = Annotated[dict[str, dict[str, str]], Field(
    description="Texts in other languages as written: language -> field -> text.")]
NextPage = Annotated[str | None, WithJsonSchema(
    {"type": ["string", "null"], "format": "uri"})]


class Error(TypedDict):
    code: Annotated[str, Field(description="snake_case, stable: match on this.")]
    message: Annotated[str, Field(description="A human sentence.")]
    fields: NotRequired[Annotated[dict[str, str], Field(
        description="What is wrong with each named field or parameter.")]]
    conflicting_session_id: NotRequired[Annotated[int, Field(
        description="With venue_conflict: the session in the way.")]]


@with_config(EXACT)
class ErrorEnvelope(TypedDict):
    """Every error has this envelope."""

    error: Error


@with_config(EXACT)
class User(TypedDict):
    id: int
    email: str
    name: str
    role: Role
    created_at: Utc


@with_config(EXACT)
class Token(TypedDict):
    token: Annotated[str, Field(description="Send as Authorization: Bearer <token>.")]
    expires_at: Utc


@with_config(EXACT)
class Venue(TypedDict):
    id: int
    name: str
    city: str
    country: str
    address: str
    translations: Translations
    timezone: str
    capacity: int
    online_url: str | None
    changeover_minutes: int
    created_by_id: int | None
    created_at: Utc
    updated_at: Utc


@with_config(EXACT)
class PersonRef(TypedDict):
    id: int
    name: str


@with_config(EXACT)
class Event(TypedDict):
    id: int
    slug: str
    title: str
    kind: EventKind
    description: str
    translations: Translations
    status: EventStatus
    retention_days: int
    confirm_guest_email: bool
    owner: PersonRef
    co_organisers: list[PersonRef]
    created_at: Utc
    updated_at: Utc


@with_config(EXACT)
class Film(TypedDict):
    id: int
    title: str
    original_title: str
    director: str
    country: str
    year: int | None
    runtime_minutes: int
    spoken_languages: str
    subtitles: str
    synopsis: str
    translations: Translations
    created_at: Utc
    updated_at: Utc


@with_config(EXACT)
class SessionPerson(TypedDict):
    person_id: int
    name: str
    affiliation: str
    role: PersonRole


@with_config(EXACT)
class VenueSummary(TypedDict):
    id: int
    name: str
    city: str
    country: str
    timezone: str
    online_url: str | None


@with_config(EXACT)
class FilmSummary(TypedDict):
    id: int
    title: str
    runtime_minutes: int


@with_config(EXACT)
class Session(TypedDict):
    id: int
    uid: str
    event_id: int
    title: str
    shown_title: Annotated[str, Field(
        description="The title, else the film's, else the event's.")]
    description: str
    translations: Translations
    venue_id: int
    venue: VenueSummary
    starts_at: AtVenue
    ends_at: AtVenue
    starts_at_utc: Utc
    ends_at_utc: Utc
    timezone: Annotated[str, Field(description="The venue's IANA time zone.")]
    capacity: int
    seats_taken: int
    reserved_seats: Annotated[int, Field(description="Held back for invited guests.")]
    seats_left: Annotated[int, Field(
        description="Seats a booking without an invitation can still take.")]
    waitlist_length: int
    status: SessionStatus
    sequence: Annotated[int, Field(
        description="Raised when the session moves or is cancelled.")]
    registration_mode: RegistrationMode
    registration_opens_at: Utc | None
    registration_closes_at: Utc | None
    film_id: int | None
    film: FilmSummary | None
    qa_minutes: int
    people: list[SessionPerson]
    created_at: Utc
    updated_at: Utc


@with_config(EXACT)
class DoubleBooking(TypedDict):
    """The person is also in another session at the same time."""

    code: Literal["double_booked"]
    message: str
    person_id: int
    session_id: int
    event_id: int
    title: str
    starts_at_utc: Utc
    ends_at_utc: Utc


@with_config(EXACT)
class PlacedPerson(SessionPerson):
    warnings: list[DoubleBooking]


@with_config(EXACT)
class Registration(TypedDict):
    """A registration: shown to its attendee (with the secret link) and to the
    event's organisers only."""

    id: int
    session_id: int
    status: Annotated[RegistrationStatus, Field(description=(
        "unconfirmed: a guest's seat, held until `confirm_by` for the link in the email "
        "to be opened (events with `confirm_guest_email`)."))]
    waitlist_position: Annotated[int | None, Field(
        ge=1, description="1 for the next in line; null unless waitlisted.")]
    name: str
    email: str
    created_at: Utc
    checked_in_at: Annotated[Utc | None, Field(
        description="When checked in at the door; null until then.")]
    confirm_by: Annotated[Utc | None, Field(description=(
        "A guest's booking (seat, waitlist place or request) lapses at this time unless "
        "the link in its email is opened; null when its email is confirmed or never had "
        "to be."))]
    answers: Annotated[dict[str, bool | int | float | str | list[str]], Field(
        description="Answers to the event's questions, by question id.")]


@with_config(EXACT)
class RegistrationReceipt(Registration):
    """A new registration."""

    cancel_url: Annotated[str, WithJsonSchema({"type": "string", "format": "uri"}), Field(
        description="Shown only now. Its `token` parameter is the secret that reads "
                    "and cancels this registration.")]


@with_config(EXACT)
class SessionStats(TypedDict):
    """One session's registrations by status."""

    id: int
    capacity: int
    confirmed: Annotated[int, Field(
        ge=0, description="Seats taken: confirmed registrations, checked in or not.")]
    pending: Annotated[int, Field(ge=0)]
    waitlisted: Annotated[int, Field(ge=0)]
    declined: Annotated[int, Field(ge=0)]
    cancelled: Annotated[int, Field(ge=0)]
    checked_in: Annotated[int, Field(ge=0)]
    no_shows: Annotated[int | None, Field(
        ge=0, description="Confirmed but not checked in; null until the session has ended.")]


@with_config(EXACT)
class DayCount(TypedDict):
    date: Annotated[str, WithJsonSchema({"type": "string", "format": "date"}), Field(
        description="At the venue of the session registered for.")]
    count: Annotated[int, Field(ge=0)]


@with_config(EXACT)
class EventStats(TypedDict):
    """An event's numbers, for its organisers."""

    sessions: Annotated[list[SessionStats], Field(
        description="Every session of the event, cancelled ones too, soonest first.")]
    registrations_by_day: Annotated[list[DayCount], Field(
        description="Registrations made each day, whatever became of them since, from "
                    "the first such day to the last (days between at 0).")]
    answers: Annotated[dict[str, dict[str, int]], Field(
        description="For each choice, multiple-choice, yes/no and country question (by "
                    "id): how many registrations gave each value.")]
Texts = Annotated[dict[str, str], Field(
    description='In the interface languages: {"en": ..., "ru": ..., "ka": ...}.')]


@with_config(EXACT)
class QuestionOption(TypedDict):
    value: str
    label: Texts


@with_config(EXACT)
class Question(TypedDict):
    """A registration question of an event."""

    id: int
    event_id: int
    kind: QuestionKind
    label: Texts
    help: Texts
    required: bool
    options: Annotated[list[QuestionOption], Field(description="Choice kinds only.")]
    position: int
    retired: Annotated[bool, Field(
        description="Left the form; its answers stay. Shown to organisers only.")]


@with_config(EXACT)
class Organiser(TypedDict):
    id: int
    name: str
    email: str
    role: Annotated[Literal["owner", "co_organiser"], Field(
        description="The owner answers for the event and cannot be removed.")]


@with_config(EXACT)
class OrganiserList(TypedDict):
    items: list[Organiser]


@with_config(EXACT)
class QuestionList(TypedDict):
    items: list[Question]
