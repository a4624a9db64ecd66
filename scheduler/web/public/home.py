"""The front page: every published programme still running."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from scheduler.database import utcnow
from scheduler.discovery import pages as share
from scheduler.events import queries


def home() -> ResponseReturnValue:
    return render_template("public/home.html",
                           programmes=queries.published_programmes(utcnow()),
                           share=share.home_share())
