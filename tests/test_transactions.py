"""The unit of work commits once at the end or rolls everything back; a
savepoint undoes only its own part."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler.errors import DomainError
from scheduler.extensions import db
from scheduler.transactions import savepoint, unit_of_work
from scheduler.venues.models import Venue
from tests.factories import make_venue


def venue_names() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(Venue.name)))


def new_venue(name: str) -> None:
    db.session.add(Venue(name=name, city="Batumi", country="GE", timezone="Asia/Tbilisi",
                         capacity=10, address="1 Rustaveli Ave"))
    db.session.flush()


def test_commits_at_the_end(app):
    with app.app_context():
        with unit_of_work():
            new_venue("Apollo")
        assert venue_names() == {"Apollo"}


def test_a_refusal_rolls_back_everything(app):
    with app.app_context():
        with pytest.raises(DomainError), unit_of_work():
            new_venue("Apollo")
            raise DomainError("no")
        assert venue_names() == set()


def test_units_of_work_do_not_nest(app):
    with app.app_context():
        with pytest.raises(RuntimeError), unit_of_work():
            new_venue("Apollo")
            with unit_of_work():
                pass
        assert venue_names() == set()
        with unit_of_work():  # the failed one left nothing open
            new_venue("Rustaveli")
        assert venue_names() == {"Rustaveli"}


def test_a_failed_savepoint_undoes_only_its_own_part(app):
    with app.app_context():
        with unit_of_work():
            new_venue("Apollo")
            with pytest.raises(DomainError), savepoint():
                new_venue("Rustaveli")
                raise DomainError("no")
            new_venue("Kinoteatri")
        assert venue_names() == {"Apollo", "Kinoteatri"}


def test_a_savepoint_first_does_not_commit_early(app):
    """On SQLite a SAVEPOINT as the first statement used to open a transaction
    of its own, which its RELEASE committed: the unit of work's rollback then
    had nothing left to undo."""
    with app.app_context():
        make_venue(name="Stored")
        with pytest.raises(DomainError), unit_of_work():
            with savepoint():
                new_venue("Apollo")
            raise DomainError("no")
        assert venue_names() == {"Stored"}
