"""The JSON API under /api/v1 (see the OpenAPI document at /api/v1/openapi.json)."""
from flask import Blueprint, Response
from flask.blueprints import BlueprintSetupState

from scheduler.api.fields import ID, IdConverter

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.record_once
def add_id_converter(state: BlueprintSetupState) -> None:
    # Recorded before any route, so the converter exists when they are added.
    state.app.url_map.converters[ID] = IdConverter


@bp.after_request
def no_sniffing(response: Response) -> Response:
    # Answers carry text people typed (a name may be markup): a browser must
    # never take one for a page and run it.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# The routes register themselves on `bp` as they are imported.
from scheduler.api import (  # noqa: E402,F401
    accounts, events, films, openapi, registrations, sessions, venues,
)
