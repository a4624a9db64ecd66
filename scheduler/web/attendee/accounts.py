from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from scheduler.accounts import logins, services
from scheduler.accounts.inputs import MIN_PASSWORD_LENGTH, SignUpInput
from scheduler.accounts.models import User
from scheduler.database import utcnow
from scheduler.errors import DomainError
from scheduler.extensions import login_manager
from scheduler.privacy import accounts as privacy
from scheduler.transactions import unit_of_work
from scheduler.validation import present
from scheduler.web.forms.accounts import (
    CloseAccountForm,
    PasswordChangeForm,
    SignInForm,
    SignUpForm,
)
from scheduler.web.forms.support import input_of, show_refusal
from scheduler.web.guest_stars import forget_guest_stars, merge_guest_stars

login_manager.login_view = "attendee.sign_in"
# Cookies hold the sign-in's secret, not the user's id (see logins.py).
login_manager.id_attribute = "get_login_id"
login_manager.login_message_category = "info"
# Said after a sign-up with an address that has an account (see sign_up).
ALREADY_REGISTERED = _l("This address already has an account, and nothing about it has "
                        "changed. Sign in with its password, or set a new one if you forgot it.")


@login_manager.user_loader
def load_user(login_secret: str) -> User | None:
    return logins.signed_in_user(login_secret)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths. Browsers read "//host" and "/\\host" as another
    site, and drop tabs and newlines before they look ("/<tab>/host"), so any
    backslash, whitespace or control character refuses the target too."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(char.isspace() or not char.isprintable() for char in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def landing(user: User) -> str:
    """Where a sign-in goes: a safe next= first (the page that asked for it);
    organisers (and admins) to their dashboard; attendees back to the page
    whose sign-in link they followed (back=), or the home page."""
    target = safe_next(request.args.get("next"))
    if target:
        return target
    if user.is_organiser:
        return url_for("organise.dashboard")
    return safe_next(request.args.get("back")) or url_for("public.home")


def signed_in(user: User, *, remember: bool, to: str) -> ResponseReturnValue:
    """Sign `user` in, keep the stars they gave as a guest, and go `to`."""
    with unit_of_work():
        logins.begin(user, remember=remember)
        merge_guest_stars(user)
    login_user(user, remember=remember)
    response = redirect(to)
    forget_guest_stars(response)
    return response


def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(present(form.email.data), present(form.password.data))
        if user is None:
            form.password.errors = [*form.password.errors,
                                    _("That email and password do not match an account.")]
        else:
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return signed_in(user, remember=form.remember.data, to=landing(user))
    return render_template("attendee/sign_in.html", form=form)


@login_required
def sign_out() -> ResponseReturnValue:
    with unit_of_work():
        logins.end(current_user._get_current_object())
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


def sign_up() -> ResponseReturnValue:
    """A new account is signed in at once. An address that already has an
    account is left untouched, and nobody is signed in: the visitor is sent to
    sign in with that account's own password, or to reset it. That tells the two
    apart, as POST /api/v1/users (409) does; both are rate limited the same."""
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user = services.sign_up(input_of(form, SignUpInput))
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            if user is None:
                flash(str(ALREADY_REGISTERED), "info")
                return redirect(url_for(".sign_in"))
            flash(_("Welcome, %(name)s: your account is made and you are signed in.",
                    name=user.name), "success")
            return signed_in(user, remember=False, to=landing(user))
    return render_template("attendee/sign_up.html", form=form,
                           min_password=MIN_PASSWORD_LENGTH)


@login_required
def change_password() -> ResponseReturnValue:
    form, user = PasswordChangeForm(), current_user._get_current_object()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                remember = logins.change_password(
                    user, current=present(form.current_password.data),
                    new=present(form.password.data))
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            # The new sign-in's cookies replace this browser's old ones.
            login_user(user, remember=remember)
            flash(_("Your password is changed. Every other sign-in has ended and your "
                    "API tokens are revoked."), "success")
            return redirect(url_for(".change_password"))
    return render_template("attendee/password.html", form=form,
                           min_password=MIN_PASSWORD_LENGTH)


@login_required
def download_my_data() -> ResponseReturnValue:
    now = utcnow()
    data = privacy.personal_data(current_user._get_current_object(), now)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename="
                             f"my-data-{now:%Y-%m-%d}.json",
                             "Cache-Control": "no-store"})


@login_required
def close_account() -> ResponseReturnValue:
    form, user = CloseAccountForm(), current_user._get_current_object()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                privacy.close_account(user, password=present(form.current_password.data),
                                      now=utcnow())
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            logout_user()
            flash(_("Your account is deleted: your registrations for sessions still to come "
                    "are cancelled, and your name and email are erased from the others."),
                  "success")
            return redirect(url_for("public.home"))
    return render_template("attendee/account_delete.html", form=form)
