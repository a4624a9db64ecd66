"""One input model per use case: the API, the forms and the OpenAPI document
all follow it, and its refusals are the same 422 envelope as ever."""
from __future__ import annotations

import pytest

from scheduler.api.openapi import document
from scheduler.errors import DomainError
from scheduler.events.inputs import SessionInput
from scheduler.venues.inputs import VenueInput
from tests.api.helpers import TBILISI, error_of, new_venue, ok


@pytest.mark.parametrize("body, field, problem", [
    ({"capacity": 0}, "capacity", "must be between 1 and 100000"),
    ({"capacity": 1e300}, "capacity", "must be between 1 and 100000"),
    ({"capacity": 2.5}, "capacity", "must be a whole number"),
    ({"capacity": "40"}, "capacity", "must be a whole number"),
    ({"capacity": None}, "capacity", "must not be null"),
    ({"name": ["Amirani"]}, "name", "must be text"),
    ({"name": " "}, "name", "is required"),
    ({"name": "x" * 201}, "name", "must be at most 200 characters"),
    ({"address": "Kostava 36\u0000"}, "address", "must not contain control characters"),
    ({"self": 1}, "self", "unknown field"),
])
def test_model_problems_keep_the_envelope_and_its_words(client, organiser, body, field, problem):
    error = error_of(client.post("/api/v1/venues", json=TBILISI | body,
                                 headers=organiser.headers), 422)
    assert error["code"] == "invalid" and error["fields"] == {field: problem}
    assert error["message"] == f"Please correct: {field} {problem}."


def test_a_patch_is_checked_as_the_merged_whole(client, organiser):
    venue = new_venue(client, organiser)["id"]
    url = f"/api/v1/venues/{venue}"
    for body in ({"self": "x"}, {"capacity": None}, {"country": "ge"}):
        assert "fields" in error_of(client.patch(url, json=body, headers=organiser.headers), 422)
    changed = ok(client.patch(url, json={"address": " Kostava 36\r\n"},
                              headers=organiser.headers))
    assert (changed["address"], changed["name"]) == ("Kostava 36", TBILISI["name"])


def test_problems_are_in_the_readers_language(client, organiser):
    error = error_of(client.post("/api/v1/venues", json=TBILISI | {"capacity": 0}, headers={
        **organiser.headers, "Accept-Language": "ru"}), 422)
    assert error["fields"]["capacity"] == "должно быть от 1 до 100000"


def test_query_strings_are_read_into_their_models(client):
    for query, field in (("limit=0", "limit"), ("venue=2147483648", "venue"),
                         ("from=2026-02-30", "from"), ("kind=party", "kind")):
        error = error_of(client.get(f"/api/v1/sessions?{query}"), 400)
        assert (error["code"], list(error["fields"])) == ("invalid_parameter", [field])
    assert ok(client.get("/api/v1/sessions?limit=&lang=ka&kind="))["items"] == []


def test_a_session_time_is_placed_in_its_venues_zone_by_the_model():
    data = SessionInput.parse({"venue_id": 1, "starts_at": "2026-10-25T02:30",
                               "ends_at": "2026-10-25T04:00"})
    with pytest.raises(DomainError) as twice:
        data.instants("Europe/Amsterdam")
    assert set(twice.value.fields) == {"starts_at"}
    placed = data.changed(starts_at="2026-10-25T02:30+01:00").instants("Europe/Amsterdam")
    assert placed.starts_at.isoformat() == "2026-10-25T01:30:00+00:00"


def test_the_document_is_generated_from_the_models():
    schemas = document()["components"]["schemas"]
    for name, model in (("NewVenue", VenueInput), ("NewSession", SessionInput)):
        assert set(schemas[name]["properties"]) == set(model.model_fields)
        assert schemas[name]["additionalProperties"] is False
    assert schemas["NewSession"]["properties"]["reserved_seats"]["maximum"] == 100_000
    assert "required" not in schemas["SessionChanges"]
    assert schemas["VenueChanges"]["properties"]["changeover_minutes"].get("default") is None


def test_a_form_hands_its_fields_to_the_same_model(organiser_client, client):
    form = TBILISI | {"country": " ge ", "capacity": "40", "online_url": ""}
    assert organiser_client.post("/organise/venues/new", data=form).status_code == 302
    [venue] = ok(client.get("/api/v1/venues"))["items"]
    assert (venue["country"], venue["online_url"], venue["changeover_minutes"]) == ("GE", None, 0)
    refused = organiser_client.post("/organise/venues/new", data=form | {"capacity": "0"})
    assert refused.status_code == 422 and "Must be between 1 and 100000" in refused.text
