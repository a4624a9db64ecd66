"""Pages anyone may see: the front page, the programme, events, sessions and
their booking, timetables, and the public calendar feeds.

The routes are listed here, once; the modules beside hold the handlers. The
pages anonymous visitors browse are shared between them (scheduler.web.page_cache)."""
from __future__ import annotations

from flask import Blueprint

from scheduler.errors import NotFound
from scheduler.registration import availability
from scheduler.web.page_cache import shared_page
from scheduler.web.public import (
    discovery,
    feeds,
    films,
    home,
    media,
    moved,
    programme,
    sessions,
    stars,
)


def blueprint() -> Blueprint:
    bp = Blueprint("public", __name__)
    bp.get("/")(shared_page(home.home))
    bp.get("/programme")(shared_page(programme.programme_page))
    bp.get("/events/<slug>")(shared_page(sessions.event_page))
    bp.get("/events/<slug>/timetable")(shared_page(programme.timetable_page))
    # A session page's seats line is never behind a booking, not even by
    # SEATS_REFRESH_SECONDS: the one who just booked comes back to it.
    bp.get("/sessions/<int:session_id>")(shared_page(sessions.session_page,
                                                     fresh_with=availability.seats_taken))
    bp.get("/sessions/<int:session_id>/seats")(sessions.seats)
    bp.post("/sessions/<int:session_id>/register")(sessions.register)
    bp.post("/sessions/<int:session_id>/star")(stars.star)
    bp.post("/sessions/<int:session_id>/unstar")(stars.unstar)
    bp.get("/films/<int:film_id>")(shared_page(films.film_page))
    bp.get("/calendar.ics")(feeds.programme_feed)
    bp.get("/events/<slug>/calendar.ics")(feeds.event_feed)
    bp.get("/venues/<int:venue_id>/calendar.ics")(feeds.venue_feed)
    bp.get("/sessions/<int:session_id>.ics")(feeds.session_feed)
    bp.get("/media/<name>")(media.media)
    bp.get("/sitemap.xml")(discovery.sitemap)
    bp.get("/sitemaps/<int:number>.xml")(discovery.sitemap_file)
    bp.get("/robots.txt")(discovery.robots)
    bp.get("/manifest.webmanifest")(discovery.manifest)
    bp.get("/favicon.ico")(discovery.favicon)
    bp.register_error_handler(NotFound, moved.redirect_former_slug)
    return bp
