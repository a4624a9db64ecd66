"""Organiser pages for a session's registrations: the attendee list with
counts, CSV export, approve and decline, invitations, moves, and check-in at
the door. Event editors and admins only (403 for others, 404 for drafts)."""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler import lookups
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import DomainError
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.languages import select_locale
from scheduler.registration import (
    answers,
    check_in as door,
    exports,
    invitations,
    moves,
    roster,
    services,
)
from scheduler.registration.inputs import InvitationInput
from scheduler.registration.models import Invitation
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.auth import signed_in_user
from scheduler.web.forms.registration import CheckInForm, InviteForm, MoveForm, OneClickForm
from scheduler.web.forms.support import input_of, show_refusal
from scheduler.web.templating import status_label


def organiser() -> User:
    """The signed-in organiser, whom organisers_only let in."""
    return present(signed_in_user())



def to_attendees(session_id: int) -> ResponseReturnValue:
    return redirect(url_for(".attendees", session_id=session_id))


def attendees(session_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    return attendees_page(event_session, InviteForm(formdata=None))


def attendees_page(event_session: EventSession, invite_form: InviteForm,
                   status: int = 200) -> ResponseReturnValue:
    now = utcnow()
    listed = roster.registrations(event_session.id)
    return render_template(
        "organise/registrations/attendees.html", event_session=event_session, registrations=listed,
        answers=answers.sheet(event_session.event_id, (r.id for r in listed)),
        counts=roster.status_counts(event_session.id),
        positions=roster.waitlist_positions(event_session.id), invite_form=invite_form,
        destinations=moves.destinations(event_session, now),
        invitations=db.session.scalars(sa.select(Invitation).filter_by(
            event_session_id=event_session.id).order_by(Invitation.id)).all()), status


def _export_rows(session_id: int) -> tuple[EventSession, list[list[str]]]:
    event_session = lookups.editable_session(session_id, current_user)
    listed = roster.registrations(session_id)
    sheet = answers.sheet(event_session.event_id, (r.id for r in listed))
    return event_session, exports.attendee_rows(
        event_session, listed, roster.waitlist_positions(session_id), sheet, select_locale())


def attendees_csv(session_id: int) -> ResponseReturnValue:
    _, rows = _export_rows(session_id)
    return Response(exports.attendees_csv(rows).encode("utf-8"), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="session-{session_id}-attendees.csv"'})


def attendees_xlsx(session_id: int) -> ResponseReturnValue:
    event_session, rows = _export_rows(session_id)
    return Response(exports.attendees_xlsx(rows, event_session.shown_title), headers={
        "Content-Type": exports.XLSX_TYPE,
        "Content-Disposition": f'attachment; filename="session-{session_id}-attendees.xlsx"'})


def _decide(registration_id: int, decision: Callable[..., object],
            done: str) -> ResponseReturnValue:
    registration = lookups.managed_registration(registration_id, current_user)
    if OneClickForm().validate_on_submit():
        try:
            with unit_of_work():
                decision(registration, actor=organiser())
        except DomainError as refusal:
            flash(refusal.message, "error")
        else:
            flash(done % {"name": registration.name,
                          "status": status_label(registration.status).lower()}, "success")
    return to_attendees(registration.event_session_id)


def approve(registration_id: int) -> ResponseReturnValue:
    return _decide(registration_id, services.approve, _("%(name)s is now %(status)s."))


def decline(registration_id: int) -> ResponseReturnValue:
    return _decide(registration_id, services.decline, _("%(name)s is declined."))


def invite(session_id: int) -> ResponseReturnValue:
    event_session = lookups.editable_session(session_id, current_user)
    form = InviteForm()
    if not form.validate_on_submit():
        return attendees_page(event_session, form, 422)
    try:
        with unit_of_work():
            invitation = invitations.invite(event_session, input_of(form, InvitationInput),
                                            language=form.language.data, actor=organiser())
    except DomainError as refusal:
        show_refusal(form, refusal)
        return attendees_page(event_session, form, refusal.status)
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return to_attendees(session_id)


def move(registration_id: int) -> ResponseReturnValue:
    registration = lookups.managed_registration(registration_id, current_user)
    origin = registration.event_session_id
    form = MoveForm().offer(moves.destinations(registration.event_session, utcnow()))
    if not form.validate_on_submit():
        flash(_("Choose a session of this event still to come."), "error")
        return to_attendees(origin)
    target = db.session.get_one(EventSession, form.session_id.data)
    try:
        with unit_of_work():
            receipt = moves.move(registration, target, actor=organiser())
    except DomainError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("%(name)s moved to “%(title)s”, %(status)s.", name=registration.name,
                title=target.shown_title,
                status=status_label(receipt.registration.status).lower()), "success")
    return to_attendees(origin)


def check_in(session_id: int) -> ResponseReturnValue:
    """Typing a code and posting checks in at once; a scanned QR code opens
    the page with ?code=, showing who it is, with a button to check them in."""
    event_session = lookups.editable_session(session_id, current_user)
    form = CheckInForm()
    found, status = None, 200
    try:
        if form.validate_on_submit():
            found = door.find(event_session, present(form.code.data))
            with unit_of_work():
                warning = door.check_in(found, actor=organiser())
            flash(warning or _("%(name)s is checked in.", name=found.name),
                  "warning" if warning else "success")
            return redirect(url_for(".check_in", session_id=session_id))
        if request.method == "GET" and request.args.get("code"):
            form.code.data = request.args["code"]
            found = door.find(event_session, form.code.data)
    except DomainError as refusal:
        show_refusal(form, refusal)
        status = refusal.status
    return render_template("organise/registrations/check_in.html", event_session=event_session,
                           form=form, found=found,
                           already=found and door.already_checked_in(found),
                           counts=roster.status_counts(session_id)), status
