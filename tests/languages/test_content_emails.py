"""Emails name the session, its event and its venue in the registration's
language, falling back to the texts as first written; the calendar attached
is in that language too."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.films.models import Film
from scheduler.mail.models import OutboxMessage
from scheduler.registration.models import Registration
from tests.factories import _saved, booked, make_event, make_session, make_user, make_venue
from tests.outbox import rendered_outbox


def test_a_georgian_registration_gets_georgian_titles(db):
    owner = make_user(role=Role.organiser, email="owner@example.org")
    festival = make_event(owner, title="Migration Film Festival", translations={
        "ka": {"title": "მიგრაციის კინოფესტივალი"}})
    hall = make_venue(name="Amirani Cinema", translations={"ka": {"name": "კინო ამირანი"}})
    film = _saved(Film(title="Flee", runtime_minutes=90,
                       translations={"ka": {"title": "გაქცევა"}, "ru": {"title": "Бегство"}}))
    screening = make_session(festival, hall, film=film)
    booked(screening, name="Nino", email="nino@example.org")
    booked(screening, name="Olga", email="olga@example.org")
    languages = {"nino@example.org": "ka", "olga@example.org": "ru"}
    for registration in db.session.scalars(sa.select(Registration)):
        registration.language = languages[registration.email]
    db.session.commit()
    [georgian] = rendered_outbox(db, OutboxMessage.recipient == "nino@example.org")
    assert "გაქცევა" in georgian.subject
    assert "მიგრაციის კინოფესტივალი" in georgian.body and "კინო ამირანი" in georgian.body
    assert "SUMMARY:გაქცევა" in georgian.calendar
    [russian] = rendered_outbox(db, OutboxMessage.recipient == "olga@example.org")
    # No Russian title for the event or venue: as first written.
    assert "Бегство" in russian.subject and "Migration Film Festival" in russian.body
    assert "Amirani Cinema" in russian.body
