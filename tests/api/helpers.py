"""Calling the API as integrators do: JSON in, JSON out, bearer tokens."""
from __future__ import annotations

from dataclasses import dataclass

from scheduler.accounts.models import Role
from tests.factories import make_token, make_user

TBILISI = {"name": "Amirani Cinema", "city": "Tbilisi", "country": "GE",
           "timezone": "Asia/Tbilisi", "capacity": 40}


@dataclass(frozen=True)
class Caller:
    """A user id and the headers that authenticate as them."""

    user_id: int
    headers: dict


def caller_with_role(app, role: Role, **user) -> Caller:
    with app.app_context():
        account = make_user(role=role, **user)
        return Caller(account.id, {"Authorization": f"Bearer {make_token(account)}"})


def error_of(response, status: int) -> dict:
    """The error envelope of a response, after checking its status."""
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def new_venue(client, caller: Caller, **changes) -> dict:
    return ok(client.post("/api/v1/venues", json=TBILISI | changes, headers=caller.headers),
              201)


def new_event(client, caller: Caller, **changes) -> dict:
    body = {"title": "Tbilisi Human Rights Film Festival", "kind": "film_festival",
            "status": "published"} | changes
    return ok(client.post("/api/v1/events", json=body, headers=caller.headers), 201)


def new_session(client, caller: Caller, event_id: int, venue: int, **changes):
    body = {"venue_id": venue, "starts_at": "2027-12-14T19:00",
            "ends_at": "2027-12-14T21:00"} | changes
    return client.post(f"/api/v1/events/{event_id}/sessions", json=body,
                       headers=caller.headers)
