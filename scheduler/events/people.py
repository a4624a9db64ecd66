"""People on sessions: speakers, moderators, trainers, and their double bookings."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.events.models import EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.people import services as people
from scheduler.people.inputs import PersonInput
from scheduler.people.models import Person, SessionPerson


@dataclass(frozen=True)
class Clash:
    """A person booked into two sessions that overlap in time."""

    person: Person
    other: EventSession


def add_person(event_session: EventSession, data: PersonInput, *,
               actor: User) -> list[Clash]:
    """Put a person on a session (found by name and affiliation, or created).
    Returns the person's other sessions at the same time: a warning, not a
    refusal, since a moderator may really hop between rooms. Flushes."""
    permissions.require_event_editor(actor, event_session.event)
    person = people.find_or_add(data.name, data.affiliation)
    link = db.session.get(SessionPerson, (event_session.id, person.id))
    if link is None:
        event_session.people.append(SessionPerson(person=person, role=data.role))
    else:
        link.role = data.role
    db.session.flush()
    return [clash for clash in clashes(event_session) if clash.person.id == person.id]


def remove_person(event_session: EventSession, person_id: int, *, actor: User) -> None:
    """Take a person off a session. Removing someone absent is harmless. Flushes."""
    permissions.require_event_editor(actor, event_session.event)
    link = db.session.get(SessionPerson, (event_session.id, person_id))
    if link is not None:
        event_session.people.remove(link)
    db.session.flush()


def clashes(event_session: EventSession) -> list[Clash]:
    """Every other scheduled session that overlaps this one and shares a person."""
    other = sa.orm.aliased(EventSession)
    mine = sa.orm.aliased(SessionPerson)
    theirs = sa.orm.aliased(SessionPerson)
    rows = db.session.execute(
        sa.select(mine.person_id, other)
        .join(theirs, theirs.person_id == mine.person_id)
        .join(other, other.id == theirs.event_session_id)
        .where(mine.event_session_id == event_session.id,
               other.id != event_session.id,
               other.status == SessionStatus.scheduled,
               other.starts_at < event_session.ends_at,
               other.ends_at > event_session.starts_at)
        .order_by(other.starts_at)).all()
    people = {link.person_id: link.person for link in event_session.people}
    return [Clash(people[person_id], session) for person_id, session in rows]
