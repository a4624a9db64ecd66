"""Starring a session and unstarring it: into the account when signed in,
else into the guest's cookie. Back to the page it was sent from, or (htmx)
just the button again."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler import lookups
from scheduler.events.models import EventSession
from scheduler.favourites import services
from scheduler.localised import reader_language
from scheduler.transactions import unit_of_work
from scheduler.web.attendee.accounts import safe_next
from scheduler.web.auth import signed_in_user
from scheduler.web.guest_stars import guest_star_ids, keep_guest_stars


def star(session_id: int) -> ResponseReturnValue:
    return _mark(session_id, starred=True)


def unstar(session_id: int) -> ResponseReturnValue:
    return _mark(session_id, starred=False)


def _mark(session_id: int, *, starred: bool) -> ResponseReturnValue:
    # CSRF was checked before the view (CSRFProtect); only seen sessions count.
    event_session = lookups.visible_session(session_id, current_user)
    user = signed_in_user()
    if user is not None:
        with unit_of_work():
            if starred:
                services.star(user, [session_id])
            else:
                services.unstar(user, session_id)
    response = _answer(event_session, starred)
    if user is None:
        others = [known for known in guest_star_ids() if known != session_id]
        keep_guest_stars(response, [*others, session_id] if starred else others)
    return response


def _answer(event_session: EventSession, starred: bool) -> Response:
    if request.headers.get("HX-Request"):
        return make_response(render_template("public/_star.html", s=event_session,
                                        starred=starred, back=request.form.get("next")))
    title = event_session.shown_title_in(reader_language())
    flash(_("Starred: “%(title)s”.", title=title) if starred
          else _("Unstarred: “%(title)s”.", title=title), "success")
    back = (safe_next(request.form.get("next"))
            or url_for("public.session_page", session_id=event_session.id))
    return redirect(back)
