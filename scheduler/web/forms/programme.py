"""The programme's filter form: a GET form, so no CSRF token, and every bad
value becomes a message beside its field while the rest of the filters apply."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, IntegerField, SearchField, SelectField
from wtforms.form import BaseForm
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from scheduler.events.models import EventKind
from scheduler.localised import in_reader_language
from scheduler.timezones import EARLIEST_YEAR, LATEST_YEAR
from scheduler.venues.models import Venue
from scheduler.web.forms.support import SelectChoice, no_nul
from scheduler.web.public.listing import Choices, Filters
from scheduler.web.templating import kind_label

MAX_SEARCH = 100
ANY = SelectChoice("", _l("Any"))


class KnownChoice(SelectField):
    """A select whose unknown value says so plainly instead of "Not a valid choice"."""

    choices: list[SelectChoice]

    def pre_validate(self, form: BaseForm) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_("There is no %(field)s “%(value)s” in the programme, "
                                    "so that filter is off.",
                                    field=str(self.label.text).lower(), value=self.data))


class PlainMessage(Field):
    """A field whose unreadable value gets `malformed` as its message."""

    malformed = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.malformed) from exc


class PlainDateField(PlainMessage, DateField):
    malformed = _l("Give a date such as 2026-12-14; that filter is off.")


class PageField(PlainMessage, IntegerField):
    malformed = _l("Pages are numbered 1, 2, 3…; showing the first.")


def plausible_year(form: BaseForm, field: DateField) -> None:
    if field.data and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
        raise ValidationError(_("Give a date between %(first)s and %(last)s; "
                                "that filter is off.", first=EARLIEST_YEAR, last=LATEST_YEAR))


class ProgrammeFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Title"), [Optional(), Length(
        max=MAX_SEARCH, message=_l("Search with at most %(number)s characters; the search is off.",
                   number=MAX_SEARCH)), no_nul])
    kind = KnownChoice(_l("Kind"))
    city = KnownChoice(_l("City"))
    venue = KnownChoice(_l("Venue"))
    event = KnownChoice(_l("Event"))
    first_day = PlainDateField(_l("From"), [Optional(), plausible_year], name="from")
    last_day = PlainDateField(_l("To"), [Optional(), plausible_year], name="to")
    seats = BooleanField(_l("Only sessions with seats left"))
    # Not rendered: the page links carry it, and a new filter starts at page 1.
    page = PageField(_l("Page"), [Optional(), NumberRange(
        min=1, max=10**6, message=PageField.malformed)])

    def validate_last_day(self, field: DateField) -> None:
        first = self.first_day
        if field.data and first.data and not first.errors and field.data < first.data:
            raise ValidationError(_("The end date is before the start date; "
                                    "that filter is off."))


def venue_choice(venue: Venue) -> SelectChoice:
    """A venue as a filter option: its name in the reader's language, and its city."""
    return SelectChoice(str(venue.id), f"{in_reader_language(venue, 'name')}, {venue.city}")


def filter_form(choices: Choices) -> ProgrammeFilterForm:
    """The form read from the query string, its options from `choices`, validated."""
    form = ProgrammeFilterForm(formdata=request.args)
    form.kind.choices = [ANY] + [SelectChoice(k.value, kind_label(k)) for k in EventKind]
    form.city.choices = [ANY] + [SelectChoice(city) for city in choices.cities]
    form.venue.choices = [ANY] + [venue_choice(v) for v in choices.venues]
    form.event.choices = [ANY] + [SelectChoice(e.slug, in_reader_language(e, "title"))
                                  for e in choices.events]
    form.validate()
    return form


def valid(form: FlaskForm, name: str) -> Any:
    """A field's value, or None when it failed validation."""
    return None if form[name].errors else form[name].data


def filters_from(form: ProgrammeFilterForm) -> Filters:
    venue, kind = valid(form, "venue"), valid(form, "kind")
    return Filters(kind=EventKind(kind) if kind else None, city=valid(form, "city") or None,
                   venue_id=int(venue) if venue else None,
                   event_slug=valid(form, "event") or None,
                   first_day=valid(form, "first_day"), last_day=valid(form, "last_day"),
                   seats_available=bool(form.seats.data),
                   search=(valid(form, "q") or "").strip())


def page_asked(form: ProgrammeFilterForm) -> int:
    return valid(form, "page") or 1
