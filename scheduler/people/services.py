"""The people sessions name: speakers, moderators, trainers, each kept once."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.people.models import Person
from scheduler.transactions import savepoint


def find_or_add(name: str, affiliation: str) -> Person:
    """The person of that name and affiliation, added if new."""
    found = db.session.scalar(sa.select(Person).where(
        Person.name == name, Person.affiliation == affiliation))
    if found:
        return found
    person = Person(name=name, affiliation=affiliation)
    try:
        with savepoint():
            db.session.add(person)
    except IntegrityError:
        # Someone added the same person a moment ago: use theirs.
        return db.session.execute(sa.select(Person).where(
            Person.name == name, Person.affiliation == affiliation)).scalar_one()
    return person
