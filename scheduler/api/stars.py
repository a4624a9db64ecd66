"""The caller's starred sessions: star, unstar, list."""
from __future__ import annotations

from flask.typing import ResponseReturnValue

from scheduler import lookups
from scheduler.api.auth import signed_in
from scheduler.api.json import Paging, no_content, read_query
from scheduler.api.queries import starred_sessions
from scheduler.api.sessions import session_page
from scheduler.favourites import services
from scheduler.transactions import unit_of_work


def star(session_id: int) -> ResponseReturnValue:
    """204 whether or not it was starred before."""
    user = signed_in()
    lookups.visible_session(session_id, user)
    with unit_of_work():
        services.star(user, [session_id])
    return no_content()


def unstar(session_id: int) -> ResponseReturnValue:
    """204 whether or not it was starred."""
    user = signed_in()
    lookups.visible_session(session_id, user)
    with unit_of_work():
        services.unstar(user, session_id)
    return no_content()


def my_stars() -> ResponseReturnValue:
    user = signed_in()
    return session_page(starred_sessions(user), read_query(Paging))
