"""The programme of every published event, and an event's festival timetable.
Counts only: no attendee's name or email is on these pages."""
from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from scheduler import lookups
from scheduler.database import utcnow
from scheduler.discovery import pages as share
from scheduler.registration import availability
from scheduler.venues.models import Venue
from scheduler.web.forms import programme as forms
from scheduler.web.public import listing as programme, timetable
from scheduler.web.public.browsing import DayView, day_view


def programme_page() -> ResponseReturnValue:
    now = utcnow()
    choices = programme.filter_choices(now)
    form = forms.filter_form(choices)
    page = programme.programme_page(forms.filters_from(form), forms.page_asked(form), now,
                                    choices)
    return render_template("public/programme.html", form=form, page=page, now=now,
                           badge=availability.badge, page_url=page_url,
                           share=share.programme_share())


def page_url(form: forms.ProgrammeFilterForm, number: int) -> str:
    """This programme view with its filters, at page `number`. Only the form's
    own parameters are carried: url_for reads others such as _external itself."""
    args: dict[str, Any] = {field.name: request.args.getlist(field.name) for field in form
            if field.name in request.args}
    return url_for("public.programme_page", **(args | {"page": [str(number)]}))


def timetable_page(slug: str) -> ResponseReturnValue:
    event = lookups.visible_event_by_slug(slug, current_user)
    now = utcnow()
    view = day_view(event, "public.timetable_page", now)
    grid = (timetable.day_grid(view.day, view.sessions, _columns(view))
            if view.day and view.sessions else None)
    return render_template("public/timetable.html", event=event, view=view, grid=grid, now=now,
                           badge=availability.badge, share=share.timetable_share(event))


def _columns(view: DayView) -> list[Venue]:
    """The event's venues in their one order, less those the filters leave out."""
    chosen = view.filters
    return [venue for venue in view.outline.venues
            if chosen.venue_id in (None, venue.id) and chosen.city in (None, venue.city)]
