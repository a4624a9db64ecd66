"""Changing an event's slug: the rule, uniqueness, the former slugs kept,
through the service and the organiser's edit form."""
import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.errors import Conflict, DomainError
from scheduler.events.inputs import EventInput, NewEventInput
from scheduler.events.models import Event, EventFormerSlug
from scheduler.events.services import create_event, update_event
from tests.factories import make_event, make_user


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org")


def former_slugs(db) -> dict[str, int]:
    return {row.slug: row.event_id for row in db.session.scalars(sa.select(EventFormerSlug))}


def renamed(event: Event, slug: str, actor) -> Event:
    return update_event(event, EventInput.of(event).changed(slug=slug), actor=actor)


def test_a_new_slug_keeps_the_old_one_as_former(db, owner):
    event = make_event(owner, slug="festival")
    renamed(event, "tbilisi-festival-2026", owner)
    renamed(event, "tbilisi-festival", owner)
    assert event.slug == "tbilisi-festival"
    assert former_slugs(db) == {"festival": event.id, "tbilisi-festival-2026": event.id}


def test_going_back_to_a_former_slug_takes_it_from_the_list(db, owner):
    event = make_event(owner, slug="festival")
    renamed(event, "film-festival", owner)
    renamed(event, "festival", owner)
    assert event.slug == "festival" and former_slugs(db) == {"film-festival": event.id}


def test_an_edit_without_a_slug_keeps_it_even_one_made_before_the_rule(db, owner):
    event = make_event(owner, slug="ai")  # two letters, as a short title once gave
    update_event(event, EventInput.of(event).changed(title="AI and borders"), actor=owner)
    assert event.slug == "ai" and former_slugs(db) == {}


def test_a_slug_another_event_has_is_a_conflict(db, owner):
    make_event(owner, slug="taken")
    event = make_event(owner, slug="mine")
    with pytest.raises(Conflict) as refusal:
        renamed(event, "taken", owner)
    assert refusal.value.code == "slug_taken" and "slug" in refusal.value.fields


def test_taking_another_events_former_slug_moves_that_address(db, owner):
    old = make_event(owner, slug="festival")
    renamed(old, "festival-2025", owner)
    new = make_event(owner, slug="festival-2026")
    renamed(new, "festival", owner)
    assert former_slugs(db) == {"festival-2026": new.id}


@pytest.mark.parametrize("slug", [
    "Festival", "film festival", "film--festival", "-festival", "festival-", "ab",
    "x" * 121, "kinofestivali/2026", "ფესტივალი", "festival_2026", "",
])
def test_slugs_outside_the_rule_are_refused(db, owner, slug):
    event = make_event(owner, slug="festival")
    with pytest.raises(DomainError) as refusal:
        renamed(event, slug, owner)
    assert set(refusal.value.fields) == {"slug"}


def test_made_slugs_avoid_former_ones_so_old_links_keep_leading_home(db, owner):
    first = create_event(NewEventInput.parse(dict(title="Film Festival", kind="panel")),
                         owner=owner)
    renamed(first, "cinema-days", owner)
    second = create_event(NewEventInput.parse(dict(title="Film Festival", kind="panel")),
                          owner=owner)
    assert second.slug == "film-festival-2"
    assert former_slugs(db) == {"film-festival": first.id}


def test_a_new_event_may_be_given_its_slug(db, owner):
    event = create_event(NewEventInput.parse(dict(
        title="Festival", kind="panel", slug="tbilisi-2026")), owner=owner)
    assert event.slug == "tbilisi-2026"
    with pytest.raises(Conflict):
        create_event(NewEventInput.parse(dict(
            title="Other", kind="panel", slug="tbilisi-2026")), owner=owner)


def edit_form(**changes) -> dict:
    return {"title": "Festival", "kind": "film_festival", "description": "",
            "retention_days": "365"} | changes


def test_the_edit_form_changes_the_slug(app, db, owner):
    event = make_event(owner, slug="festival")
    browser = app.test_client(user=owner)
    form = browser.get(f"/organise/events/{event.id}/edit").get_data(as_text=True)
    assert 'name="slug"' in form and 'value="festival"' in form
    response = browser.post(f"/organise/events/{event.id}/edit",
                            data=edit_form(slug="tbilisi-festival"))
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Event, event.id).slug == "tbilisi-festival"
    assert former_slugs(db) == {"festival": event.id}


def test_the_edit_form_explains_a_bad_or_taken_slug(app, db, owner):
    make_event(owner, slug="taken")
    event = make_event(owner, slug="festival")
    browser = app.test_client(user=owner)
    url = f"/organise/events/{event.id}/edit"
    bad = browser.post(url, data=edit_form(slug="Film Festival!"))
    assert bad.status_code == 422
    assert "lower-case Latin letters, digits and single hyphens" in bad.get_data(as_text=True)
    taken = browser.post(url, data=edit_form(slug="taken"))
    assert taken.status_code == 409
    assert "Another event already has the address “taken”" in taken.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Event, event.id).slug == "festival" and former_slugs(db) == {}


def test_the_edit_form_left_as_it_was_keeps_a_short_old_slug(app, db, owner):
    event = make_event(owner, slug="ai")
    browser = app.test_client(user=owner)
    response = browser.post(f"/organise/events/{event.id}/edit",
                            data=edit_form(title="AI", slug="ai"))
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Event, event.id).slug == "ai"


def test_the_new_event_form_makes_the_slug_from_the_title_when_left_empty(app, db, owner):
    browser = app.test_client(user=owner)
    response = browser.post("/organise/events/new", data=edit_form(
        title="მიგრაციის გლობალური კინოფესტივალი 2026", slug="", status="draft"))
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(Event.slug)) == "migratsiis-globaluri-kinopestivali-2026"
