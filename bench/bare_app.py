"""The floor for bench/feed_polls.py and bench/pages.py: the least a calendar
poll or a page can cost.

A bare Flask app with no hooks, no database and no templates: it answers a
poll carrying its one ETag with 304 and anything else with a constant body,
and a page with constant HTML. Served by the same gunicorn settings as the
app. Run only by the benches.
"""
from __future__ import annotations

from flask import Flask, Response, request

ETAG = '"bare-floor"'
# About the size of a programme page's markup around its sessions.
PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Programme"
        "</title></head><body><main>" + "<p>A constant page.</p>" * 500 + "</main></body></html>")
BODY = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bare//EN\r\nEND:VCALENDAR\r\n"

app = Flask(__name__)


@app.get("/")
def ready() -> str:
    return "floor"


@app.get("/calendar.ics")
def calendar() -> Response:
    if request.headers.get("If-None-Match") == ETAG:
        return Response(status=304, headers={"ETag": ETAG})
    return Response(BODY, mimetype="text/calendar", headers={"ETag": ETAG})


@app.get("/page")
def page() -> Response:
    return Response(PAGE, mimetype="text/html")
