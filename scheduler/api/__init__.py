"""The JSON API under /api/v1 (see the OpenAPI document at /api/v1/openapi.json)."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from scheduler.api.fields import ID, IdConverter

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.record_once
def add_id_converter(state: BlueprintSetupState) -> None:
    # Recorded before any route, so the converter exists when they are added.
    state.app.url_map.converters[ID] = IdConverter


# The routes register themselves on `bp` as they are imported.
from scheduler.api import (  # noqa: E402,F401
    accounts, events, films, openapi, registrations, sessions, venues,
)
