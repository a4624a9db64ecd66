"""Absolute addresses on the public site, for emails, feeds, QR codes and the
command line: built from the routes, under PUBLIC_BASE_URL."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter


def public_url(endpoint: str, /, **values: Any) -> str:
    """The address of `endpoint` at PUBLIC_BASE_URL, path prefix included (as
    in https://example.org/scheduler); values the route does not take become
    its query string, encoded. Works with or without a request."""
    return public_url_from(public_routes(), endpoint, **values)


def public_routes() -> MapAdapter:
    """The routes bound to PUBLIC_BASE_URL, for public_url_from: binding once
    spares a feed of many sessions binding once per session."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    # Not url_for: outside a request it needs SERVER_NAME, and inside one it
    # starts from the request's own mount point, which the prefix would repeat.
    return current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                    url_scheme=base.scheme)


def public_url_from(routes: MapAdapter, endpoint: str, /, **values: Any) -> str:
    """public_url with routes already bound by public_routes."""
    current_app.inject_url_defaults(endpoint, values)
    return routes.build(endpoint, values, force_external=True)
