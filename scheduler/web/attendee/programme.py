"""My programme: the sessions the reader starred and, when signed in, those
they booked, day by day."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from scheduler.events.queries import by_local_day
from scheduler.favourites import queries
from scheduler.permissions import can_view_event
from scheduler.web.auth import signed_in_user
from scheduler.web.guest_stars import starred_here


def my_programme() -> ResponseReturnValue:
    user = signed_in_user()
    starred = starred_here()
    booked = queries.booked(user) if user else {}
    shown = [event_session for event_session
             in queries.sessions_in_order(starred | set(booked))
             if can_view_event(user, event_session.event)]
    return render_template("attendee/my_programme.html", days=by_local_day(shown),
                           starred=starred, booked=booked)
