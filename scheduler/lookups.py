"""Loading rows by id for a request: missing, or invisible to the user, is 404;
visible but not the user's to change, where they ask to change it, is 403.
Pages and the API load through these alike."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from scheduler.accounts.models import User
from scheduler.errors import NotFound
from scheduler.events.models import Event, EventSession
from scheduler.events.screenings import screenings
from scheduler.extensions import db
from scheduler.films.models import Film
from scheduler.permissions import (
    can_read_registration,
    can_view_event,
    is_organiser,
    require_event_editor,
)
from scheduler.registration import links
from scheduler.registration.models import Registration
from scheduler.registration.questions_models import Question
from scheduler.venues.models import Venue


def visible_event(event_id: int, user: User | None) -> Event:
    return _shown(db.session.get(Event, event_id), user)


def visible_event_by_slug(slug: str, user: User | None) -> Event:
    # PostgreSQL refuses NUL in text; no slug has control characters anyway.
    found = db.session.scalar(sa.select(Event).where(Event.slug == slug)) \
        if slug.isprintable() else None
    return _shown(found, user)


def _shown(event: Event | None, user: User | None) -> Event:
    if event is None or not can_view_event(user, event):
        raise NotFound(_("There is no such event."))
    return event


def editable_event(event_id: int, user: User | None) -> Event:
    """The event if `user` may change it: 404 for a draft they may not see,
    403 for an event they may only see."""
    event = visible_event(event_id, user)
    require_event_editor(user, event)
    return event


# Every use of a session needs its event (to check visibility) and its venue
# (for the time zone): loading them with it makes one query of three.
WITH_EVENT_AND_VENUE = (joinedload(EventSession.event), joinedload(EventSession.venue))


def visible_session(session_id: int, user: User | None) -> EventSession:
    return shown_session(
        db.session.get(EventSession, session_id, options=WITH_EVENT_AND_VENUE), user)


def shown_session(event_session: EventSession | None, user: User | None) -> EventSession:
    """The session if `user` may see it; NotFound if it is missing or hidden."""
    if event_session is None or not can_view_event(user, event_session.event):
        raise NotFound(_("There is no such session."))
    return event_session


def editable_session(session_id: int, user: User | None) -> EventSession:
    """The session if `user` may change its event (404 / 403 as for events)."""
    event_session = visible_session(session_id, user)
    require_event_editor(user, event_session.event)
    return event_session


def managed_registration(registration_id: int, user: User | None) -> Registration:
    """A registration if `user` organises its event (404 / 403 as for events)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise NotFound(_("There is no such registration."))
    require_event_editor(user, registration.event_session.event)
    return registration


def readable_registration(registration_id: int, secret: str,
                          user: User | None) -> Registration:
    """A registration for whoever has its secret link, its signed-in attendee
    and its event's organisers; for anyone else there is none (404, never
    telling a wrong secret from a missing row)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not (links.matches(registration, secret)
                                    or can_read_registration(user, registration)):
        raise NotFound(_("There is no such registration, or the link is not valid."))
    return registration


def editable_question(question_id: int, user: User | None) -> Question:
    """A registration question if `user` organises its event (404 / 403 as for events)."""
    question = db.session.get(Question, question_id)
    if question is None or not can_view_event(user, question.event):
        raise NotFound(_("There is no such question."))
    require_event_editor(user, question.event)
    return question


def venue(venue_id: int) -> Venue:
    found = db.session.get(Venue, venue_id)
    if found is None:
        raise NotFound(_("There is no such venue."))
    return found


def visible_film(film_id: int, user: User | None) -> tuple[Film, list[EventSession]]:
    """A film and its screenings `user` may see. The catalogue is the organisers';
    anyone else sees a film only through a screening they may see, so a draft
    programme's films stay hidden with it."""
    found = db.session.get(Film, film_id, options=[joinedload(Film.poster)])
    shown = screenings(film_id, user) if found else []
    if found is None or not (shown or is_organiser(user)):
        raise NotFound(_("There is no such film."))
    return found, shown


def film(film_id: int) -> Film:
    found = db.session.get(Film, film_id)
    if found is None:
        raise NotFound(_("There is no such film."))
    return found
