"""Feed routes, the account page with the agenda link, and template helpers
for the subscribe and add-to-calendar partials."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from scheduler.errors import NotFound
from scheduler.feeds import agenda, catalogue, links
from scheduler.feeds.freshness import respond

bp = Blueprint("feeds", __name__)
bp.add_app_template_global(links.public_url)
bp.add_app_template_global(links.google_calendar_url)
bp.add_app_template_global(links.outlook_calendar_url)
bp.add_app_template_filter(links.webcal)


@bp.get("/calendar.ics")
def programme() -> ResponseReturnValue:
    return respond(lambda: catalogue.programme_feed(request.args))


@bp.get("/events/<slug>/calendar.ics")
def event(slug: str) -> ResponseReturnValue:
    return respond(lambda: catalogue.event_feed(slug))


@bp.get("/venues/<int:venue_id>/calendar.ics")
def venue(venue_id: int) -> ResponseReturnValue:
    return respond(lambda: catalogue.venue_feed(venue_id))


@bp.get("/sessions/<int:session_id>.ics")
def session(session_id: int) -> ResponseReturnValue:
    return respond(lambda: catalogue.session_feed(session_id),
                   filename=f"session-{session_id}.ics")


@bp.get("/feeds/<secret>/agenda.ics")
def agenda_feed(secret: str) -> ResponseReturnValue:
    # Never remembered: a replaced link must stop working at once.
    user = agenda.user_for_agenda_secret(secret)
    if user is None:
        raise NotFound(_("This calendar link is not valid (it may have been replaced)."))
    return respond(lambda: catalogue.agenda_feed(user), remember=False)


@bp.get("/account")
@login_required
def account() -> ResponseReturnValue:
    secret = agenda.ensure_agenda_secret(current_user._get_current_object())
    return render_template("accounts/account.html",
                           agenda_url=links.public_url("feeds.agenda_feed", secret=secret))


@bp.post("/account/agenda-link")
@login_required
def new_agenda_link() -> ResponseReturnValue:
    agenda.rotate_agenda_secret(current_user._get_current_object())
    flash(_("Your calendar has a new link. The old one no longer works: "
            "subscribe again with the new one."), "success")
    return redirect(url_for(".account"))
