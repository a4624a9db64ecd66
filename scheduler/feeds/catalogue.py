"""The feeds there are, each a Feed: what it is called and which sessions it
holds. A programme filter naming nothing that exists (any more: a renamed
city, a deleted venue) gives an empty calendar, never an error, so a
subscription keeps working; a missing event, venue or session page is a 404.
"""
from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import gettext as _

from scheduler.accounts.models import User
from scheduler.errors import DomainError, NotFound
from scheduler.events.models import Event, EventKind, EventSession
from scheduler.extensions import db
from scheduler.feeds.models import SCOPES, Scope
from scheduler.feeds.selection import NOTHING, Feed
from scheduler.ical.vevent import summary
from scheduler.ids import parse_id
from scheduler.languages import CHOICE_ARG, LANGUAGES, LONGEST_CODE
from scheduler.localised import localised
from scheduler.venues.models import Venue

PROGRAMME_FILTERS = ("kind", "city", "venue", "event")


class BadFeedFilter(DomainError):
    status = 400
    code = "bad_filter"


def feed_language(args: Mapping[str, str]) -> str | None:
    """The language a feed's texts are asked in (?lang=), None: as first
    written. An unknown one is refused, not ignored: a subscription must not
    quietly show another language than the one its address names."""
    code = args.get(CHOICE_ARG)
    if code in (None, ""):
        return None
    if code not in LANGUAGES:
        expected = _("one of %(codes)s", codes=", ".join(LANGUAGES))
        raise BadFeedFilter(_("Unknown language “%(code)s”: %(expected)s.",
                              code=code[:LONGEST_CODE], expected=expected),
                            fields={CHOICE_ARG: expected})
    return code


def programme_feed(args: Mapping[str, str]) -> Feed:
    """The published programme, narrowed by kind, city, venue (id) or event
    (slug), in the language of ?lang=."""
    language = feed_language(args)
    filters, labels, key = [], [], []
    for name in PROGRAMME_FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if not value.isprintable():
            raise _refused(name, value, _("use plain text without control characters"))
        pair, label = FILTERS[name](value, language)
        filters.append(pair)
        labels.append(label)
        key.append(f"{name}={value}")
    suffix = f": {', '.join(labels)}" if labels else ""
    return Feed(key="programme?" + "&".join(key), name=f"Programme{suffix}",
                description="Published sessions" + (f" ({', '.join(labels)})" if labels
                                                     else ", every event and venue"),
                filters=tuple(filters), language=language, scopes=_scopes(filters))


def _scopes(filters: list[tuple[str, object]]) -> tuple[Scope, ...]:
    """A programme narrowed to an event or a venue shows only changes to it.
    One that names nothing may come to hold sessions by any change, and one
    narrowed by kind or city alone by a change to any event or venue."""
    if any(name == NOTHING for name, _ in filters):
        return ()
    return tuple((name, value) for name, value in filters
                 if name in SCOPES and isinstance(value, int))


def _refused(name: str, value: str, expected: str) -> BadFeedFilter:
    return BadFeedFilter(_("Unknown %(name)s “%(value)s”: %(expected)s.", name=name,
                           value=value, expected=expected), fields={name: expected})


# The feed's filter (name, value) and how its name shows it.
Found = tuple[tuple[str, object], str]


def _kind(value: str, _language: str | None) -> Found:
    try:
        kind = EventKind(value)
    except ValueError:
        return _nothing(value)
    return ("kind", kind), kind.label


def _city(value: str, _language: str | None) -> Found:
    if db.session.scalar(sa.select(Venue.id).where(Venue.city == value).limit(1)) is None:
        return _nothing(value)
    return ("city", value), value


def _venue(value: str, language: str | None) -> Found:
    venue_id = parse_id(value)
    venue = db.session.get(Venue, venue_id) if venue_id else None
    if venue is None:
        return _nothing(value)
    return ("venue", venue.id), localised(venue, "name", language)


def _event(value: str, language: str | None) -> Found:
    event = _public_event(value)
    if event is None:
        return _nothing(value)
    return ("event", event.id), localised(event, "title", language)


def _nothing(value: str) -> Found:
    """A value that matches no session now; the calendar stays, empty."""
    return (NOTHING, True), value


FILTERS = {"kind": _kind, "city": _city, "venue": _venue, "event": _event}


def _public_event(slug: str) -> Event | None:
    # PostgreSQL refuses NUL in text; no slug has control characters anyway.
    if not slug.isprintable():
        return None
    return db.session.scalar(sa.select(Event).where(
        Event.slug == slug, Event.is_public))


def event_feed(slug: str, args: Mapping[str, str]) -> Feed:
    language = feed_language(args)
    event = _public_event(slug)
    if event is None:
        raise NotFound(_("There is no such event."))
    title = localised(event, "title", language)
    return Feed(key=f"event/{event.id}", name=title,
                description=localised(event, "description", language)
                or f"Sessions of {title}",
                filters=(("event", event.id),), language=language,
                scopes=(("event", event.id),))


def venue_feed(venue_id: int, args: Mapping[str, str]) -> Feed:
    language = feed_language(args)
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise NotFound(_("There is no such venue."))
    place = f"{localised(venue, 'name', language)}, {venue.city}"
    return Feed(key=f"venue/{venue.id}", name=place,
                description=f"Published sessions at {place}",
                filters=(("venue", venue.id),), language=language,
                scopes=(("venue", venue.id),))


def session_feed(session_id: int, args: Mapping[str, str]) -> Feed:
    """One session of a published (or cancelled) event."""
    language = feed_language(args)
    event_session = db.session.get(EventSession, session_id)
    if event_session is None or not event_session.event.is_public:
        raise NotFound(_("There is no such session."))
    title = summary(event_session, language)
    return Feed(key=f"session/{session_id}", name=title,
                description=f"{title} ({localised(event_session.event, 'title', language)})",
                filters=(("session", session_id),), language=language,
                keeps_old_cancellations=True, keeps_past=True,
                # Every change to a session, its venue or film bumps its event.
                scopes=(("event", event_session.event_id),))


def agenda_feed(user: User, args: Mapping[str, str]) -> Feed:
    return Feed(key=f"agenda/{user.id}", name=f"{user.name}: my sessions",
                language=feed_language(args),
                description="The sessions you registered for; waitlisted and "
                            "unconfirmed ones are marked tentative, cancelled ones "
                            "cancelled for a while",
                agenda_user_id=user.id, keeps_past=True, public=False)
