"""An event's public page, a session page with its register form and live seats.
Counts only: no attendee's name or email is shown here."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from scheduler import lookups
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.discovery import pages as share
from scheduler.errors import DomainError
from scheduler.events.models import EventSession
from scheduler.events.screenings import screenings
from scheduler.languages import select_locale
from scheduler.registration import availability, booking, links, questions, services
from scheduler.registration.inputs import BookingInput
from scheduler.transactions import unit_of_work
from scheduler.web.auth import signed_in_user
from scheduler.web.forms.questions import answers_of, asking
from scheduler.web.forms.registration import OneClickForm, RegisterForm
from scheduler.web.forms.support import show_refusal
from scheduler.web.public.browsing import day_view
from scheduler.web.receipts import to_receipt


def event_page(slug: str) -> ResponseReturnValue:
    event = lookups.visible_event_by_slug(slug, current_user)
    now = utcnow()
    return render_template("public/event.html", event=event,
                           view=day_view(event, "public.event_page", now), now=now,
                           badge=availability.badge, share=share.event_share(event, now))


def session_page(session_id: int) -> ResponseReturnValue:
    event_session = lookups.visible_session(session_id, current_user)
    return session_view(event_session, _register_form(event_session))


def seats(session_id: int) -> ResponseReturnValue:
    """The seats line and badge of a session page, asked for again every
    SEATS_REFRESH_SECONDS by the page itself where JavaScript runs."""
    event_session = lookups.visible_session(session_id, current_user)
    return render_template("public/_live_seats.html", s=event_session,
                           badge=availability.badge(event_session, utcnow()),
                           open_seats=event_session.open_seats)


def _register_form(event_session: EventSession) -> OneClickForm | RegisterForm:
    """The register form, with a field for each of the event's questions."""
    asked, language = questions.event_questions(event_session.event_id), select_locale()
    if current_user.is_authenticated:
        return asking(OneClickForm, asked, language)()
    return asking(RegisterForm, asked, language)()


def session_view(event_session: EventSession, form: FlaskForm,
                 status: int = 200) -> ResponseReturnValue:
    now, user = utcnow(), signed_in_user()
    mine = services.held_by(user, event_session) if user else None
    # A form sent without a page load (htmx) must not leave the POST-only form
    # address in the browser's history when it comes back with its errors.
    headers = {} if status == 200 else {"HX-Push-Url": "false"}
    return render_template(
        "public/session.html", event_session=event_session, form=form, now=now,
        badge=availability.badge(event_session, now),
        open_seats=event_session.open_seats,
        closed=availability.closed_reason(event_session, now),
        map_link=availability.map_link(event_session.venue), mine=mine,
        position=services.waitlist_position(mine) if mine else None,
        secret=links.cancel_secret, share=share.session_share(event_session),
        other_screenings=_other_screenings(event_session, user),
        badge_of=availability.badge), status, headers


def _other_screenings(event_session: EventSession, user: User | None) -> list[EventSession]:
    if event_session.film_id is None:
        return []
    return [s for s in screenings(event_session.film_id, user) if s.id != event_session.id]


def register(session_id: int) -> ResponseReturnValue:
    event_session = lookups.visible_session(session_id, current_user)
    user, form = signed_in_user(), _register_form(event_session)
    if not form.validate_on_submit():
        return session_view(event_session, form, 422)
    try:
        data = _booking(user, form)
        with unit_of_work():
            receipt = booking.book(session_id, data, actor=user)
    except DomainError as refusal:
        show_refusal(form, refusal)
        return session_view(event_session, form, refusal.status)
    return to_receipt(receipt)


def _booking(user: User | None, form: OneClickForm | RegisterForm) -> BookingInput:
    """The signed-in user, or whoever the guest's form names, and the answers."""
    person = ({"name": user.name, "email": user.email} if user is not None else
              {"name": form["name"].data or "", "email": form["email"].data or ""})
    return BookingInput.parse(person | {"answers": answers_of(form)})
