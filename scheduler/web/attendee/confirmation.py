"""A guest confirms their email from the link in it: the page shows a
button, and only its POST confirms, so a mail scanner opening links does not."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from scheduler.database import utcnow
from scheduler.registration import confirmation, links
from scheduler.registration.confirmation import State
from scheduler.transactions import unit_of_work
from scheduler.web.forms.registration import OneClickForm


def confirm_email(registration_id: int) -> ResponseReturnValue:
    token = request.args.get("token", "")
    registration = confirmation.found_by_secret(registration_id, token)
    form = OneClickForm()
    if form.validate_on_submit():
        with unit_of_work():
            state = confirmation.confirm(registration, utcnow())
        if state is State.confirmed:
            flash(_("Thank you: your email is confirmed."), "success")
            return redirect(url_for(".registration_page", registration_id=registration_id,
                                    token=links.cancel_secret(registration)))
    else:
        state = confirmation.state(registration, utcnow())
    return render_template("attendee/confirm.html", registration=registration, form=form,
                           token=token, state=state.value,
                           cancel_token=links.cancel_secret(registration))
