"""Health checks for load balancers and orchestrators."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from scheduler.errors import (
    DATABASE_RETRY_SECONDS,
    DATABASE_UNAVAILABLE,
    retried_on_lost_connection,
)
from scheduler.extensions import db

bp = Blueprint("operations", __name__)


@bp.get("/healthz")
def liveness() -> ResponseReturnValue:
    """The process answers; the database is not asked, so a database outage
    does not get healthy app servers restarted."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readiness() -> ResponseReturnValue:
    """Ready for traffic: the database answers a query."""
    try:
        # Retried here, not only by the app: the answer below swallows the error.
        retried_on_lost_connection(lambda: db.session.execute(sa.text("SELECT 1")))
    except DATABASE_UNAVAILABLE as exc:
        current_app.logger.warning("Not ready, the database is unavailable: %s", exc)
        response = jsonify(status="unavailable", database="unreachable")
        response.status_code = 503
        response.headers["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    return jsonify(status="ok", database="ok")
