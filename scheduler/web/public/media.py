"""Stored images, by their content-hashed names: a name never changes what it
shows, so browsers and proxies may keep each file for a year."""
from __future__ import annotations

from flask import send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from scheduler.errors import NotFound
from scheduler.images.services import stored_file

ONE_YEAR = 365 * 24 * 3600


def media(name: str) -> ResponseReturnValue:
    path = stored_file(name)
    if path is None:
        raise NotFound(_("There is no such image."))
    response = send_file(path, mimetype="image/webp", max_age=ONE_YEAR, conditional=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
