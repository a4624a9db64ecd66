"""A forgotten password: asking for a link by email, and setting a new one."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user

from scheduler.accounts import resets
from scheduler.accounts.inputs import MIN_PASSWORD_LENGTH
from scheduler.errors import DomainError
from scheduler.languages import select_locale
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.forms.accounts import ForgotPasswordForm, ResetPasswordForm
from scheduler.web.forms.support import show_refusal


def forgot_password() -> ResponseReturnValue:
    """The same answer whether or not an account uses the address, so the
    form cannot be used to find accounts (it is rate limited too)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with unit_of_work():
            resets.request_reset(present(form.email.data), language=select_locale())
        flash(_("If an account uses this address, we have sent it a link to set a new "
                "password. It works for %(minutes)s minutes.",
                minutes=int(resets.lifetime().total_seconds() // 60)), "success")
        return redirect(url_for(".sign_in"))
    return render_template("attendee/password_forgot.html", form=form)


def reset_password(token: str) -> ResponseReturnValue:
    try:
        resets.user_of(token)
    except resets.InvalidResetLink as refusal:
        return render_template("attendee/password_reset.html", form=None,
                               refusal=refusal.message), refusal.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                resets.reset_password(token, present(form.password.data))
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            # This browser's own sign-in, if any, ended with the others.
            logout_user()
            flash(_("Your new password is set. Every sign-in has ended and your API tokens "
                    "are revoked: sign in with the new password."), "success")
            return redirect(url_for(".sign_in"))
    return render_template("attendee/password_reset.html", form=form, refusal=None,
                           min_password=MIN_PASSWORD_LENGTH)
