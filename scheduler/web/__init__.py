"""The HTML site, by audience: public pages, an attendee's own pages, and the
organisers' and admins' pages. The JSON API sits beside it in scheduler.api."""
from __future__ import annotations

from flask import Flask

from scheduler.web import admin, attendee, organise, public


def register_pages(app: Flask) -> None:
    for package in (public, attendee, organise, admin):
        app.register_blueprint(package.blueprint())
