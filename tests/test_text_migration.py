"""Migration 0010 cleans text stored before input refused control characters
and line breaks, on every backend. The old rows are written by today's models
(later migrations add columns 0009's schema lacks), then the schema is taken
back to 0009's: its downgrade keeps the text as it is."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from scheduler import extensions
from scheduler.accounts.models import Role
from scheduler.events.models import EventSession
from scheduler.films.models import Film
from scheduler.people.models import Person, PersonRole, SessionPerson
from scheduler.registration.models import Invitation
from tests.factories import make_event, make_registration, make_session, make_user, make_venue
from tests.test_migrations import empty_app  # noqa: F401  (the fixture)

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def old_rows(db) -> dict:
    owner = make_user(role=Role.organiser, name="Olga\r\nOwner\x1b")
    event = make_event(owner, title="Festival\r\n\x07", description="One\r\ntwo\x1b\tthree\x85")
    venue = make_venue(name="\x01Amirani\nCinema", city="Tbilisi\x7f",
                       address="36 Kostava St\r\nFloor 2\x0c",
                       online_url="https://meet.example.org/a\r\nX-A:1")
    screening = make_session(event, venue, title="\x1b\x1b")
    registration = make_registration(screening, email="nino@example.org", name="Nino\u2028B.")
    nameless = make_registration(screening, email="anna@example.org", name="\x1b\x07")
    film = Film(title="Flee\x9b", runtime_minutes=89, director="Jonas\nRasmussen",
                synopsis="Amin\r\ntells\x02")
    clean, dirty = Person(name="Amin Nawabi", affiliation=""), Person(name="Amin\nNawabi",
                                                                      affiliation="\x1b")
    db.session.add_all([film, clean, dirty, Invitation(
        event_session=screening, email="tamar@example.org", name="Tamar\x07",
        token_hash="0" * 64)])
    db.session.flush()
    db.session.add(SessionPerson(event_session_id=screening.id, person_id=dirty.id,
                                 role=PersonRole.speaker))
    plain = make_session(event, venue, starts_at=LONG_AGO, title="Plain")
    db.session.commit()
    db.session.execute(sa.update(EventSession).values(updated_at=LONG_AGO)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return {"owner": owner.id, "event": event.id, "venue": venue.id,
            "screening": screening.id, "plain": plain.id, "registration": registration.id,
            "nameless": nameless.id,
            "film": film.id, "clean": clean.id, "dirty": dirty.id}


def test_upgrade_cleans_old_rows(empty_app):
    db = extensions.db
    # Written through today's models, then taken back to 0009 (which keeps
    # the text as it is), so that columns added later need no care here.
    upgrade()
    ids = old_rows(db)
    db.session.close()
    downgrade(revision="0009")
    upgrade()

    def row(table: str, key: str, *columns: str) -> tuple:
        return tuple(db.session.execute(sa.text(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id = :id"), {"id": ids[key]}).one())

    assert row("user_account", "owner", "name") == ("Olga Owner",)
    assert row("event", "event", "title", "description") == ("Festival", "One\ntwo\tthree")
    assert row("venue", "venue", "name", "city", "address", "online_url") == (
        "Amirani Cinema", "Tbilisi", "36 Kostava St\nFloor 2",
        "https://meet.example.org/a X-A:1")
    assert row("event_session", "screening", "title") == ("",)
    assert row("registration", "registration", "name") == ("Nino B.",)
    assert row("registration", "nameless", "name") == ("-",)  # a name is required
    assert row("film", "film", "title", "director", "synopsis") == (
        "Flee", "Jonas Rasmussen", "Amin\ntells")
    assert db.session.scalars(sa.select(Invitation.name)).all() == ["Tamar"]
    # The dirty Amin was the clean one: merged, his session kept.
    assert db.session.execute(sa.select(Person.id, Person.name, Person.affiliation)).all() == [
        (ids["clean"], "Amin Nawabi", "")]
    assert db.session.execute(sa.select(SessionPerson.event_session_id,
                                        SessionPerson.person_id)).all() == [
        (ids["screening"], ids["clean"])]
    # Rows cleaned have a new revision, so cached VEVENTs are rebuilt; the rest keep theirs.
    stamps = dict(db.session.execute(sa.select(EventSession.id, EventSession.updated_at)).all())
    assert stamps[ids["plain"]] == LONG_AGO and stamps[ids["screening"]] > LONG_AGO
