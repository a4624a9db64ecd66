"""What search engines and phones ask the site for: the sitemap, robots.txt,
the web manifest and the favicon."""
from __future__ import annotations

import json

from flask import Response, abort, redirect, url_for
from flask.typing import ResponseReturnValue

from scheduler.discovery import site, sitemap as sitemaps
from scheduler.urls import public_url

ONE_HOUR, ONE_DAY = 3600, 86400


def sitemap() -> ResponseReturnValue:
    """One file while the pages fit in one, else the index of the numbered files."""
    if sitemaps.file_count() == 1:
        return _xml(sitemaps.urlset(1))
    return _xml(sitemaps.sitemap_index(
        lambda number: public_url("public.sitemap_file", number=number)))


def sitemap_file(number: int) -> ResponseReturnValue:
    if number > sitemaps.file_count():
        abort(404)
    return _xml(sitemaps.urlset(number))


def robots() -> ResponseReturnValue:
    return _public(Response(site.robots_txt(), mimetype="text/plain"), ONE_DAY)


def manifest() -> ResponseReturnValue:
    body = json.dumps(site.web_manifest(), ensure_ascii=False, indent=1)
    return _public(Response(body, mimetype="application/manifest+json"), ONE_DAY)


def favicon() -> ResponseReturnValue:
    # Asked for at this fixed address by crawlers and older browsers, whatever the pages link.
    return redirect(url_for("static", filename="icons/icon-32.png"), 301)


def _xml(body: bytes) -> Response:
    return _public(Response(body, mimetype="application/xml"), ONE_HOUR)


def _public(response: Response, seconds: int) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = seconds
    return response
