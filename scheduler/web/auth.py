"""Who is asking, as every page sees it."""
from __future__ import annotations

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_login import current_user

from scheduler import permissions
from scheduler.accounts.models import User


def signed_in_user() -> User | None:
    """The signed-in user itself (not Flask-Login's proxy), or None."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def organisers_only() -> ResponseReturnValue | None:
    """Strangers are sent to sign in; signed-in attendees get 403."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined, no-any-return]
    permissions.require_organiser(current_user)
    return None


def admins_only() -> ResponseReturnValue | None:
    """Strangers are sent to sign in; signed-in non-admins get 403."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined, no-any-return]
    permissions.require_admin(current_user)
    return None
