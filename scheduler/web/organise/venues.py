"""Organiser pages for venues: shared by everyone, changed by whoever added one."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups, permissions
from scheduler.errors import DomainError
from scheduler.timezones import VENUE_ZONES
from scheduler.transactions import unit_of_work
from scheduler.venues import services
from scheduler.venues.models import Venue
from scheduler.web.forms.support import show_refusal
from scheduler.web.forms.venues import ZONE_LIST_ID, VenueForm

ZONES = sorted(VENUE_ZONES)


def venues() -> ResponseReturnValue:
    return render_template("organise/venues/list.html", venues=services.list_venues(),
                           can_edit_venue=permissions.can_edit_venue)


def new_venue() -> ResponseReturnValue:
    form = VenueForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                venue = services.create_venue(form.venue_input(), actor=current_user,
                                              photo=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(name)s (%(city)s) is added.", name=venue.name, city=venue.city), "success")
            return redirect(url_for(".venues"))
    return venue_page(form, None)


def edit_venue(venue_id: int) -> ResponseReturnValue:
    venue = lookups.venue(venue_id)
    permissions.require_venue_editor(current_user, venue)
    form = VenueForm(obj=venue)
    if not form.is_submitted():
        form.show_alt(venue.photo)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.update_venue(venue, form.venue_input(), actor=current_user,
                                      photo=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(name)s (%(city)s) is saved.", name=venue.name, city=venue.city), "success")
            return redirect(url_for(".venues"))
    return venue_page(form, venue)


def venue_page(form: VenueForm, venue: Venue | None) -> str:
    return render_template("organise/venues/form.html", form=form, venue=venue, zones=ZONES,
                           zone_list_id=ZONE_LIST_ID)
