"""The filters of an event's page and timetable: a GET form like the
programme's, whose bad values become messages while the rest still apply."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from scheduler.events.browsing import DayFilters, EventOutline, SessionKind
from scheduler.web.forms.programme import (
    ANY,
    KnownChoice,
    PageField,
    PlainDateField,
    valid,
    venue_choice,
)
from scheduler.web.forms.support import SelectChoice

KIND_LABELS = {SessionKind.film: _l("Film screenings"), SessionKind.other: _l("Other sessions")}
# Carried by the tab links and the form, so a filter keeps its day and a day its filters.
PARAMETERS = ("day", "venue", "city", "kind", "language", "seats")


class DayFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    # The tabs set the day; the form sends it back so filtering stays on that day.
    day = PlainDateField(_l("Day"), [Optional()], widget=HiddenInput())
    venue = KnownChoice(_l("Venue"))
    city = KnownChoice(_l("City"))
    kind = KnownChoice(_l("Kind"))
    language = KnownChoice(_l("Language or subtitles"))
    seats = BooleanField(_l("Only sessions with seats left"))
    # Not rendered: the day's page links carry it; a new day or filter starts at page 1.
    page = PageField(_l("Page"), [Optional(), NumberRange(
        min=1, max=10**6, message=PageField.malformed)])


def day_filter_form(outline: EventOutline) -> DayFilterForm:
    """The form read from the query string, its options from the event's outline, validated."""
    form = DayFilterForm(formdata=request.args)
    form.venue.choices = [ANY] + [venue_choice(v) for v in outline.venues]
    form.city.choices = [ANY] + [SelectChoice(city) for city in outline.cities]
    form.kind.choices = [ANY] + [SelectChoice(k.value, label) for k, label in KIND_LABELS.items()]
    form.language.choices = [ANY] + [SelectChoice(name) for name in outline.languages]
    form.validate()
    return form


def day_filters_from(form: DayFilterForm) -> DayFilters:
    venue, kind = valid(form, "venue"), valid(form, "kind")
    return DayFilters(venue_id=int(venue) if venue else None, city=valid(form, "city") or None,
                      kind=SessionKind(kind) if kind else None,
                      language=valid(form, "language") or None,
                      seats_available=bool(form.seats.data))


def day_page_asked(form: DayFilterForm) -> int:
    return valid(form, "page") or 1


def kept_arguments() -> dict[str, Any]:
    """The filters of this request as asked, for links to other days."""
    return {name: request.args.getlist(name) for name in PARAMETERS
            if name != "day" and name in request.args}
