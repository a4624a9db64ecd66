"""The account page with the personal agenda link, and the agenda feed it names."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from scheduler.errors import NotFound
from scheduler.feeds import agenda, catalogue
from scheduler.feeds.freshness import respond
from scheduler.languages import select_locale
from scheduler.transactions import unit_of_work
from scheduler.urls import public_url


def agenda_feed(secret: str) -> ResponseReturnValue:
    # Never remembered: a replaced link must stop working at once.
    user = agenda.user_for_agenda_secret(secret)
    if user is None:
        raise NotFound(_("This calendar link is not valid (it may have been replaced)."))
    return respond(lambda: catalogue.agenda_feed(user, request.args), remember=False)


@login_required
def account() -> ResponseReturnValue:
    with unit_of_work():
        secret = agenda.ensure_agenda_secret(current_user._get_current_object())
    return render_template("attendee/account.html",
                           agenda_url=public_url("attendee.agenda_feed", secret=secret,
                                                 lang=select_locale()))


@login_required
def new_agenda_link() -> ResponseReturnValue:
    with unit_of_work():
        agenda.rotate_agenda_secret(current_user._get_current_object())
    flash(_("Your calendar has a new link. The old one no longer works: "
            "subscribe again with the new one."), "success")
    return redirect(url_for(".account"))
