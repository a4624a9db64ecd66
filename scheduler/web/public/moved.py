"""Old event addresses: a slug an event had before answers with a permanent
redirect to the same page at its current slug, for every /events/<slug>/...
route at once (see scheduler.events.slugs)."""
from __future__ import annotations

from urllib.parse import quote

from flask import redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from scheduler.errors import NotFound, handle_domain_error
from scheduler.events import slugs

# Characters a query string may carry as they are (RFC 3986); the rest are quoted.
QUERY_SAFE = "!$&'()*+,/:;=?@~%"


def redirect_former_slug(error: NotFound) -> ResponseReturnValue:
    """For a page, feed or timetable that found no event by its slug: 301 to
    the address with the current slug, query string kept, when the slug is a
    former one of an event the reader may see; otherwise the usual 404.
    Asked only on a miss, so current addresses cost no extra statement."""
    former = (request.view_args or {}).get("slug")
    if (not isinstance(former, str) or request.endpoint is None
            or request.method not in ("GET", "HEAD")):
        return handle_domain_error(error)
    current = slugs.current_slug(former, current_user)
    if current is None:
        return handle_domain_error(error)
    location = url_for(request.endpoint, **(request.view_args or {}) | {"slug": current})
    if request.query_string:
        # Quoted as bytes: what the client sent comes back unchanged.
        location = f"{location}?{quote(request.query_string, safe=QUERY_SAFE)}"
    return redirect(location, 301)
