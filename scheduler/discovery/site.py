"""The site as a whole: robots.txt and the web manifest."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scheduler.discovery.pages import SITE_NAME
from scheduler.urls import public_url

# The icon's own colours (static/icons/icon.svg).
THEME_COLOUR = "#0172ad"
BACKGROUND_COLOUR = "#ffffff"
ICONS = [("icons/icon.svg", "any", "image/svg+xml"),
         ("icons/icon-192.png", "192x192", "image/png"),
         ("icons/icon-512.png", "512x512", "image/png")]
# Pages made for one person, or behind a sign-in: nothing for a search engine,
# and their secret links (cancel, invitation, agenda feed) must not be followed.
PRIVATE_PATHS = ("/organise", "/account", "/my/", "/registrations/", "/invitations/",
                 "/feeds/", "/api/", "/sign-in", "/sign-up")


def robots_txt() -> str:
    # Under a path prefix, robots.txt is only read at the host's root; the
    # prefix is written anyway, so the file can be served from there as it is.
    prefix = urlsplit(public_url("public.home")).path.rstrip("/")
    lines = ["User-agent: *", *(f"Disallow: {prefix}{path}" for path in PRIVATE_PATHS),
             "", f"Sitemap: {public_url('public.sitemap')}"]
    return "\n".join(lines) + "\n"


def web_manifest() -> dict[str, Any]:
    """What a phone needs to put the site on its home screen."""
    return {
        "name": SITE_NAME, "short_name": SITE_NAME,
        "start_url": public_url("public.home"), "scope": public_url("public.home"),
        "display": "standalone",
        "theme_color": THEME_COLOUR, "background_color": BACKGROUND_COLOUR,
        "icons": [{"src": public_url("static", filename=path), "sizes": sizes, "type": kind}
                  for path, sizes, kind in ICONS],
    }
