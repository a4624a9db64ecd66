"""Organiser pages for an event's sessions and the people in them."""
from __future__ import annotations

from typing import Any, TypeVar

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from scheduler import lookups
from scheduler.dates import local_date, local_time
from scheduler.errors import DomainError
from scheduler.events import people, scheduling
from scheduler.events.models import Event, EventSession
from scheduler.films.services import list_films
from scheduler.registration import session_changes
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.venues.services import list_venues
from scheduler.web.forms.events import (
    PersonForm,
    SessionFields,
    SessionForm,
    SeveralDatesForm,
    session_values,
)
from scheduler.web.forms.support import show_refusal
from scheduler.web.organise.events import to_event
from scheduler.web.templating import role_label

F = TypeVar("F", bound=SessionFields)


def offered(form_class: type[F], **kwargs: Any) -> F:
    form = form_class(**kwargs)
    form.offer(list_venues(), list_films())
    return form


def saved(event: Event, message: str, notes: list[str]) -> ResponseReturnValue:
    flash(message, "success")
    for note in notes:
        flash(note, "info")
    return to_event(event)


def new_session(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = offered(SessionForm)
    if form.validate_on_submit():
        try:
            data, notes = form.session_input()
            with unit_of_work():
                scheduling.schedule_session(event, data, actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return saved(event, _("Session added."), notes)
    return render_template("organise/events/session_form.html", form=form, event=event,
                           event_session=None)


def several_dates(event_id: int) -> ResponseReturnValue:
    event = lookups.editable_event(event_id, current_user)
    form = offered(SeveralDatesForm)
    if form.validate_on_submit():
        try:
            data, notes = form.session_input()
            with unit_of_work():
                created = scheduling.schedule_on_dates(
                    event, data, form.chosen_days, present(form.starts_at.data),
                    present(form.ends_at.data),
                    actor=current_user, later=form.wants_later)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return saved(event, ngettext("%(num)s session added.", "%(num)s sessions added.",
                                           len(created)),
                         notes)
    return render_template("organise/events/several_dates.html", form=form, event=event)


def edit_session(session_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    form = offered(SessionForm, data=session_values(event_session))
    if form.validate_on_submit():
        try:
            data, notes = form.session_input()
            with unit_of_work():
                session_changes.update_session(event_session, data, actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return saved(event_session.event, _("Session saved."), notes)
    return session_page(event_session, form, PersonForm(formdata=None))


def session_page(event_session: EventSession, form: SessionForm,
                 person_form: PersonForm) -> str:
    return render_template(
        "organise/events/session_form.html", event=event_session.event,
        event_session=event_session, form=form, person_form=person_form,
        clashes=[clash_warning(clash) for clash in people.clashes(event_session)])


def clash_warning(clash: people.Clash) -> str:
    other = clash.other
    return (f"{clash.person.name} is also in “{other.shown_title}” at "
            f"{local_time(other.starts_at, other.venue.timezone)}.")


def cancel_session(session_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    when = (f"{local_date(event_session.starts_at, event_session.venue.timezone)}, "
            f"{local_time(event_session.starts_at, event_session.venue.timezone)}")
    if request.method == "POST":
        with unit_of_work():
            session_changes.cancel_session(event_session, actor=current_user)
        flash(_("“%(title)s” on %(when)s is cancelled; its registrations stay on record.",
                title=event_session.shown_title, when=when), "success")
        return to_event(event_session.event)
    return render_template(
        "organise/events/confirm.html",
        heading=_("Cancel “%(title)s” on %(when)s?", title=event_session.shown_title,
                  when=when),
        explanation=_("The session stays listed as cancelled, its registrations are kept, "
                      "and calendars that subscribed show it as cancelled."),
        button=_("Yes, cancel this session"),
        back=url_for(".edit_session", session_id=event_session.id))


def add_person(session_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    form = PersonForm()
    if form.validate_on_submit():
        try:
            data = form.person_input()
            with unit_of_work():
                clashes = people.add_person(event_session, data, actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(name)s is on this session as %(role)s.",
                    name=data.name, role=role_label(data.role).lower()), "success")
            for clash in clashes:
                flash(clash_warning(clash), "warning")
            return redirect(url_for(".edit_session", session_id=session_id))
    session_form = offered(SessionForm, formdata=None, data=session_values(event_session))
    return session_page(event_session, session_form, form)


def remove_person(session_id: int, person_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    with unit_of_work():
        people.remove_person(event_session, person_id, actor=current_user)
    flash(_("Removed from this session."), "success")
    return redirect(url_for(".edit_session", session_id=session_id))
