"""Admins' pages: the accounts and their roles. Admins only.

The routes are listed here, once; the modules beside hold the handlers."""
from __future__ import annotations

from flask import Blueprint

from scheduler.web.admin import users
from scheduler.web.auth import admins_only


def blueprint() -> Blueprint:
    bp = Blueprint("admin", __name__, url_prefix="/admin")
    # One gate for every page below, before any of them loads a row.
    bp.before_request(admins_only)
    bp.get("/users")(users.users_page)
    bp.post("/users/<int:user_id>/role")(users.change_role)
    return bp
