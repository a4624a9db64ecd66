"""A programme of the demo's size reads cleanly in all three parsers."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from scheduler.demo import seed_demo
from scheduler.events.models import Event, EventSession, EventStatus
from scheduler.transactions import unit_of_work
from tests.feeds.conftest import feed_text
from tests.feeds.parsers import read_everywhere


def test_demo_programme_subscribes_cleanly(db, client):
    with unit_of_work():
        seed_demo(date.today())
    published = db.session.scalars(sa.select(EventSession.uid).join(Event).where(
        Event.status != EventStatus.draft)).all()
    found = read_everywhere(feed_text(client, "/calendar.ics"))
    assert sorted(r.uid for r in found) == sorted(published) and len(found) > 10
    assert all(r.end > r.start for r in found)
    for slug in db.session.scalars(sa.select(Event.slug).where(
            Event.status != EventStatus.draft)):
        assert read_everywhere(feed_text(client, f"/events/{slug}/calendar.ics"))
