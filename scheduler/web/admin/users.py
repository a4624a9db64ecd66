"""Accounts for admins: found by email, each with its role to change."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from scheduler.accounts import roles
from scheduler.accounts.inputs import RoleInput
from scheduler.accounts.models import User
from scheduler.errors import DomainError, NotFound
from scheduler.extensions import db
from scheduler.transactions import unit_of_work
from scheduler.web.forms.accounts import RoleForm
from scheduler.web.forms.support import input_of, show_refusal
from scheduler.web.templating import account_role_label

MAX_SEARCH = 254


def users_page(refused: tuple[int, RoleForm] | None = None) -> str:
    search = request.args.get("q", "")[:MAX_SEARCH]
    found = roles.find_users(search)
    forms = {user.id: RoleForm(formdata=None, role=user.role.value) for user in found}
    refused_form = None
    if refused is not None:
        forms[refused[0]] = refused_form = refused[1]
    # The refused form on its own too, where the 422 (or 409) answer looks for it.
    return render_template("admin/users.html", users=found, forms=forms, search=search,
                           page_size=roles.PAGE_SIZE, refused_form=refused_form)


def change_role(user_id: int) -> ResponseReturnValue:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such account."))
    form = RoleForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                roles.change_role(user, input_of(form, RoleInput), actor=current_user)
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("%(email)s is now: %(role)s.", email=user.email,
                    role=account_role_label(user.role)), "success")
            return redirect(url_for(".users_page", q=request.args.get("q") or None))
    return users_page(refused=(user.id, form))
