"""A film's public page: poster, synopsis, credits and every screening."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from scheduler import lookups
from scheduler.database import utcnow
from scheduler.discovery import pages as share
from scheduler.events.screenings import credits
from scheduler.registration import availability


def film_page(film_id: int) -> ResponseReturnValue:
    film, shown = lookups.visible_film(film_id, current_user)
    return render_template("public/film.html", film=film, screenings=shown,
                           credits=credits(shown), badge=availability.badge, now=utcnow(),
                           share=share.film_share(film, public=bool(shown)))
