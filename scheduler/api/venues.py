"""Venues: a shared list anyone may read and organisers add to."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from scheduler import lookups, permissions
from scheduler.api.auth import signed_in
from scheduler.api.fields import Choice, Integer, Spec, Text
from scheduler.api.json import PAGING, created, listing, paged, read_body, read_query
from scheduler.api.queries import venues
from scheduler.api.serializers import venue_json
from scheduler.timezones import NOT_A_VENUE_ZONE, VENUE_ZONES
from scheduler.validation import COUNTRY_CODES
from scheduler.venues import services
from scheduler.venues.models import Venue
from scheduler.venues.services import MAX_CAPACITY, MAX_CHANGEOVER_MINUTES, VenueInput

VENUE_FIELDS: Spec = {
    "name": Text(Venue.name.type.length, required=True),
    "city": Text(Venue.city.type.length, required=True),
    "country": Choice(tuple(sorted(COUNTRY_CODES)), required=True,
                      problem=_l("must be an ISO 3166-1 alpha-2 code in capitals, "
                                 "such as GE")),
    "timezone": Choice(tuple(sorted(VENUE_ZONES)), required=True,
                       problem=NOT_A_VENUE_ZONE),
    "capacity": Integer(1, MAX_CAPACITY, required=True),
    "address": Text(Venue.address.type.length),
    "online_url": Text(Venue.online_url.type.length, nullable=True,
                       description="http(s) address of an online room."),
    "changeover_minutes": Integer(0, MAX_CHANGEOVER_MINUTES,
                                  description="Minutes to keep free after each session."),
}


def venue_index() -> ResponseReturnValue:
    page = paged(venues(), read_query(PAGING))
    return listing([venue_json(venue) for venue in page.rows], page)


def venue_detail(venue_id: int) -> ResponseReturnValue:
    return jsonify(venue_json(lookups.venue(venue_id)))


def venue_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    body = read_body(VENUE_FIELDS)
    venue = services.create_venue(VenueInput(**body), actor=user)
    return created(venue_json(venue), url_for("api.venue_detail", venue_id=venue.id))


def venue_update(venue_id: int) -> ResponseReturnValue:
    user = signed_in()
    venue = lookups.venue(venue_id)
    permissions.require_venue_editor(user, venue)
    changes = read_body(VENUE_FIELDS, partial=True)
    services.update_venue(venue, VenueInput.of(venue).changed(**changes), actor=user)
    return jsonify(venue_json(venue))
