"""Public pages: an event's programme, a session with its register form,
a registration by its secret link, cancelling, "my registrations", and
accepting an invitation. Counts only: no attendee's name or email is shown
to anyone but that attendee (organiser pages are in organiser_views)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from scheduler import lookups
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import DomainError, NotFound
from scheduler.events import queries
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.forms_support import show_refusal
from scheduler.registration import availability, invitations, links, qr, services
from scheduler.registration.forms import AcceptForm, OneClickForm, RegisterForm
from scheduler.registration.models import Registration, RegistrationStatus
from scheduler.validation import present

bp = Blueprint("registration", __name__)
OUTCOMES = {
    RegistrationStatus.confirmed: _l("Your seat is confirmed."),
    RegistrationStatus.pending: _l("Thank you: the organisers will confirm your place."),
}


def signed_in_user() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.route("/events/<slug>")
def event_page(slug: str) -> ResponseReturnValue:
    event = lookups.visible_event_by_slug(slug, current_user)
    return render_template("registration/event.html", event=event,
                           days=queries.sessions_by_day(event), now=utcnow(),
                           badge=availability.badge)


@bp.route("/sessions/<int:session_id>")
def session_page(session_id: int) -> ResponseReturnValue:
    event_session = lookups.visible_session(session_id, current_user)
    return session_view(event_session, _register_form())


@bp.get("/sessions/<int:session_id>/seats")
def seats(session_id: int) -> ResponseReturnValue:
    """The seats line and badge of a session page, asked for again every
    SEATS_REFRESH_SECONDS by the page itself where JavaScript runs."""
    event_session = lookups.visible_session(session_id, current_user)
    return render_template("registration/_live_seats.html", s=event_session,
                           badge=availability.badge(event_session, utcnow()),
                           open_seats=event_session.open_seats)


def _register_form() -> OneClickForm | RegisterForm:
    return OneClickForm() if current_user.is_authenticated else RegisterForm()


def session_view(event_session: EventSession, form: FlaskForm,
                 status: int = 200) -> ResponseReturnValue:
    now, user = utcnow(), signed_in_user()
    mine = services.held_by(user, event_session) if user else None
    # A form sent without a page load (htmx) must not leave the POST-only form
    # address in the browser's history when it comes back with its errors.
    headers = {} if status == 200 else {"HX-Push-Url": "false"}
    return render_template(
        "registration/session.html", event_session=event_session, form=form, now=now,
        badge=availability.badge(event_session, now),
        open_seats=event_session.open_seats,
        closed=availability.closed_reason(event_session, now),
        map_link=availability.map_link(event_session.venue), mine=mine,
        position=services.waitlist_position(mine) if mine else None,
        secret=links.cancel_secret), status, headers


@bp.post("/sessions/<int:session_id>/register")
def register(session_id: int) -> ResponseReturnValue:
    event_session = lookups.visible_session(session_id, current_user)
    user, form = signed_in_user(), _register_form()
    if not form.validate_on_submit():
        return session_view(event_session, form, 422)
    name, email = _registrant(user, form)
    try:
        receipt = services.register(event_session, name=name, email=email, user=user)
    except DomainError as refusal:
        db.session.rollback()
        show_refusal(form, refusal)
        return session_view(event_session, form, refusal.status)
    return to_receipt(receipt)


def _registrant(user: User | None, form: OneClickForm | RegisterForm) -> tuple[str, str]:
    """The signed-in user, or whoever the guest's form names."""
    if user is not None:
        return user.name, user.email
    # _register_form gives a guest the form with a name and an email.
    assert isinstance(form, RegisterForm)
    return present(form.name.data), present(form.email.data)


def to_receipt(receipt: services.Receipt) -> ResponseReturnValue:
    registration = receipt.registration
    flash(str(OUTCOMES.get(registration.status,
                           _l("The session is full: you are on the waitlist."))), "success")
    return redirect(url_for(".registration_page", registration_id=registration.id,
                            token=receipt.secret))


def by_secret(registration_id: int) -> Registration:
    return services.found_by_secret(registration_id, request.args.get("token", ""))


@bp.route("/registrations/<int:registration_id>")
def registration_page(registration_id: int) -> ResponseReturnValue:
    registration = by_secret(registration_id)
    return render_template("registration/registration.html", registration=registration,
                           position=services.waitlist_position(registration),
                           qr_code=qr.check_in_qr(registration),
                           token=request.args["token"])


@bp.route("/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
def cancel_by_link(registration_id: int) -> ResponseReturnValue:
    registration = by_secret(registration_id)
    token = request.args["token"]
    form = OneClickForm()
    if form.validate_on_submit():
        services.cancel(registration)
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for(".registration_page", registration_id=registration_id,
                                token=token))
    return render_template("registration/cancel.html", registration=registration,
                           form=form, token=token)


@bp.route("/my/registrations")
@login_required
def my_registrations() -> ResponseReturnValue:
    mine = db.session.scalars(
        sa.select(Registration).join(Registration.event_session)
        .where(Registration.user_id == current_user.id)
        .order_by(EventSession.starts_at.desc(), Registration.id)).all()
    return render_template("registration/mine.html", registrations=mine,
                           positions={r.id: services.waitlist_position(r) for r in mine},
                           secret=links.cancel_secret)


@bp.post("/my/registrations/<int:registration_id>/cancel")
@login_required
def cancel_mine(registration_id: int) -> ResponseReturnValue:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.user_id != current_user.id:
        raise NotFound(_("There is no such registration."))
    if OneClickForm().validate_on_submit():
        services.cancel(registration)
        flash(_("Cancelled: “%(title)s”.", title=registration.event_session.shown_title),
              "success")
    return redirect(url_for(".my_registrations"))


@bp.route("/invitations/<int:invitation_id>/accept", methods=["GET", "POST"])
def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    invitation = invitations.invitation_by_secret(invitation_id,
                                                  request.args.get("token", ""))
    if invitation is None:
        raise NotFound(_("There is no such invitation, or the link is not valid."))
    form = AcceptForm(data={"name": invitation.name})
    status = 200
    if form.validate_on_submit():
        try:
            receipt = invitations.accept(invitation, name=present(form.name.data))
        except DomainError as refusal:
            show_refusal(form, refusal)
            status = refusal.status
        else:
            return to_receipt(receipt)
    return render_template("registration/accept.html", invitation=invitation, form=form,
                           token=request.args["token"]), status


# Registers the organiser routes on bp.
from scheduler.registration import organiser_views  # noqa: E402,F401
