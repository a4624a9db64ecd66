"""Venues: a shared list anyone may read and organisers add to."""
from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from scheduler import lookups, permissions
from scheduler.api.auth import signed_in
from scheduler.api.json import Paging, created, listing, paged, read_body, read_changes, read_query
from scheduler.api.queries import venues
from scheduler.api.serializers import venue_json
from scheduler.transactions import unit_of_work
from scheduler.venues import services
from scheduler.venues.inputs import VenueInput


def venue_index() -> ResponseReturnValue:
    page = paged(venues(), read_query(Paging))
    return listing([venue_json(venue) for venue in page.rows], page)


def venue_detail(venue_id: int) -> ResponseReturnValue:
    return jsonify(venue_json(lookups.venue(venue_id)))


def venue_create() -> ResponseReturnValue:
    user = signed_in()
    permissions.require_organiser(user)
    data = read_body(VenueInput)
    with unit_of_work():
        venue = services.create_venue(data, actor=user)
    return created(venue_json(venue), url_for("api.venue_detail", venue_id=venue.id))


def venue_update(venue_id: int) -> ResponseReturnValue:
    user = signed_in()
    venue = lookups.venue(venue_id)
    permissions.require_venue_editor(user, venue)
    data = read_changes(VenueInput.of(venue))
    with unit_of_work():
        services.update_venue(venue, data, actor=user)
    return jsonify(venue_json(venue))
