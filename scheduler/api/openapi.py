"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json.

The paths are written here, endpoint by endpoint; their bodies, parameters and
responses are generated from the input models and the response shapes
(api/schemas.py), so the document says what the code checks. A test checks
that it lists exactly the routes the app has, and that real responses match it.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from scheduler.api.json import Paging
from scheduler.api.queries import EventFilters, RegistrationFilters, SessionFilters
from scheduler.api.schemas import components, query, ref
from scheduler.ids import MAX_ID

# Runtime expressions for links: the new row's id, and the secret in a cancel link.
NEW_ID = "$response.body#/id"
SECRET_OF_RECEIPT = "$response.body#/cancel_url#regex:token=([^&]+)"
ERRORS = {
    400: "Malformed: not JSON, not an object, or a bad query parameter (see `fields`).",
    401: "No token where one is needed, or a token that is unknown, expired or revoked.",
    403: "The caller may not do this.",
    404: "No such row, or a draft the caller may not see.",
    409: "Conflicts with the current state (see `code`, e.g. venue_conflict, slug_taken).",
    413: "The body is larger than the server accepts.",
    415: "The body is not sent as application/json.",
    422: "Well-formed but invalid: `fields` names each problem.",
    429: "Too many attempts from this address; Retry-After says when to try again.",
    503: "The database is not answering for a moment; Retry-After says when to try again.",
}
WRITE_ERRORS = (400, 413, 415, 422)
# Security requirements: each maps a scheme to its scopes (none here).
Auth = list[dict[str, list[str]]]
NO_AUTH: Auth = []
OPTIONAL_AUTH: Auth = [{}, {"bearer": []}]
REQUIRED_AUTH: Auth = [{"bearer": []}]


def _error_responses(codes: Iterable[int]) -> dict[str, Any]:
    return {str(code): {"description": ERRORS[code], "content": {
        "application/json": {"schema": ref("ErrorEnvelope")}}} for code in sorted(set(codes))}


def _ok(status: int, schema: str | None, description: str) -> dict[str, Any]:
    if schema is None:
        return {str(status): {"description": description}}
    return {str(status): {"description": description,
                          "content": {"application/json": {"schema": ref(schema)}}}}


def path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def operation(summary: str, *, ok: tuple[int, str | None, str], errors: Iterable[int] = (),
              auth: Auth = OPTIONAL_AUTH, body: str | None = None,
              parameters: list[dict[str, Any]] | None = None,
              reads_database: bool = True,
              links: dict[str, Any] | None = None) -> dict[str, Any]:
    """One operation: its success response (and where a client can go from
    it), the errors it can answer with, who may call it, its body and parameters."""
    spec: dict[str, Any] = {"summary": summary, "operationId": _operation_id(summary),
                            "security": auth, "responses": _ok(*ok)}
    if links:
        spec["responses"][str(ok[0])]["links"] = links
    codes = list(errors) + ([401] if auth else []) + ([503] if reads_database else [])
    if body:
        spec["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": ref(body)}}}
        codes += WRITE_ERRORS
    spec["responses"] |= _error_responses(codes)
    if parameters:
        spec["parameters"] = parameters
    return spec


def link(target: str, description: str, *, body: dict[str, Any] | None = None,
         **parameters: str) -> dict[str, Any]:
    """Where a response leads: the operation (by its summary) and the values
    it takes from the response (runtime expressions)."""
    spec: dict[str, Any] = {"operationId": _operation_id(target), "description": description}
    if parameters:
        spec["parameters"] = parameters
    if body:
        spec["requestBody"] = body
    return spec


def _operation_id(summary: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in summary).split()
    return words[0].lower() + "".join(word.capitalize() for word in words[1:])


def account_paths() -> dict[str, Any]:
    return {
        "/users": {"post": operation(
            "Create an attendee account", ok=(201, "User", "The new account."),
            errors=(409, 429), auth=NO_AUTH, body="NewUser")},
        "/tokens": {"post": operation(
            "Get a bearer token", ok=(201, "Token", "A token, shown only this once."),
            errors=(401, 429), auth=NO_AUTH, body="Credentials")},
        "/tokens/current": {"delete": operation(
            "Revoke the token in use", ok=(204, None, "Revoked."), auth=REQUIRED_AUTH)},
        "/openapi.json": {"get": operation(
            "Get this document", ok=(200, "OpenApiDocument", "This document."), auth=NO_AUTH,
            reads_database=False)},
    }


def venue_paths() -> dict[str, Any]:
    one = [path_id("venue_id")]
    return {
        "/venues": {
            "get": operation("List venues", ok=(200, "VenueList", "A page of venues."),
                             errors=(400,), auth=NO_AUTH, parameters=query(Paging)),
            "post": operation("Add a venue", ok=(201, "Venue", "The new venue."),
                              errors=(403,), auth=REQUIRED_AUTH, body="NewVenue", links={
                "GetVenue": link("Get a venue", "Read it back.", venue_id=NEW_ID),
                "ChangeVenue": link("Change a venue", "Correct it.", venue_id=NEW_ID),
                "ScheduleSessionHere": link("Schedule a session", "Schedule a session of "
                                            "one of your events here.",
                                            body={"venue_id": NEW_ID})}),
        },
        "/venues/{venue_id}": {
            "get": operation("Get a venue", ok=(200, "Venue", "The venue."),
                             errors=(404,), auth=NO_AUTH, parameters=one),
            "patch": operation("Change a venue", ok=(200, "Venue", "The changed venue."),
                               errors=(403, 404, 409), auth=REQUIRED_AUTH,
                               body="VenueChanges", parameters=one),
        },
    }


def event_paths() -> dict[str, Any]:
    one = [path_id("event_id")]

    def action(summary: str, conflicts: tuple[int, ...] = ()) -> dict[str, Any]:
        return operation(summary, ok=(200, "Event", "The event."),
                         errors=(403, 404, *conflicts), auth=REQUIRED_AUTH, parameters=one)

    return {
        "/events": {
            "get": operation("List events", ok=(200, "EventList", ("A page of events: "
                                                 "published ones, and the caller's own.")),
                             errors=(400,), parameters=query(EventFilters)),
            "post": operation("Create an event", ok=(201, "Event", "The new event."),
                              errors=(403, 409), auth=REQUIRED_AUTH, body="NewEvent", links={
                "GetEvent": link("Get an event", "Read it back.", event_id=NEW_ID),
                "ChangeEvent": link("Change an event", "Edit it.", event_id=NEW_ID),
                "PublishEvent": link("Publish an event", "Make it public.", event_id=NEW_ID),
                "ScheduleSession": link("Schedule a session", "Give it a dated session.",
                                        event_id=NEW_ID)}),
        },
        "/events/{event_id}": {
            "get": operation("Get an event", ok=(200, "Event", "The event."),
                             errors=(404,), parameters=one),
            "patch": operation("Change an event", ok=(200, "Event", "The changed event."),
                               errors=(403, 404, 409), auth=REQUIRED_AUTH,
                               body="EventChanges", parameters=one),
        },
        "/events/{event_id}/publish": {"post": action("Publish an event", conflicts=(409,))},
        "/events/{event_id}/cancel": {"post": action("Cancel an event and its sessions")},
        "/events/{event_id}/organisers": {
            "get": operation("List an event's organisers",
                             ok=(200, "OrganiserList", ("The owner, then the co-organisers; "
                                                        "for the event's organisers.")),
                             errors=(403, 404), auth=REQUIRED_AUTH, parameters=one),
            "post": operation(
                "Add a co-organiser", ok=(200, "Event", "The event, with its organisers."),
                errors=(403, 404), auth=REQUIRED_AUTH, body="NewOrganiser", parameters=one)},
        "/events/{event_id}/organisers/{user_id}": {"delete": operation(
            "Remove a co-organiser",
            ok=(200, "Event", ("The event without them (removing someone who is not a "
                               "co-organiser changes nothing). Owner or admin only.")),
            errors=(403, 404, 409), auth=REQUIRED_AUTH,
            parameters=[*one, path_id("user_id")])},
        "/events/{event_id}/stats": {"get": operation(
            "Get an event's statistics (organisers)",
            ok=(200, "EventStats", ("Each session's registrations by status, registrations "
                                    "per day, and the answers to its questions.")),
            errors=(403, 404), auth=REQUIRED_AUTH, parameters=one)},
    }


def question_paths() -> dict[str, Any]:
    one = [path_id("question_id")]
    return {
        "/events/{event_id}/questions": {
            "get": operation("List an event's registration questions",
                             ok=(200, "QuestionList", ("The questions in form order; retired "
                                                       "ones too for its organisers.")),
                             errors=(404,), parameters=[path_id("event_id")]),
            "post": operation("Add a registration question",
                              ok=(201, "Question", "The new question."),
                              errors=(403, 404), auth=REQUIRED_AUTH, body="NewQuestion",
                              parameters=[path_id("event_id")]),
        },
        "/questions/{question_id}": {
            "patch": operation("Change a registration question",
                               ok=(200, "Question", "The changed question."),
                               errors=(403, 404), auth=REQUIRED_AUTH, body="QuestionChanges",
                               parameters=one),
            "delete": operation("Remove a registration question",
                                ok=(204, None, ("Deleted; or retired when it already has "
                                                "answers (they stay in exports).")),
                                errors=(403, 404), auth=REQUIRED_AUTH, parameters=one),
        },
    }


def session_list_paths() -> dict[str, Any]:
    return {
        "/events/{event_id}/sessions": {
            "get": operation("List an event's sessions",
                             ok=(200, "SessionList", "A page of sessions, soonest first."),
                             errors=(400, 404),
                             parameters=[path_id("event_id"), *query(Paging)]),
            "post": operation("Schedule a session", ok=(201, "Session", "The new session."),
                              errors=(403, 404, 409), auth=REQUIRED_AUTH, body="NewSession",
                              parameters=[path_id("event_id")], links={
                "GetSession": link("Get a session", "Read it back.", session_id=NEW_ID),
                "ChangeSession": link("Change or move a session", "Change or move it.",
                                      session_id=NEW_ID),
                "Register": link("Register for a session", "Book a seat.", session_id=NEW_ID),
                "CancelSession": link("Cancel a session", "Call it off.", session_id=NEW_ID)}),
        },
        "/sessions": {"get": operation(
            "List sessions", ok=(200, "SessionList", "A page of sessions, soonest first."),
            errors=(400,), parameters=query(SessionFilters))},
    }


def session_paths() -> dict[str, Any]:
    one = [path_id("session_id")]
    return {
        "/sessions/{session_id}": {
            "get": operation("Get a session", ok=(200, "Session", "The session."),
                             errors=(404,), parameters=one),
            "patch": operation("Change or move a session",
                               ok=(200, "Session", "The changed session."),
                               errors=(403, 404, 409), auth=REQUIRED_AUTH,
                               body="SessionChanges", parameters=one),
        },
        "/sessions/{session_id}/cancel": {"post": operation(
            "Cancel a session", ok=(200, "Session", "The cancelled session, kept."),
            errors=(403, 404), auth=REQUIRED_AUTH, parameters=one)},
        "/sessions/{session_id}/people": {"post": operation(
            "Put a person on a session",
            ok=(201, "PlacedPerson", "The person, with any double bookings as warnings."),
            errors=(403, 404), auth=REQUIRED_AUTH, body="NewSessionPerson", parameters=one)},
        "/sessions/{session_id}/people/{person_id}": {"delete": operation(
            "Take a person off a session", ok=(204, None, "Done (also if absent)."),
            errors=(403, 404), auth=REQUIRED_AUTH,
            parameters=[*one, path_id("person_id")])},
    }


def star_paths() -> dict[str, Any]:
    one = [path_id("session_id")]
    return {
        "/sessions/{session_id}/star": {
            "put": operation("Star a session", ok=(204, None, "Starred (also if it was)."),
                             errors=(404,), auth=REQUIRED_AUTH, parameters=one),
            "delete": operation("Unstar a session",
                                ok=(204, None, "Not starred (also if it was not)."),
                                errors=(404,), auth=REQUIRED_AUTH, parameters=one),
        },
        "/me/stars": {"get": operation(
            "List my starred sessions",
            ok=(200, "SessionList", "A page of the sessions you starred, soonest first."),
            errors=(400,), auth=REQUIRED_AUTH, parameters=query(Paging))},
    }


def film_paths() -> dict[str, Any]:
    one = [path_id("film_id")]
    return {
        "/films": {
            "get": operation("List films", ok=(200, "FilmList", "A page of films."),
                             errors=(400,), auth=NO_AUTH, parameters=query(Paging)),
            "post": operation("Add a film", ok=(201, "Film", "The new film."),
                              errors=(403,), auth=REQUIRED_AUTH, body="NewFilm"),
        },
        "/films/{film_id}": {
            "get": operation("Get a film", ok=(200, "Film", "The film."),
                             errors=(404,), auth=NO_AUTH, parameters=one),
            "patch": operation("Correct a film", ok=(200, "Film", "The changed film."),
                               errors=(403, 404, 409), auth=REQUIRED_AUTH,
                               body="FilmChanges", parameters=one),
        },
    }


SECRET = {"name": "token", "in": "query", "required": True, "schema": {"type": "string"},
          "description": "The secret from the registration's cancel_url. A wrong or "
                         "missing one is a 404, like an unknown id."}


def registration_paths() -> dict[str, Any]:
    one = [path_id("registration_id")]
    register = operation(
        "Register for a session",
        ok=(201, "RegistrationReceipt", ("Confirmed, waitlisted (with its place) or pending "
                                         "approval, or (a guest of an event that asks) "
                                         "unconfirmed until its email is; with the secret "
                                         "cancel link.")),
        errors=(404, 409, 429), body="NewRegistration", parameters=[path_id("session_id")],
        links={"GetRegistration": link("Get a registration by its secret", "Read it back.",
                                       registration_id=NEW_ID, token=SECRET_OF_RECEIPT),
               "CancelRegistration": link("Cancel a registration by its secret",
                                          "Give the seat back.", registration_id=NEW_ID,
                                          token=SECRET_OF_RECEIPT)})
    # With a bearer token the body may be left out: the account's name and email.
    register["requestBody"]["required"] = False

    def manage(summary: str, outcome: str) -> dict[str, Any]:
        return operation(summary, ok=(200, "Registration", outcome),
                         errors=(403, 404, 409), auth=REQUIRED_AUTH, parameters=one)

    return {
        "/sessions/{session_id}/registrations": {
            "post": register,
            "get": operation("List a session's registrations (organisers)",
                             ok=(200, "RegistrationList", "A page of registrations."),
                             errors=(400, 403, 404), auth=REQUIRED_AUTH,
                             parameters=[path_id("session_id"),
                                         *query(RegistrationFilters)]),
        },
        "/registrations/{registration_id}": {
            "get": operation("Get a registration by its secret",
                             ok=(200, "Registration", "The registration."),
                             errors=(404,), auth=NO_AUTH, parameters=[*one, SECRET]),
            "delete": operation(
                "Cancel a registration by its secret",
                ok=(200, "Registration", ("Cancelled (again, harmlessly, if it already was; "
                                          "a declined one stays declined). A freed seat "
                                          "goes to the first waitlisted.")),
                errors=(404,), auth=NO_AUTH, parameters=[*one, SECRET]),
        },
        "/registrations/{registration_id}/approve": {"post": manage(
            "Approve a pending registration",
            "Confirmed, or waitlisted when the session is full.")},
        "/registrations/{registration_id}/decline": {"post": manage(
            "Decline a pending or waitlisted registration", "Declined.")},
        "/registrations/{registration_id}/check-in": {"post": manage(
            "Check a registration in at the door",
            "Attended, with its check-in time (checking in again changes nothing).")},
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Scheduler API", "version": "1.0.0", "description": (
            "Programmes, sessions, venues and films. Times without an offset in a "
            "session's body are wall-clock times at its venue; responses give them at "
            "the venue with its offset, and in UTC. Errors are always the Error envelope.")},
        "servers": [{"url": "/api/v1"}],
        "paths": account_paths() | venue_paths() | event_paths() | session_list_paths()
        | session_paths() | star_paths() | film_paths() | registration_paths() | question_paths(),
        "components": components(),
    }


def openapi_document() -> ResponseReturnValue:
    return jsonify(document())
