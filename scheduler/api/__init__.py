"""The JSON API under /api/v1 (see the OpenAPI document at /api/v1/openapi.json)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The routes register themselves on `bp` as they are imported.
from scheduler.api import accounts, events, films, openapi, registrations, sessions, venues  # noqa: E402,F401
