"""Migration 0013_confirm (guest email confirmation), and those before it back
to 0010, keep every row both ways: on SQLite 0013 rebuilds the registration and
event tables, whose old copies are dropped without cascading into the rows that
refer to them."""
from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from scheduler import extensions
from scheduler.accounts.models import Role
from scheduler.registration.models import Invitation
from tests.factories import booked, make_event, make_session, make_user, make_venue
from tests.test_migrations import empty_app  # noqa: F401  (the fixture)


def counts() -> tuple:
    db = extensions.db
    rows = [db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            for table in ("event", "event_session", "registration", "invitation")]
    return (*rows, db.session.scalar(sa.text("SELECT registration_id FROM invitation")))


def test_downgrade_and_upgrade_keep_registrations_and_what_refers_to_them(empty_app):
    db = extensions.db
    upgrade()
    owner = make_user(role=Role.organiser)
    event_session = make_session(make_event(owner), make_venue())
    registration = booked(event_session, email="nino@example.org").registration
    db.session.add(Invitation(event_session_id=event_session.id, email="nino@example.org",
                              token_hash="0" * 64, registration_id=registration.id))
    db.session.commit()
    before = counts()
    assert before == (1, 1, 1, 1, registration.id)
    db.session.close()
    downgrade(revision="0010")
    assert counts() == before
    db.session.close()
    upgrade()
    assert counts() == before
    assert db.session.scalar(sa.text("SELECT status_revision FROM registration")) == 1
    db.session.execute(sa.text("UPDATE registration SET status = 'cancelled'"))
    # 0008's trigger, kept through the rebuilds, still counts status changes.
    assert db.session.scalar(sa.text("SELECT status_revision FROM registration")) == 2
    db.session.rollback()
