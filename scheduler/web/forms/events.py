"""Organiser forms for events, sessions and people. They gather the page's
fields and hand them to the input models, which check them; the services
judge everything that depends on other rows.

Session times are typed as the venue's wall clock; the forms turn them into
instants with scheduler.timezones, so a time that happens twice is resolved
the way the organiser chose and can be reported back to them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.form import BaseForm
from wtforms.validators import Email, InputRequired, Optional, ValidationError

from scheduler.events.inputs import DEFAULT_RETENTION_DAYS, EventInput, NewEventInput, SessionInput
from scheduler.events.models import EventKind, EventSession, RegistrationMode
from scheduler.films.models import Film
from scheduler.people.inputs import PersonInput
from scheduler.people.models import PersonRole
from scheduler.timezones import at_venue, resolve
from scheduler.validation import present
from scheduler.venues.models import Venue
from scheduler.web.forms.images import IMAGE_TYPES, ImageFields
from scheduler.web.forms.support import NOT_AN_EMAIL, REQUIRED, SelectChoice, input_of, optional_id
from scheduler.web.forms.translations import EventTextsForm, TranslatableForm, in_language
from scheduler.web.templating import KIND_LABELS, ROLE_LABELS

DATE_SLOTS = 8
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
MODE_LABELS = {
    RegistrationMode.open: _l("Open: first come, first served"),
    RegistrationMode.approval: _l("Approval: organisers accept each request"),
    RegistrationMode.invitation: _l("Invitation only"),
}


class EventForm(TranslatableForm, ImageFields):
    title = StringField(_l("Title"), [InputRequired(REQUIRED)])
    slug = StringField(_l("Address"))
    kind = SelectField(_l("Kind"),
                       choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in EventKind])
    description = TextAreaField(_l("Description"), render_kw={"rows": 6})
    translations_ru = in_language(EventTextsForm, "ru")
    translations_ka = in_language(EventTextsForm, "ka")
    retention_days = IntegerField(_l("Keep attendees' personal data for (days after the end)"),
                                  [Optional()], default=DEFAULT_RETENTION_DAYS)
    confirm_guest_email = BooleanField(_l("Guests confirm their email before their seat is kept"))
    image = FileField(_l("Banner"), render_kw={"accept": IMAGE_TYPES})

    def event_input(self) -> EventInput:
        return input_of(self, EventInput, leave_out=self.slug_kept())

    def slug_kept(self) -> tuple[str, ...]:
        """("slug",) when the field is as it was, or empty: the slug stays (a new
        event's is made from its title), and one made before the rule is not re-checked."""
        return ("slug",) if self.slug.data in ("", None, self.slug.object_data) else ()


class NewEventForm(EventForm):
    status = SelectField(_l("Status"), default="draft", choices=[
        SelectChoice("draft", _l("Draft: only its organisers see it")),
        SelectChoice("published", _l("Published: on the public programme")),
    ])

    def event_input(self) -> NewEventInput:
        return input_of(self, NewEventInput, leave_out=self.slug_kept())


class CoOrganiserForm(FlaskForm):
    email = EmailField(_l("Organiser's email"), [InputRequired(REQUIRED), Email(NOT_AN_EMAIL)])


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), [InputRequired(REQUIRED)])
    affiliation = StringField(_l("Affiliation"))
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, ROLE_LABELS[r.value])
                                        for r in PersonRole])

    def person_input(self) -> PersonInput:
        return input_of(self, PersonInput)


@dataclass(frozen=True)
class Span:
    """A session's start and end as instants, with a note for each wall-clock
    time that happens twice (which occurrence was used, at what offset)."""

    starts_at: datetime
    ends_at: datetime
    notes: list[str]


def resolve_span(day: date, start: time, end: time, zone: str, *,
                 ends_on: date | None = None, later: bool = False) -> Span:
    """Local date and times at a venue as instants. Without an end date, an end
    at or before the start is on the next day, as after a late screening
    (the rule schedule_on_dates follows too)."""
    start_wall = datetime.combine(day, start)
    # Resolved first: it refuses absurd years before a day is added below.
    starts = resolve(start_wall, zone, field="starts_at", later=later)
    end_day = ends_on or (day + timedelta(days=1) if end <= start else day)
    end_wall = datetime.combine(end_day, end)
    ends = resolve(end_wall, zone, field="ends_at", later=later)
    notes = [twice_note(wall, zone, resolved.at, later)
             for wall, resolved in ((start_wall, starts), (end_wall, ends))
             if resolved.ambiguous]
    return Span(starts.at, ends.at, notes)


def twice_note(wall: datetime, zone: str, instant: datetime, later: bool) -> str:
    offset = at_venue(instant, zone).isoformat()[-6:]
    which = "later" if later else "earlier"
    return (f"{wall:%H:%M} happens twice on {wall.day} {wall:%b} in {zone}; "
            f"we used the {which} one, {offset}.")


class SessionFields(TranslatableForm):
    """What a single session and a run of dates have in common."""

    venue_id = SelectField(_l("Venue"), coerce=int)
    film_id = SelectField(_l("Film"), coerce=optional_id)
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"), render_kw={"rows": 3})
    translations_ru = in_language(EventTextsForm, "ru")
    translations_ka = in_language(EventTextsForm, "ka")
    capacity = IntegerField(_l("Seats"), [Optional()])
    reserved_seats = IntegerField(_l("Seats held for invited guests"), [Optional()], default=0)
    registration_mode = SelectField(_l("Registration"), default=RegistrationMode.open.value,
                                    choices=[SelectChoice(mode.value, label)
                                             for mode, label in MODE_LABELS.items()])
    qa_minutes = IntegerField(_l("Q&A minutes after a screening"), [Optional()], default=0)
    later = RadioField(_l("If this time happens twice (clocks go back)"), default="earlier",
                       choices=[SelectChoice("earlier", _l("The earlier one")),
                                SelectChoice("later", _l("The later one"))])

    @property
    def wants_later(self) -> bool:
        return bool(self.later.data == "later")

    def chosen_instant(self, wall_clock: datetime | None, field: str) -> datetime | None:
        """A wall-clock time at the venue as the instant the organiser chose."""
        if wall_clock is None:
            return None
        return resolve(wall_clock, self.zone, field=field, later=self.wants_later).at

    def offer(self, venues: list[Venue], films: list[Film]) -> None:
        """The venues and films to choose from; remembers each venue's zone."""
        self.venue_id.choices = [SelectChoice(v.id, f"{v.name}, {v.city} ({v.timezone})")
                                 for v in venues]
        self.film_id.choices = [SelectChoice("", _l("No film"))] + [
            SelectChoice(f.id, f"{f.title} ({f.runtime_minutes} min)") for f in films]
        self.zones = {v.id: v.timezone for v in venues}

    @property
    def zone(self) -> str:
        return self.zones[self.venue_id.data]

    def common_input(self) -> dict[str, Any]:
        return {
            "venue_id": self.venue_id.data, "film_id": self.film_id.data,
            "title": self.title.data or "", "description": self.description.data or "",
            "capacity": self.capacity.data,
            "reserved_seats": self.reserved_seats.data or 0,
            "registration_mode": self.registration_mode.data,
            "qa_minutes": self.qa_minutes.data or 0,
            "translations": self.translations_data(),
        }


class SessionForm(SessionFields):
    starts_on = DateField(_l("Date"), [InputRequired(REQUIRED)])
    starts_at = TimeField(_l("Starts"), [InputRequired(REQUIRED)], format=TIME_FORMATS)
    ends_at = TimeField(_l("Ends"), [InputRequired(REQUIRED)], format=TIME_FORMATS)
    ends_on = DateField(_l("Ends on (a later day)"), [Optional()])
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), [Optional()],
                                               format=LOCAL_FORMATS)
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), [Optional()],
                                                format=LOCAL_FORMATS)

    def session_input(self) -> tuple[SessionInput, list[str]]:
        """The service's input with instants, and notes on doubled times.
        Raises NonexistentLocalTime for a time the clocks skip."""
        span = resolve_span(present(self.starts_on.data), present(self.starts_at.data),
                            present(self.ends_at.data),
                            self.zone, ends_on=self.ends_on.data, later=self.wants_later)
        data = SessionInput.parse(self.common_input() | {
            "starts_at": span.starts_at, "ends_at": span.ends_at,
            "registration_opens_at": self.chosen_instant(self.registration_opens_at.data,
                                                         "registration_opens_at"),
            "registration_closes_at": self.chosen_instant(self.registration_closes_at.data,
                                                          "registration_closes_at")})
        return data, span.notes


def session_values(event_session: EventSession) -> dict[str, Any]:
    """A session as the form shows it: the venue's wall clock."""
    zone = event_session.venue.timezone
    start = at_venue(event_session.starts_at, zone)
    end = at_venue(event_session.ends_at, zone)
    return {
        "venue_id": event_session.venue_id, "film_id": event_session.film_id,
        "title": event_session.title, "description": event_session.description,
        "translations": event_session.translations,
        "capacity": event_session.capacity, "qa_minutes": event_session.qa_minutes,
        "reserved_seats": event_session.reserved_seats,
        "registration_mode": event_session.registration_mode.value,
        "starts_on": start.date(), "starts_at": start.time(), "ends_at": end.time(),
        "ends_on": end.date() if end.date() != start.date() else None,
        "later": "later" if start.fold or end.fold else "earlier",
        "registration_opens_at": _wall_clock(event_session.registration_opens_at, zone),
        "registration_closes_at": _wall_clock(event_session.registration_closes_at, zone),
    }


def _wall_clock(moment: datetime | None, zone: str) -> datetime | None:
    return at_venue(moment, zone).replace(tzinfo=None) if moment else None


def _at_least_one_date(form: BaseForm, field: FieldList[Any]) -> None:
    if not any(entry.data for entry in field.entries):
        raise ValidationError(_("Pick at least one date."))


class SeveralDatesForm(SessionFields):
    days = FieldList(DateField(_l("Date"), [Optional()]), validators=[_at_least_one_date],
                     min_entries=DATE_SLOTS, max_entries=DATE_SLOTS)
    starts_at = TimeField(_l("Starts"), [InputRequired(REQUIRED)], format=TIME_FORMATS)
    ends_at = TimeField(_l("Ends"), [InputRequired(REQUIRED)], format=TIME_FORMATS)

    @property
    def chosen_days(self) -> list[date]:
        return sorted({entry.data for entry in self.days if entry.data})

    def session_input(self) -> tuple[SessionInput, list[str]]:
        """The input schedule_on_dates repeats, and notes on doubled times.
        Every date is resolved first, so a skipped time names its date."""
        starts_at, ends_at = present(self.starts_at.data), present(self.ends_at.data)
        spans = [resolve_span(day, starts_at, ends_at, self.zone,
                              later=self.wants_later)
                 for day in self.chosen_days]
        first = datetime.combine(self.chosen_days[0], starts_at)
        data = SessionInput.parse(self.common_input() | {"starts_at": first, "ends_at": first})
        return data, [note for span in spans for note in span.notes]
