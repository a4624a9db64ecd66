"""An event's organisers: listed for its editors, added by email and removed by
its owner or an admin, on the page and through the API alike."""
from __future__ import annotations

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import Event
from tests.factories import make_event, make_token, make_user


@pytest.fixture
def people(db):
    owner = make_user(role=Role.organiser, email="owner@example.org", name="Owner Olga")
    colleague = make_user(role=Role.organiser, email="co@example.org", name="Co Giorgi")
    event = make_event(owner, co_organisers=[colleague])
    return owner, colleague, event


def co_organiser_ids(db, event) -> list[int]:
    db.session.expire_all()
    return [user.id for user in db.session.get(Event, event.id).co_organisers]


def test_the_page_lists_owner_and_co_organisers(app, people):
    owner, _colleague, event = people
    shown = app.test_client(user=owner).get(f"/organise/events/{event.id}/organisers").text
    assert "owner@example.org" in shown and "co@example.org" in shown
    assert "Remove Co Giorgi" in shown and "Remove Owner Olga" not in shown
    assert 'name="email"' in shown


def test_co_organisers_see_the_list_but_may_not_change_it(app, db, people):
    _owner, colleague, event = people
    browser = app.test_client(user=colleague)
    shown = browser.get(f"/organise/events/{event.id}/organisers").text
    assert "owner@example.org" in shown and 'name="email"' not in shown and "Remove" not in shown
    assert browser.post(f"/organise/events/{event.id}/organisers/{colleague.id}/remove"
                        ).status_code == 403
    assert co_organiser_ids(db, event) == [colleague.id]


def test_the_owner_removes_a_co_organiser_who_then_loses_access(app, db, people):
    owner, colleague, event = people
    done = app.test_client(user=owner).post(
        f"/organise/events/{event.id}/organisers/{colleague.id}/remove", follow_redirects=True)
    assert "they can no longer change this event" in done.text
    assert co_organiser_ids(db, event) == []
    assert app.test_client(user=colleague).get(
        f"/organise/events/{event.id}/edit").status_code == 403


def test_the_owner_cannot_be_removed(app, db, people):
    owner, _colleague, event = people
    admin = make_user(role=Role.admin)
    shown = app.test_client(user=admin).post(
        f"/organise/events/{event.id}/organisers/{owner.id}/remove", follow_redirects=True)
    assert "The owner of an event cannot be removed from it." in shown.text
    response = app.test_client().delete(f"/api/v1/events/{event.id}/organisers/{owner.id}",
                                        headers={"Authorization": f"Bearer {make_token(admin)}"})
    assert response.status_code == 409 and response.json["error"]["code"] == "owner_stays"
    assert db.session.get(Event, event.id).owner_id == owner.id


@pytest.mark.parametrize("email, message", [
    ("nobody@example.org", "No account uses “nobody@example.org”."),
    ("attendee@example.org", "has an attendee account: an admin must make it an organiser"),
])
def test_adding_someone_who_cannot_organise_says_why(app, db, people, email, message):
    owner, _colleague, event = people
    make_user(email="attendee@example.org")
    response = app.test_client(user=owner).post(f"/organise/events/{event.id}/organisers",
                                                data={"email": email})
    assert response.status_code == 422 and message in response.text


def test_the_api_lists_adds_and_removes(app, db, people):
    owner, colleague, event = people
    other = make_user(role=Role.organiser, email="other@example.org", name="Another")
    client, as_owner = app.test_client(), {"Authorization": f"Bearer {make_token(owner)}"}
    path = f"/api/v1/events/{event.id}/organisers"
    assert client.get(path, headers=as_owner).json["items"] == [
        {"id": owner.id, "name": "Owner Olga", "email": "owner@example.org", "role": "owner"},
        {"id": colleague.id, "name": "Co Giorgi", "email": "co@example.org",
         "role": "co_organiser"}]
    as_colleague = {"Authorization": f"Bearer {make_token(colleague)}"}
    assert client.post(path, json={"email": other.email},
                       headers=as_colleague).status_code == 403
    assert client.post(path, json={"email": other.email}, headers=as_owner).status_code == 200
    removed = client.delete(f"{path}/{colleague.id}", headers=as_owner)
    assert removed.status_code == 200
    assert [person["id"] for person in removed.json["co_organisers"]] == [other.id]
    # Removing someone who is not there changes nothing.
    assert client.delete(f"{path}/{colleague.id}", headers=as_owner).status_code == 200
    assert co_organiser_ids(db, event) == [other.id]
