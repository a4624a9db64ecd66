"""An event's organisers: the owner and co-organisers, listed for its editors;
added by email or removed by its owner or an admin."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups, permissions
from scheduler.errors import DomainError
from scheduler.events import services
from scheduler.events.models import Event
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.forms.events import CoOrganiserForm
from scheduler.web.forms.support import show_refusal


def organisers_page(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    return page(event, CoOrganiserForm(formdata=None))


def page(event: Event, form: CoOrganiserForm) -> str:
    return render_template("organise/events/organisers.html", event=event, form=form,
                           organisers=services.organisers(event),
                           may_manage=permissions.can_manage_organisers(current_user, event))


def to_page(event: Event) -> ResponseReturnValue:
    return redirect(url_for(".organisers_page", event_id=event.id))


def add_co_organiser(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    permissions.require_organiser_manager(current_user, event)
    form = CoOrganiserForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                colleague = services.add_co_organiser(event, email=present(form.email.data),
                                                      actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(name)s can now change this event.", name=colleague.name), "success")
            return to_page(event)
    return page(event, form)


def remove_co_organiser(event_id: int, user_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    permissions.require_organiser_manager(current_user, event)
    try:
        with unit_of_work():
            services.remove_co_organiser(event, user_id, actor=current_user)
    except DomainError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Removed: they can no longer change this event."), "success")
    return to_page(event)
