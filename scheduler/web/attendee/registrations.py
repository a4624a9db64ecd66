"""An attendee's own registrations: by their secret link, cancelling, "my
registrations", and accepting an invitation."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from scheduler import lookups
from scheduler.errors import DomainError, NotFound
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.languages import select_locale
from scheduler.localised import reader_language
from scheduler.registration import answers, invitations, links, qr, questions, services
from scheduler.registration.models import Registration
from scheduler.registration.tickets import ticket_of
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.auth import signed_in_user
from scheduler.web.forms.questions import answers_of, asking
from scheduler.web.forms.registration import AcceptForm, OneClickForm
from scheduler.web.forms.support import show_refusal
from scheduler.web.receipts import to_receipt


def by_secret(registration_id: int) -> Registration:
    return services.found_by_secret(registration_id, request.args.get("token", ""))


def registration_page(registration_id: int) -> ResponseReturnValue:
    registration = by_secret(registration_id)
    given = answers.sheet(registration.event_session.event_id, [registration.id])
    return render_template("attendee/registration.html", registration=registration,
                           answers=given.answered(registration.id, select_locale()),
                           position=services.waitlist_position(registration),
                           qr_code=qr.check_in_qr(registration),
                           token=request.args["token"])


def ticket_page(registration_id: int) -> ResponseReturnValue:
    """The printable ticket: by the secret link, or for its signed-in attendee
    and the event's organisers."""
    registration = lookups.readable_registration(
        registration_id, request.args.get("token", ""), signed_in_user())
    return render_template("attendee/ticket.html", registration=registration,
                           ticket=ticket_of(registration),
                           qr_code=qr.check_in_qr(registration))


def cancel_by_link(registration_id: int) -> ResponseReturnValue:
    registration = by_secret(registration_id)
    token = request.args["token"]
    form = OneClickForm()
    if form.validate_on_submit():
        with unit_of_work():
            services.cancel(registration)
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for(".registration_page", registration_id=registration_id,
                                token=token))
    return render_template("attendee/cancel.html", registration=registration,
                           form=form, token=token)


@login_required
def my_registrations() -> ResponseReturnValue:
    mine = db.session.scalars(
        sa.select(Registration).join(Registration.event_session)
        .where(Registration.user_id == current_user.id)
        .order_by(EventSession.starts_at, Registration.id)).all()
    return render_template("attendee/mine.html", registrations=mine,
                           positions={r.id: services.waitlist_position(r) for r in mine},
                           secret=links.cancel_secret)


@login_required
def cancel_mine(registration_id: int) -> ResponseReturnValue:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.user_id != current_user.id:
        raise NotFound(_("There is no such registration."))
    if OneClickForm().validate_on_submit():
        with unit_of_work():
            services.cancel(registration)
        title = registration.event_session.shown_title_in(reader_language())
        flash(_("Cancelled: “%(title)s”.", title=title), "success")
    return redirect(url_for(".my_registrations"))


def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    invitation = invitations.invitation_by_secret(invitation_id,
                                                  request.args.get("token", ""))
    if invitation is None:
        raise NotFound(_("There is no such invitation, or the link is not valid."))
    asked = questions.event_questions(invitation.event_session.event_id)
    form = asking(AcceptForm, asked, select_locale())(data={"name": invitation.name})
    status = 200
    if form.validate_on_submit():
        try:
            with unit_of_work():
                receipt = invitations.accept(invitation, name=present(form["name"].data),
                                             actor=signed_in_user(),
                                             answers=answers_of(form))
        except DomainError as refusal:
            show_refusal(form, refusal)
            status = refusal.status
        else:
            return to_receipt(receipt)
    return render_template("attendee/accept.html", invitation=invitation, form=form,
                           token=request.args["token"]), status


# Registers the organiser routes on bp.
