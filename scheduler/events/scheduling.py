"""Sessions: schedule, schedule on several dates, change, cancel.

Each only changes rows and flushes; the caller's unit of work commits. The
venue row is locked before looking for conflicts, so two organisers saving at
the same moment are checked one after the other; the database's own overlap
guard backs this up. Telling attendees and promoting the waitlist is
registration's part (scheduler.registration.session_changes).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _, ngettext
from sqlalchemy.exc import IntegrityError

from scheduler import permissions
from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.dates import local_date
from scheduler.errors import Conflict, DomainError
from scheduler.events.inputs import SessionInput
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.events.sessions import Checked, VenueConflict, check, conflict_error, find_conflict
from scheduler.extensions import db
from scheduler.timezones import resolve
from scheduler.transactions import savepoint
from scheduler.venues.models import Venue


def require_writable(event: Event, actor: User) -> None:
    """Only the event's organisers change its sessions, and not once it is cancelled."""
    permissions.require_event_editor(actor, event)
    if event.status is EventStatus.cancelled:
        raise Conflict(_("This event is cancelled; its sessions cannot change."),
                       code="event_cancelled")


def _claim_slot(checked: Checked, *, ignoring: EventSession | None = None) -> None:
    lock_for_writing(db.session, Venue, checked.venue.id)
    other = find_conflict(checked.venue, checked.starts_at, checked.ends_at,
                          ignoring=ignoring)
    if other is not None:
        raise conflict_error(checked.venue, other)


@contextmanager
def _written(checked: Checked, ignoring: EventSession | None = None) -> Iterator[None]:
    """Flush the changes made inside, or name the session they clash with."""
    try:
        # The savepoint lets the transaction look for that session after a
        # refused write; begun before the changes, since beginning one
        # flushes whatever is pending.
        with savepoint():
            yield
            db.session.flush()
    except IntegrityError as exc:
        # The database's overlap guard caught what the check could not see.
        other = find_conflict(checked.venue, checked.starts_at, checked.ends_at,
                              ignoring=ignoring)
        if other is None:
            raise
        raise conflict_error(checked.venue, other) from exc


def _new_session(event: Event, checked: Checked,
                 import_key: str | None = None) -> EventSession:
    event_session = EventSession(event=event, import_key=import_key, **checked.values)
    event_session.place(checked.venue, checked.starts_at, checked.ends_at)
    db.session.add(event_session)
    return event_session


def schedule_session(event: Event, data: SessionInput, *, actor: User,
                     import_key: str | None = None) -> EventSession:
    """Add a session, unless its venue is busy then; `import_key` marks one
    loaded from an .ics file (see EventSession.import_key). Flushes."""
    require_writable(event, actor)
    checked = check(data)
    _claim_slot(checked)
    with _written(checked):
        return _new_session(event, checked, import_key)


def schedule_on_dates(event: Event, data: SessionInput, dates: list[date],
                      start: time, end: time, *, actor: User,
                      later: bool | None = None) -> list[EventSession]:
    """The same session on several dates (same local times, each checked).
    A time the clocks show twice is the `later` or earlier of the two, as
    the organiser chose; not chosen (None), it is refused.
    All or nothing: one conflict refuses them all, naming every bad date. Flushes."""
    require_writable(event, actor)
    if not dates:
        raise DomainError(_("Pick at least one date."),
                          fields={"dates": _("pick at least one")})
    planned = [check(_as_chosen(_on_date(data, day, start, end), later))
               for day in sorted(set(dates))]
    lock_for_writing(db.session, Venue, planned[0].venue.id)
    conflicts = [_date_conflict(checked, planned[:index])
                 for index, checked in enumerate(planned)]
    problems = [conflict for conflict in conflicts if conflict]
    if problems:
        raise VenueConflict(" ".join(problems), fields={"dates": "; ".join(problems)})
    with _written(planned[0]):
        return [_new_session(event, checked) for checked in planned]


def _on_date(data: SessionInput, day: date, start: time, end: time) -> SessionInput:
    """Wall-clock times on `day` (check() reads them in the venue's zone); an
    end at or before the start is on the next day, as after a late screening."""
    ends_on = day + timedelta(days=1) if end <= start else day
    return data.changed(starts_at=datetime.combine(day, start),
                        ends_at=datetime.combine(ends_on, end))


def _as_chosen(data: SessionInput, later: bool | None) -> SessionInput:
    """Wall-clock start and end as the instants the organiser chose."""
    venue = db.session.get(Venue, data.venue_id)
    if later is None or venue is None:
        return data
    return data.changed(**{field: resolve(getattr(data, field), venue.timezone, field=field,
                                          later=later).at
                           for field in ("starts_at", "ends_at")})


def _date_conflict(checked: Checked, earlier: list[Checked]) -> str | None:
    day = local_date(checked.starts_at, checked.venue.timezone)
    other = find_conflict(checked.venue, checked.starts_at, checked.ends_at)
    if other is not None:
        return _("%(day)s: %(problem)s", day=day,
                 problem=conflict_error(checked.venue, other).message)
    if any(c.starts_at < checked.ends_at and checked.starts_at < c.ends_at for c in earlier):
        return _("%(day)s: overlaps another of the new sessions.", day=day)
    return None


@dataclass(frozen=True)
class SessionChange:
    """What a change did that the people registered must hear about."""

    rescheduled: bool = False  # another time or venue
    seats_freed: bool = False  # more open to the waitlist
    cancelled: bool = False


def update_session(event_session: EventSession, data: SessionInput, *, actor: User,
                   now: datetime | None = None) -> SessionChange:
    """Change a session to `data` (SessionInput.of(it).changed(...) for a few
    fields). Moving it (time or venue) raises its SEQUENCE so calendars
    replace their copy. Capacity never drops below the confirmed seats. Flushes."""
    require_writable(event_session.event, actor)
    if event_session.status is SessionStatus.cancelled:
        raise Conflict(_("This session is cancelled."), code="session_cancelled")
    checked = check(data)
    # Registrations take seats by updating this row; holding it makes the
    # seat count read next the one the new capacity is compared against.
    lock_for_writing(db.session, EventSession, event_session.id)
    db.session.refresh(event_session, ["seats_taken"])
    if checked.values["capacity"] < event_session.seats_taken:
        taken = event_session.seats_taken
        raise Conflict(
            ngettext("%(num)s seat is already confirmed; the capacity cannot go below that.",
                     "%(num)s seats are already confirmed; the capacity cannot go below that.",
                     taken), code="capacity_below_confirmed",
            fields={"capacity": _("must be at least %(num)s", num=taken)})
    change = SessionChange(
        rescheduled=(checked.venue.id, checked.starts_at, checked.ends_at) != (
            event_session.venue_id, event_session.starts_at, event_session.ends_at),
        seats_freed=(checked.values["capacity"] > event_session.capacity
                     or checked.values["reserved_seats"] < event_session.reserved_seats))
    if change.rescheduled:
        _claim_slot(checked, ignoring=event_session)
    with _written(checked, ignoring=event_session):
        if change.rescheduled:
            event_session.sequence += 1
        for field, value in checked.values.items():
            setattr(event_session, field, value)
        event_session.place(checked.venue, checked.starts_at, checked.ends_at)
        event_session.updated_at = now or utcnow()
    return change


def cancel_session(event_session: EventSession, *, actor: User,
                   now: datetime | None = None) -> SessionChange:
    """Cancel a session. The row stays, so feeds can tell calendars; doing it
    twice is harmless (the second time changes nothing). Flushes."""
    permissions.require_event_editor(actor, event_session.event)
    if event_session.status is SessionStatus.cancelled:
        return SessionChange()
    event_session.status = SessionStatus.cancelled
    event_session.sequence += 1
    event_session.updated_at = now or utcnow()
    db.session.flush()
    return SessionChange(cancelled=True)
