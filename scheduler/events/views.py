from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from scheduler.database import utcnow
from scheduler.events import queries

bp = Blueprint("events", __name__)


@bp.route("/")
def home():
    return render_template("events/home.html",
                           programmes=queries.published_programmes(utcnow()))


@bp.route("/organise")
@login_required
def dashboard():
    if not current_user.is_organiser:
        abort(403, "The organiser dashboard is for organisers and admins.")
    return render_template("events/dashboard.html",
                           programmes=queries.organised_programmes(current_user))
