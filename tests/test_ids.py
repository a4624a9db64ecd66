"""Ids past the database's integer range, in any URL or query, are unknown ids:
never a 500 from a database that cannot hold them."""
from __future__ import annotations

import re

import pytest
from werkzeug.routing.converters import NumberConverter

from scheduler.accounts.models import Role
from scheduler.ids import MAX_ID
from tests.factories import make_event, make_session, make_user, make_venue

# Past PostgreSQL's integer, past SQLite's (and Python's C) 64-bit one, and zero.
OUT_OF_RANGE = ("0", str(MAX_ID + 1), str(2**63), "99999999999999999999")
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def id_routes(app) -> list[tuple[str, str]]:
    """(method, rule) for every route with an id in its path."""
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if re.search(r"<int:", rule.rule)
                  for method in rule.methods - SKIPPED_METHODS)


def test_no_route_takes_an_unbounded_number(app):
    assert len({rule for _, rule in id_routes(app)}) >= 40  # pages, feeds and the API
    for rule in app.url_map.iter_rules():
        for converter in rule._converters.values():
            assert not isinstance(converter, NumberConverter), rule.rule


def test_ids_out_of_range_are_404_on_every_route(app, admin_client):
    for method, rule in id_routes(app):
        for value in OUT_OF_RANGE:
            path = re.sub(r"<int:\w+>", value, rule)
            response = admin_client.open(path, method=method, json={})
            assert response.status_code == 404, (method, path, response.status_code)
            if path.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("value", (*OUT_OF_RANGE[1:], "-1", "1e3", "٣"))
def test_a_programme_feed_of_a_venue_out_of_range_is_an_unknown_venue(app, db, client, value):
    make_session(make_event(make_user(role=Role.organiser)), make_venue())
    db.session.commit()
    assert b"BEGIN:VEVENT" in client.get("/calendar.ics").data
    # As a venue that is gone: an empty calendar, so a subscription never breaks.
    response = client.get("/calendar.ics", query_string={"venue": value})
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert b"BEGIN:VCALENDAR" in response.data and b"BEGIN:VEVENT" not in response.data


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_api_venue_filter_out_of_range_is_refused(client, value):
    response = client.get("/api/v1/sessions", query_string={"venue": value})
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["venue"]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_programme_venue_filter_out_of_range_is_off(client, value):
    response = client.get("/programme", query_string={"venue": value})
    assert response.status_code == 200
    assert "that filter is off" in response.get_data(as_text=True)
