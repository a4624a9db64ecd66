"""The OpenAPI document's schemas, generated: request bodies and query
parameters from the input models, responses from api/responses.py."""
from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from scheduler.accounts.inputs import CredentialsInput, SignUpInput
from scheduler.api import responses
from scheduler.api.json import Paging
from scheduler.api.queries import EventFilters, RegistrationFilters, SessionFilters
from scheduler.events.inputs import EventInput, NewEventInput, OrganiserInput, SessionInput
from scheduler.films.inputs import FilmInput
from scheduler.inputs import Input
from scheduler.people.inputs import PersonInput
from scheduler.registration.inputs import BookingInput
from scheduler.registration.models import RegistrationStatus
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.venues.inputs import VenueInput

REF = "#/components/schemas/{model}"
Schema = dict[str, Any]
# Request bodies: the whole input, or (PATCH) any of its fields.
BODIES: dict[str, tuple[type[Input], bool]] = {
    "NewUser": (SignUpInput, False), "Credentials": (CredentialsInput, False),
    "NewVenue": (VenueInput, False), "VenueChanges": (VenueInput, True),
    "NewEvent": (NewEventInput, False), "EventChanges": (EventInput, True),
    "NewOrganiser": (OrganiserInput, False),
    "NewSession": (SessionInput, False), "SessionChanges": (SessionInput, True),
    "NewSessionPerson": (PersonInput, False),
    "NewFilm": (FilmInput, False), "FilmChanges": (FilmInput, True),
    # With a bearer token any field may be left out: the account's is the default.
    "NewRegistration": (BookingInput, True),
    "NewQuestion": (QuestionInput, False), "QuestionChanges": (QuestionInput, True),
}
RESPONSES: tuple[Any, ...] = (
    responses.ErrorEnvelope, responses.User, responses.Token, responses.Venue,
    responses.Event, responses.Film, responses.Session, responses.PlacedPerson,
    responses.Registration, responses.RegistrationReceipt, responses.EventStats,
    responses.QuestionList, responses.OrganiserList,
)
LISTS = {"VenueList": "Venue", "EventList": "Event", "SessionList": "Session",
         "FilmList": "Film"}
DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"],
            "description": "An OpenAPI 3.1 document."}


def ref(name: str) -> Schema:
    return {"$ref": REF.format(model=name)}


def _generated(shape: Any, mode: JsonSchemaMode, definitions: dict[str, Schema]) -> Schema:
    """A type's JSON Schema; the types it names go into `definitions`."""
    schema: Schema = TypeAdapter(shape).json_schema(ref_template=REF, mode=mode)
    definitions |= schema.pop("$defs", {})
    return schema


def _changes(schema: Schema) -> Schema:
    # Absent fields stay as they are: none is required, and none has a default.
    properties = {name: {key: value for key, value in field.items() if key != "default"}
                  for name, field in schema["properties"].items()}
    return {key: value for key, value in schema.items() if key != "required"} | {
        "properties": properties}


def _page_of(item: str) -> Schema:
    return {"type": "object", "additionalProperties": False, "required": ["items", "next"],
            "description": f"A page of {item} items; `next` is the next page's URL, or null.",
            "properties": {"items": {"type": "array", "items": ref(item)},
                           "next": {"type": ["string", "null"], "format": "uri"}}}


def _registration_list() -> Schema:
    counts = {"type": "object", "additionalProperties": False,
              "required": [status.value for status in RegistrationStatus],
              "properties": {status.value: {"type": "integer"}
                             for status in RegistrationStatus},
              "description": "Registrations of the session by status (all pages, unfiltered)."}
    return _page_of("Registration") | {
        "required": ["items", "next", "counts"],
        "description": "A page of a session's registrations, oldest first, with counts "
                       "by status.",
        "properties": _page_of("Registration")["properties"] | {"counts": counts}}


def query(model: type[Paging]) -> list[Schema]:
    """A list's query parameters; an empty value counts as absent (?kind=&city=)."""
    definitions: dict[str, Schema] = {}
    properties = _generated(model, "validation", definitions)["properties"]
    return [{"name": name, "in": "query", "required": False,
             "schema": {"anyOf": [_present(field), {"const": ""}]},
             "description": " ".join(filter(None, [field.get("description"),
                                                   "Empty means absent."]))}
            for name, field in properties.items()]


def _present(field: Schema) -> Schema:
    """A parameter's schema when given: never null, no default or wording."""
    options = [option for option in field.get("anyOf", [field])
               if option.get("type") != "null"]
    return {key: value for key, value in options[0].items()
            if key not in ("default", "description", "title")}


def components() -> Schema:
    definitions: dict[str, Schema] = {}
    schemas = {shape.__name__: _generated(shape, "serialization", definitions)
               for shape in RESPONSES}
    for filters in (EventFilters, SessionFilters, RegistrationFilters):
        _generated(filters, "validation", definitions)  # the types its parameters name
    for name, (model, partial) in BODIES.items():
        schema = _generated(model, "validation", definitions)
        schemas[name] = _changes(schema) if partial else schema
    schemas |= {name: _page_of(item) for name, item in LISTS.items()}
    schemas |= {"RegistrationList": _registration_list(), "OpenApiDocument": DOCUMENT}
    return {
        "schemas": definitions | schemas,
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A token from POST /tokens. Session cookies are ignored."}},
    }
