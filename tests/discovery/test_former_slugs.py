"""After a slug changes, search engines are told only the current address."""
from __future__ import annotations

from scheduler.events.inputs import EventInput
from scheduler.events.services import update_event
from scheduler.transactions import unit_of_work
from tests.discovery.conftest import BASE, head_of
from tests.factories import make_event, make_session, make_venue


def test_sitemap_and_canonical_use_the_current_slug(client, db, owner):
    event = make_event(owner, title="Migration Film Festival", slug="festival")
    make_session(event, make_venue())
    assert "/events/festival<" in client.get("/sitemap.xml").get_data(as_text=True)
    with unit_of_work():
        update_event(event, EventInput.of(event).changed(slug="film-festival-2026"),
                     actor=owner)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"{BASE}/events/film-festival-2026<" in sitemap
    assert f"{BASE}/events/film-festival-2026/timetable<" in sitemap
    assert "/events/festival<" not in sitemap and "/events/festival/" not in sitemap
    head = head_of(client, "/events/festival", follow_redirects=True)
    assert head.canonical == f"{BASE}/events/film-festival-2026"
    assert head.one("og:url") == head.canonical
    timetable = head_of(client, "/events/festival/timetable", follow_redirects=True)
    assert timetable.canonical == f"{BASE}/events/film-festival-2026/timetable"
