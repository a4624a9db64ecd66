from datetime import UTC, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.errors import DomainError, Forbidden
from scheduler.venues.inputs import VenueInput
from scheduler.venues.services import create_venue, update_venue
from tests.factories import make_event, make_session, make_user

TBILISI = VenueInput(name="Amirani Cinema", city="Tbilisi", country="GE",
                     timezone="Asia/Tbilisi", capacity=40)
SOON = datetime.now(UTC) + timedelta(days=5)


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser)


def test_create_venue_normalises_and_remembers_who(organiser):
    venue = create_venue(TBILISI.changed(name="  Amirani Cinema "), actor=organiser)
    assert (venue.name, venue.country, venue.created_by_id) == (
        "Amirani Cinema", "GE", organiser.id)


@pytest.mark.parametrize("changes, field", [
    ({"timezone": "Mars/Olympus"}, "timezone"), ({"timezone": "posixrules"}, "timezone"),
    ({"country": "XX"}, "country"), ({"country": "GEO"}, "country"),
    ({"capacity": 0}, "capacity"), ({"capacity": -3}, "capacity"),
    ({"capacity": "forty"}, "capacity"), ({"capacity": True}, "capacity"),
    ({"changeover_minutes": -1}, "changeover_minutes"),
    ({"online_url": "javascript:alert(1)"}, "online_url"), ({"name": ""}, "name"),
    ({"name": "x" * 10_000_000}, "name"), ({"city": None}, "city"),
])
def test_bad_venue_input(organiser, changes, field):
    with pytest.raises(DomainError) as refusal:
        create_venue(TBILISI.changed(**changes), actor=organiser)
    assert field in refusal.value.fields


def test_only_organisers_create_and_only_the_creator_or_admin_edit(db, organiser):
    with pytest.raises(Forbidden):
        create_venue(TBILISI, actor=make_user())
    venue = create_venue(TBILISI, actor=organiser)
    with pytest.raises(Forbidden):
        update_venue(venue, TBILISI.changed(capacity=50), actor=make_user(role=Role.organiser))
    admin = make_user(role=Role.admin)
    assert update_venue(venue, TBILISI.changed(capacity=50), actor=admin).capacity == 50


def test_capacity_and_zone_changes_must_keep_sessions_possible(db, organiser):
    venue = create_venue(TBILISI, actor=organiser)
    make_session(make_event(organiser), venue, starts_at=SOON, capacity=40)
    with pytest.raises(DomainError) as refusal:
        update_venue(venue, TBILISI.changed(capacity=30), actor=organiser)
    assert refusal.value.code == "capacity_below_sessions"
    with pytest.raises(DomainError) as refusal:
        update_venue(venue, TBILISI.changed(timezone="Europe/Minsk"), actor=organiser)
    assert refusal.value.code == "venue_in_use"


def test_a_longer_changeover_moves_busy_ranges_or_is_refused(db, organiser):
    venue = create_venue(TBILISI, actor=organiser)
    event = make_event(organiser)
    first = make_session(event, venue, starts_at=SOON, hours=2)
    make_session(event, venue, starts_at=SOON + timedelta(hours=2, minutes=30))
    update_venue(venue, TBILISI.changed(changeover_minutes=30), actor=organiser)
    assert first.blocked_until == first.ends_at + timedelta(minutes=30)
    with pytest.raises(DomainError) as refusal:
        update_venue(venue, TBILISI.changed(changeover_minutes=31), actor=organiser)
    assert refusal.value.code == "venue_conflict"
    db.session.expire_all()
    assert venue.changeover_minutes == 30
