from datetime import UTC, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.errors import DomainError, Forbidden, NotFound
from scheduler.events.inputs import EventInput, NewEventInput
from scheduler.events.models import EventKind, EventStatus, SessionStatus
from scheduler.events.services import (
    add_co_organiser,
    cancel_event,
    create_event,
    publish_event,
    update_event,
)
from tests.factories import make_session, make_user, make_venue

NOW = datetime.now(UTC)


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


def test_create_event_is_a_draft_with_a_readable_unique_slug(owner):
    first = create_event(NewEventInput.parse(dict(
        title="Global Migration Film Festival", kind="film_festival")), owner=owner)
    second = create_event(NewEventInput.parse(dict(
        title="Global Migration Film Festival", kind="film_festival")), owner=owner)
    georgian = create_event(NewEventInput.parse(dict(
        title="მიგრაციის კინოფესტივალი", kind="screening")), owner=owner)
    assert first.status is EventStatus.draft and first.kind is EventKind.film_festival
    assert (first.slug, second.slug) == ("global-migration-film-festival",
                                         "global-migration-film-festival-2")
    assert georgian.slug == "migratsiis-kinopestivali"


@pytest.mark.parametrize("values, field", [
    ({"title": ""}, "title"), ({"title": "t" * 301}, "title"), ({"kind": "party"}, "kind"),
    ({"status": "cancelled"}, "status"), ({"status": "secret"}, "status"),
    ({"description": 5}, "description"),
])
def test_bad_event_input(owner, values, field):
    with pytest.raises(DomainError) as refusal:
        create_event(NewEventInput.parse({"title": "Panel", "kind": "panel"} | values),
                     owner=owner)
    assert field in refusal.value.fields


def test_attendees_cannot_create_events(db):
    with pytest.raises(Forbidden):
        create_event(NewEventInput.parse(dict(title="Panel", kind="panel")), owner=make_user())


def test_update_publish_and_cancel(db, owner):
    event = create_event(NewEventInput.parse(dict(title="Panel", kind="panel")), owner=owner)
    update_event(event, EventInput.of(event).changed(
        title="Eastern Partnership Panel", kind="conference"), actor=owner)
    assert (event.title, event.kind) == ("Eastern Partnership Panel", EventKind.conference)
    publish_event(event, actor=owner)
    publish_event(event, actor=owner)
    assert event.status is EventStatus.published
    venue = make_venue()
    past = make_session(event, venue, starts_at=NOW - timedelta(days=3))
    coming = make_session(event, venue, starts_at=NOW + timedelta(days=3))
    cancel_event(event, actor=owner)
    assert event.status is EventStatus.cancelled
    assert (past.status, coming.status) == (SessionStatus.scheduled, SessionStatus.cancelled)
    assert coming.sequence == 1
    with pytest.raises(DomainError) as refusal:
        publish_event(event, actor=owner)
    assert refusal.value.code == "event_cancelled"


def test_update_refuses_unknown_fields(owner):
    event = create_event(NewEventInput.parse(dict(title="Panel", kind="panel")), owner=owner)
    with pytest.raises(DomainError) as refusal:
        update_event(event, EventInput.of(event).changed(owner_id=99), actor=owner)
    assert "owner_id" in refusal.value.fields


def test_co_organisers(db, owner):
    event = create_event(NewEventInput.parse(dict(title="Panel", kind="panel")), owner=owner)
    colleague = make_user(role=Role.organiser, email="colleague@example.org")
    add_co_organiser(event, email="Colleague@Example.org", actor=owner)
    add_co_organiser(event, email="colleague@example.org", actor=owner)
    assert event.co_organisers == [colleague]
    renamed = EventInput.of(event).changed(title="Renamed by a colleague")
    update_event(event, renamed, actor=colleague)
    make_user(email="attendee@example.org")
    with pytest.raises(DomainError) as refusal:
        add_co_organiser(event, email="attendee@example.org", actor=owner)
    assert "email" in refusal.value.fields
    with pytest.raises(NotFound):  # a draft, invisible to outsiders
        add_co_organiser(event, email="colleague@example.org",
                         actor=make_user(role=Role.organiser))
    publish_event(event, actor=owner)
    with pytest.raises(Forbidden):
        add_co_organiser(event, email="colleague@example.org",
                         actor=make_user(role=Role.organiser))
