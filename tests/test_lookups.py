"""Pages and the API load what an organiser changes through the same lookups,
so they refuse alike: 404 with one message for what is missing (or a draft the
caller may not see), 403 with one message for someone else's event."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import Event, EventStatus
from tests.api.helpers import caller_with_role, error_of
from tests.factories import make_event, make_registration, make_session, make_user, make_venue

MISSING = 2_000_000_000


@pytest.fixture
def programme(app, db):
    owner = make_user(role=Role.organiser)
    published = make_event(owner)
    draft = make_event(owner, status=EventStatus.draft)
    screening = make_session(published, make_venue())
    registration = make_registration(screening, email="nino@example.org")
    db.session.commit()
    return {"published": published.id, "draft": draft.id, "session": screening.id,
            "registration": registration.id}


def page_text(response, status: int) -> str:
    assert response.status_code == status, response.status_code
    return unescape(response.get_data(as_text=True))


# (page method, page path, API method, API path) for each kind of lookup.
ROUTES = {
    "event": ("GET", "/organise/events/{}", "PATCH", "/api/v1/events/{}"),
    "session": ("GET", "/organise/sessions/{}/attendees", "PATCH", "/api/v1/sessions/{}"),
    "registration": ("POST", "/organise/registrations/{}/approve",
                     "POST", "/api/v1/registrations/{}/approve"),
}


def both(app, kind: str, row_id: int, caller_role: Role = Role.organiser):
    page_method, page_path, api_method, api_path = ROUTES[kind]
    with app.app_context():
        page = app.test_client(user=make_user(role=caller_role))
    api = caller_with_role(app, caller_role)
    return (page.open(page_path.format(row_id), method=page_method),
            app.test_client().open(api_path.format(row_id), method=api_method, json={},
                                   headers=api.headers))


@pytest.mark.parametrize(("kind", "message"), [
    ("event", "There is no such event."),
    ("session", "There is no such session."),
    ("registration", "There is no such registration."),
])
def test_a_missing_row_is_the_same_404_on_pages_and_in_the_api(app, programme, kind, message):
    page, api = both(app, kind, MISSING)
    assert message in page_text(page, 404)
    assert error_of(api, 404)["message"] == message


def test_a_draft_of_someone_else_is_missing_on_pages_and_in_the_api(app, programme):
    page, api = both(app, "event", programme["draft"])
    assert "There is no such event." in page_text(page, 404)
    assert error_of(api, 404)["message"] == "There is no such event."


@pytest.mark.parametrize("kind", ["event", "session", "registration"])
def test_someone_elses_event_is_the_same_403_on_pages_and_in_the_api(app, programme, kind):
    row_id = programme["published" if kind == "event" else kind]
    page, api = both(app, kind, row_id)
    message = "Only this event's organisers can change it."
    assert message in page_text(page, 403)
    assert error_of(api, 403)["message"] == message


def test_who_sees_an_event_is_one_rule_in_python_and_sql(app, db):
    owner = make_user(role=Role.organiser)
    events = {status: make_event(owner, status=status) for status in EventStatus}
    db.session.commit()
    public_in_sql = set(db.session.scalars(sa.select(Event.id).where(Event.is_public)))
    for status, event in events.items():
        assert event.is_public is (status is not EventStatus.draft)
        assert (event.id in public_in_sql) is event.is_public
