"""Stars before signing in: the starred session ids in a signed cookie of
their own, merged into the account at sign-in, and which sessions the
reader of a page starred, whoever they are."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from scheduler.accounts.models import User
from scheduler.events.models import EventSession
from scheduler.extensions import db
from scheduler.favourites import queries, services
from scheduler.permissions import can_view_event
from scheduler.secrets import Purpose, seal, unseal
from scheduler.security import GUEST_STARS_COOKIE
from scheduler.web.auth import signed_in_user

MAX_GUEST_STARS = 200
COOKIE_DAYS = 365


def guest_star_ids() -> list[int]:
    """The guest's starred ids, oldest first; none from an altered cookie."""
    value = unseal(Purpose.guest_stars, request.cookies.get(GUEST_STARS_COOKIE, ""))
    if not isinstance(value, list):
        return []
    ids = [item for item in value if isinstance(item, int) and not isinstance(item, bool)
           and item > 0]
    return list(dict.fromkeys(ids))[-MAX_GUEST_STARS:]


def keep_guest_stars(response: Response, ids: list[int]) -> None:
    """Write the cookie with `ids` (the newest MAX_GUEST_STARS), or drop it when empty."""
    if not ids:
        forget_guest_stars(response)
        return
    config = current_app.config
    response.set_cookie(
        GUEST_STARS_COOKIE, seal(Purpose.guest_stars, ids[-MAX_GUEST_STARS:]),
        max_age=COOKIE_DAYS * 24 * 3600, httponly=True, samesite="Lax",
        secure=bool(config["SESSION_COOKIE_SECURE"]), path=config["APPLICATION_ROOT"])


def forget_guest_stars(response: Response) -> None:
    if GUEST_STARS_COOKIE in request.cookies:
        response.delete_cookie(GUEST_STARS_COOKIE, path=current_app.config["APPLICATION_ROOT"])


def merge_guest_stars(user: User) -> int:
    """Star the guest's sessions for the account they just signed in to
    (inside the caller's unit of work); the caller forgets the cookie.
    Sessions gone or hidden since are skipped."""
    ids = guest_star_ids()
    if not ids:
        return 0
    found = db.session.scalars(sa.select(EventSession).where(EventSession.id.in_(ids))
                               .options(joinedload(EventSession.event)))
    return services.star(user, [s.id for s in found if can_view_event(user, s.event)])


def starred_here() -> set[int]:
    """The ids the reader starred: their account's, or the guest cookie's.
    Read once per request."""
    if "starred_here" not in g:
        user = signed_in_user()
        g.starred_here = queries.starred_ids(user) if user else set(guest_star_ids())
    found: set[int] = g.starred_here
    return found


def is_starred(session_id: int) -> bool:
    return session_id in starred_here()


def init_guest_stars(app: Flask) -> None:
    app.add_template_global(is_starred)
