"""The public iCal feeds: the whole programme, one event, one venue, one session."""
from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue

from scheduler.feeds import catalogue
from scheduler.feeds.freshness import respond


def programme_feed() -> ResponseReturnValue:
    return respond(lambda: catalogue.programme_feed(request.args))


def event_feed(slug: str) -> ResponseReturnValue:
    return respond(lambda: catalogue.event_feed(slug, request.args))


def venue_feed(venue_id: int) -> ResponseReturnValue:
    return respond(lambda: catalogue.venue_feed(venue_id, request.args))


def session_feed(session_id: int) -> ResponseReturnValue:
    return respond(lambda: catalogue.session_feed(session_id, request.args),
                   filename=f"session-{session_id}.ics")
