"""Shape checks every endpoint shares: JSON bodies, field types, sizes, paging."""
import pytest

from tests.api.helpers import TBILISI, error_of, new_venue, ok


def test_wrong_content_type_is_415(client, organiser):
    response = client.post("/api/v1/venues", data="name=Amirani",
                           content_type="application/x-www-form-urlencoded",
                           headers=organiser.headers)
    assert error_of(response, 415)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body", [
    "{not json", "", "[1, 2]", '"a string"', "null", '{"capacity": NaN}',
    "[" * 100_000 + "]" * 100_000, b"\xff\xfe{}",
])
def test_malformed_json_or_not_an_object_is_400(client, organiser, body):
    response = client.post("/api/v1/venues", data=body, content_type="application/json",
                           headers=organiser.headers)
    assert error_of(response, 400)["code"] == "bad_request"


def test_unknown_fields_are_422_naming_them(client, organiser):
    response = client.post("/api/v1/venues", json=TBILISI | {"seats": 3, "owner_id": 1},
                           headers=organiser.headers)
    error = error_of(response, 422)
    assert error["fields"] == {"owner_id": "unknown field", "seats": "unknown field"}


@pytest.mark.parametrize("changes, field", [
    ({"capacity": "many"}, "capacity"), ({"capacity": 1.5}, "capacity"),
    ({"capacity": True}, "capacity"), ({"capacity": None}, "capacity"),
    ({"capacity": 10**30}, "capacity"), ({"name": None}, "name"),
    ({"name": 12}, "name"), ({"name": ["a"]}, "name"), ({"city": {"a": 1}}, "city"),
    ({"name": "nul\x00"}, "name"), ({"name": "   "}, "name"),
    ({"online_url": 5}, "online_url"), ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": "posixrules"}, "timezone"), ({"country": "XX"}, "country"),
    ({"country": "ge"}, "country"), ({"online_url": "javascript:alert(1)"}, "online_url"),
])
def test_wrong_types_are_422_with_fields(client, organiser, changes, field):
    response = client.post("/api/v1/venues", json=TBILISI | changes, headers=organiser.headers)
    assert field in error_of(response, 422)["fields"]


def test_lone_surrogates_are_422_not_a_database_error(client, organiser):
    body = ('{"name": "\\ud800", "city": "Tbilisi", "country": "GE", '
            '"timezone": "Asia/Tbilisi", "capacity": 4}')
    response = client.post("/api/v1/venues", data=body, content_type="application/json",
                           headers=organiser.headers)
    assert "name" in error_of(response, 422)["fields"]


def test_missing_required_fields_are_all_named(client, organiser):
    error = error_of(client.post("/api/v1/venues", json={}, headers=organiser.headers), 422)
    assert set(error["fields"]) == {"name", "city", "country", "timezone", "capacity"}


def test_a_whole_float_is_an_integer(client, organiser):
    assert new_venue(client, organiser, capacity=40.0)["capacity"] == 40


def test_body_over_the_limit_is_413(client, organiser):
    huge = TBILISI | {"name": "x" * (10 * 1024 * 1024)}
    response = client.post("/api/v1/venues", json=huge, headers=organiser.headers)
    assert error_of(response, 413)["code"] == "too_large"


def test_unknown_route_and_method_are_envelopes(client):
    assert error_of(client.get("/api/v1/nothing"), 404)["code"] == "not_found"
    assert error_of(client.get("/api/v1/venues/0"), 404)["code"] == "not_found"
    assert error_of(client.get("/api/v1/venues/99999999999999"), 404)["code"] == "not_found"
    response = client.delete("/api/v1/venues")
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_pages_follow_next_links(client, organiser):
    for number in range(5):
        new_venue(client, organiser, name=f"Hall {number}")
    first = ok(client.get("/api/v1/venues?limit=2"))
    assert [v["name"] for v in first["items"]] == ["Hall 0", "Hall 1"]
    assert first["next"].endswith("/api/v1/venues?limit=2&page=2")
    second = ok(client.get(first["next"]))
    third = ok(client.get(second["next"]))
    assert [v["name"] for v in second["items"] + third["items"]] == [
        "Hall 2", "Hall 3", "Hall 4"]
    assert third["next"] is None
    assert ok(client.get("/api/v1/venues?page=9")) == {"items": [], "next": None}
    assert len(ok(client.get("/api/v1/venues"))["items"]) == 5


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"),
    ("limit=1.5", "limit"), ("page=0", "page"), ("page=-1", "page"),
    ("page=99999999999999999999", "page"),
])
def test_bad_paging_is_400_naming_the_parameter(client, query, field):
    error = error_of(client.get(f"/api/v1/venues?{query}"), 400)
    assert error["code"] == "invalid_parameter" and field in error["fields"]
    assert field in error["message"]
