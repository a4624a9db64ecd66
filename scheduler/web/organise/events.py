"""Organiser pages for events: the dashboard, creating, editing, publishing,
and cancelling an event (its organisers: organisers.py)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups
from scheduler.errors import Conflict, DomainError
from scheduler.events import queries, services
from scheduler.events.models import Event
from scheduler.registration import session_changes
from scheduler.transactions import unit_of_work
from scheduler.web.forms.events import EventForm, NewEventForm
from scheduler.web.forms.support import show_refusal
from scheduler.web.templating import status_label


def to_event(event: Event) -> ResponseReturnValue:
    return redirect(url_for("organise.manage_event", event_id=event.id))


def dashboard() -> ResponseReturnValue:
    return render_template("organise/events/dashboard.html",
                           programmes=queries.organised_programmes(current_user))


def new_event() -> ResponseReturnValue:
    form = NewEventForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                event = services.create_event(
                    form.event_input(),
                    # The row needs the user itself, not Flask-Login's proxy.
                    owner=current_user._get_current_object(), banner=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("“%(title)s” is saved as %(status)s.", title=event.title,
                    status=status_label(event.status).lower()), "success")
            return to_event(event)
    return render_template("organise/events/event_form.html", form=form, event=None)


def manage_event(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    return render_template("organise/events/manage.html", event=event,
                           days=queries.sessions_by_day(event, with_people=True))


def edit_event(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = EventForm(obj=event)
    if not form.is_submitted():
        form.show_alt(event.banner)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                services.update_event(event, form.event_input(), actor=current_user,
                                      banner=form.image_change())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Event details saved."), "success")
            return to_event(event)
    return render_template("organise/events/event_form.html", form=form, event=event)


def publish_event(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    try:
        with unit_of_work():
            services.publish_event(event, actor=current_user)
    except Conflict as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("“%(title)s” is on the public programme.", title=event.title), "success")
    return to_event(event)


def cancel_event(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    if request.method == "POST":
        with unit_of_work():
            session_changes.cancel_event(event, actor=current_user)
        flash(_("“%(title)s” and its sessions still to come are cancelled.", title=event.title),
              "success")
        return to_event(event)
    return render_template(
        "organise/events/confirm.html", heading=_("Cancel “%(title)s”?", title=event.title),
        explanation=_("Every session still to come is cancelled with it. Registrations "
                      "stay on record and calendars show the sessions as cancelled. "
                      "A cancelled event cannot be published again."),
        button=_("Yes, cancel this event"), back=url_for(".manage_event", event_id=event.id))


# Registers the session and people routes on bp.
