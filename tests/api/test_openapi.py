"""The OpenAPI document: valid, complete, and true to what the API answers."""
from openapi_spec_validator import validate

from scheduler.accounts.models import Role
from scheduler.api.openapi import document
from tests.api.helpers import TBILISI, caller_with_role, error_of, new_event, new_session, ok
from tests.api.schema_check import PREFIX, template

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def test_the_document_is_valid_openapi_3_1(client):
    served = ok(client.get("/api/v1/openapi.json"))
    assert served == document()
    assert served["openapi"].startswith("3.1")
    validate(served)


def test_every_route_is_documented_and_every_documented_route_exists(app):
    routes = {(template(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")
              for method in rule.methods - IGNORED_METHODS}
    paths = document()["paths"]
    operations = {(path, method) for path, item in paths.items() for method in item}
    assert routes == operations


def test_every_body_and_error_is_described():
    spec = document()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if method in ("post", "patch") and "requestBody" in operation:
                assert {"400", "413", "415", "422"} <= set(responses), (method, path)
            if operation["security"]:
                assert "401" in responses, (method, path)
            if path != "/openapi.json":
                assert "503" in responses, (method, path)
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def walk_account_operations(client) -> None:
    ok(client.post("/api/v1/users", json={"email": "nino@example.org", "name": "Nino",
                                          "password": "long enough"}), 201)
    token = ok(client.post("/api/v1/tokens", json={"email": "nino@example.org",
                                                   "password": "long enough"}), 201)
    ok(client.get("/api/v1/openapi.json"))
    assert client.delete("/api/v1/tokens/current", headers={
        "Authorization": f"Bearer {token['token']}"}).status_code == 204


def walk_programme_operations(client, organiser) -> None:
    """Each documented operation on venues, films, events and sessions once."""
    as_org = {"headers": organiser.headers}
    venue = ok(client.post("/api/v1/venues", json=TBILISI, **as_org), 201)["id"]
    ok(client.patch(f"/api/v1/venues/{venue}", json={"address": "Kostava 36"}, **as_org))
    ok(client.get(f"/api/v1/venues/{venue}"))
    ok(client.get("/api/v1/venues"))
    film = ok(client.post("/api/v1/films", json={"title": "Flee", "runtime_minutes": 89},
                          **as_org), 201)["id"]
    ok(client.patch(f"/api/v1/films/{film}", json={"year": 2021}, **as_org))
    ok(client.get(f"/api/v1/films/{film}"))
    ok(client.get("/api/v1/films"))
    event = new_event(client, organiser, status="draft")["id"]
    ok(client.patch(f"/api/v1/events/{event}", json={"description": "Ten days"}, **as_org))
    ok(client.post(f"/api/v1/events/{event}/organisers", json={"email": "org@example.org"},
                   **as_org))
    ok(client.get(f"/api/v1/events/{event}/organisers", **as_org))
    colleague = caller_with_role(client.application, Role.organiser, email="co@example.org")
    ok(client.post(f"/api/v1/events/{event}/organisers", json={"email": "co@example.org"},
                   **as_org))
    ok(client.delete(f"/api/v1/events/{event}/organisers/{colleague.user_id}", **as_org))
    ok(client.post(f"/api/v1/events/{event}/publish", **as_org))
    ok(client.get(f"/api/v1/events/{event}"))
    ok(client.get("/api/v1/events?kind=film_festival"))
    session = ok(new_session(client, organiser, event, venue, film_id=film), 201)["id"]
    ok(client.patch(f"/api/v1/sessions/{session}", json={"capacity": 30}, **as_org))
    person = ok(client.post(f"/api/v1/sessions/{session}/people",
                            json={"name": "Ana", "role": "speaker"}, **as_org), 201)
    ok(client.get(f"/api/v1/sessions/{session}"))
    ok(client.get(f"/api/v1/events/{event}/sessions"))
    ok(client.get("/api/v1/sessions?city=Tbilisi"))
    assert client.put(f"/api/v1/sessions/{session}/star", **as_org).status_code == 204
    ok(client.get("/api/v1/me/stars", **as_org))
    assert client.delete(f"/api/v1/sessions/{session}/star", **as_org).status_code == 204
    assert client.delete(f"/api/v1/sessions/{session}/people/{person['person_id']}",
                         **as_org).status_code == 204
    ok(client.post(f"/api/v1/sessions/{session}/cancel", **as_org))
    ok(client.post(f"/api/v1/events/{event}/cancel", **as_org))


def walk_registration_operations(client, organiser) -> None:
    """Each documented registration operation once: a guest books, reads and
    cancels; an organiser lists, approves, declines and checks in."""
    as_org = {"headers": organiser.headers}
    event = new_event(client, organiser)["id"]
    venue = ok(client.post("/api/v1/venues", json=TBILISI, **as_org), 201)["id"]
    session = ok(new_session(client, organiser, event, venue,
                             registration_mode="approval"), 201)["id"]
    question = ok(client.post(f"/api/v1/events/{event}/questions", json={
        "kind": "country", "label": {"en": "Country"}}, **as_org), 201)["id"]
    ok(client.patch(f"/api/v1/questions/{question}", json={"required": True}, **as_org))
    ok(client.get(f"/api/v1/events/{event}/questions", **as_org))
    guests = [ok(client.post(f"/api/v1/sessions/{session}/registrations",
                             json={"name": name, "email": f"{name}@example.org",
                                   "answers": {str(question): "GE"}}), 201)
              for name in ("nino", "giorgi", "tamar")]
    # Answered: retired rather than deleted.
    assert client.delete(f"/api/v1/questions/{question}", **as_org).status_code == 204
    secret = guests[0]["cancel_url"].split("token=")[1]
    ok(client.get(f"/api/v1/registrations/{guests[0]['id']}?token={secret}"))
    ok(client.get(f"/api/v1/sessions/{session}/registrations?status=pending", **as_org))
    ok(client.post(f"/api/v1/registrations/{guests[1]['id']}/approve", **as_org))
    ok(client.post(f"/api/v1/registrations/{guests[2]['id']}/decline", **as_org))
    ok(client.post(f"/api/v1/registrations/{guests[1]['id']}/check-in", **as_org))
    ok(client.get(f"/api/v1/events/{event}/stats", **as_org))
    ok(client.delete(f"/api/v1/registrations/{guests[0]['id']}?token={secret}"))


def test_real_responses_match_their_schemas(client, organiser, checked_responses):
    walk_account_operations(client)
    walk_programme_operations(client, organiser)
    walk_registration_operations(client, organiser)
    spec = document()
    successes = {(path, method, int(status))
                 for path, item in spec["paths"].items()
                 for method, operation in item.items()
                 for status in operation["responses"] if status.startswith("2")}
    assert successes <= checked_responses.seen


def test_error_responses_match_the_envelope(client, organiser, checked_responses):
    event = new_event(client, organiser)["id"]
    venue = ok(client.post("/api/v1/venues", json=TBILISI, headers=organiser.headers),
               201)["id"]
    first = ok(new_session(client, organiser, event, venue), 201)["id"]
    assert error_of(new_session(client, organiser, event, venue),
                    409)["conflicting_session_id"] == first
    error_of(client.get("/api/v1/sessions/424242"), 404)
    error_of(client.get("/api/v1/sessions?kind=party"), 400)
    error_of(client.post("/api/v1/venues", json={}, headers=organiser.headers), 422)
    error_of(client.post("/api/v1/venues", data="x", headers=organiser.headers), 415)
    error_of(client.post("/api/v1/venues", json=TBILISI), 401)
    statuses = {status for _, _, status in checked_responses.seen}
    assert {400, 401, 404, 409, 415, 422} <= statuses


def test_translations_are_documented_for_each_kind():
    schemas = document()["components"]["schemas"]
    for body, texts, fields in (("NewEvent", "EventTexts", {"title", "description"}),
                                ("NewFilm", "FilmTexts", {"title", "synopsis"})):
        taken = schemas[body]["properties"]["translations"]
        assert taken["propertyNames"] == {"enum": ["en", "ru", "ka"]}
        assert taken["additionalProperties"] == {"$ref": f"#/components/schemas/{texts}"}
        assert set(schemas[texts]["properties"]) == fields
        assert schemas[texts]["additionalProperties"] is False
    assert set(schemas["VenueTexts"]["properties"]) == {"name", "address"}
    for shape in ("Event", "Film", "Venue", "Session"):
        assert "translations" in schemas[shape]["required"]
