"""Loading sessions into an event from an .ics file: preview, then commit.

Both run every entry through the use cases that hold the rules (venues'
create_venue; scheduling's schedule_session, session_changes' update_session
and cancel_session), each in a savepoint of one trial that is kept only when
committing and no entry refused. So the preview meets the same refusals (venue
conflicts, capacity, local times the clocks skip) the commit would, and a
refusal anywhere stores nothing. The caller's unit of work commits.

Which stored session an occurrence is (scheduler.imports.matching): its UID
and RECURRENCE-ID first; then, within one UID, the occurrences that vanished
from the file and the new ones pair up in time order (the series moved);
what is left over of the old is cancelled. UIDs the file does not mention are
left alone, so a programme may come in several files.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l

from scheduler.accounts.models import User
from scheduler.database import lock_for_writing, utcnow
from scheduler.dates import local_datetime, local_time
from scheduler.errors import DomainError
from scheduler.events import scheduling
from scheduler.events.inputs import SessionInput
from scheduler.events.models import Event, EventSession, SessionStatus
from scheduler.extensions import db
from scheduler.imports.matching import Matches, matched
from scheduler.imports.reading import Entry, ImportRefused, approximate_utc, read_calendar
from scheduler.imports.venues import VenueDefaults, VenueFinder
from scheduler.registration import session_changes
from scheduler.timezones import as_instant
from scheduler.transactions import savepoint
from scheduler.validation import present
from scheduler.venues.models import Venue

# Session fields as the .ics file names them, for explaining refusals.
FILE_NAMES = {"starts_at": "DTSTART", "ends_at": "DTEND", "title": "SUMMARY",
              "description": "DESCRIPTION", "capacity": _l("The seats (capacity)")}


class Action(StrEnum):
    problem = "problem"
    create = "create"
    update = "update"
    cancel = "cancel"
    unchanged = "unchanged"
    skip = "skip"


@dataclass(frozen=True)
class Line:
    """What happens to one session (or one VEVENT) of the file."""

    action: Action
    label: str
    message: str = ""
    venue: str = ""
    when: str = ""


@dataclass
class Report:
    text: str  # the file as the preview carries it to the commit
    lines: list[Line] = field(default_factory=list)
    new_venues: list[str] = field(default_factory=list)
    committed: bool = False

    def of(self, action: Action) -> list[Line]:
        return [line for line in self.lines if line.action is action]

    @property
    def problems(self) -> list[Line]:
        return self.of(Action.problem)


def preview_import(event: Event, upload: bytes, defaults: VenueDefaults, *,
                   actor: User, now: datetime | None = None) -> Report:
    """What importing the file would do, and every problem; changes nothing."""
    return _run(event, _decoded(upload), defaults, actor, now or utcnow(), keep=False)


def commit_import(event: Event, text: str, defaults: VenueDefaults, *,
                  actor: User, now: datetime | None = None) -> Report:
    """Import the file, re-read and re-checked from scratch. All or nothing:
    with any problem the report says why and nothing is kept. Flushes."""
    return _run(event, text, defaults, actor, now or utcnow(), keep=True)


def _decoded(upload: bytes) -> str:
    try:
        return upload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("This is not an iCalendar (.ics) file: it is not "
                              "UTF-8 text.")) from exc


def _carried(text: str) -> str:
    """The text as a browser posts it back from the preview's hidden field
    (CRLF line ends), refused if that would exceed the form field limit."""
    carried = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    if len(carried.encode()) > _size_limit():
        raise ImportRefused(too_large_message())
    return carried


def _size_limit() -> int:
    config = current_app.config
    limit: int = config.get("MAX_FORM_MEMORY_SIZE") or config["MAX_CONTENT_LENGTH"]
    return limit


def too_large_message() -> str:
    return _("The file is larger than the %(size)s kB an import can take; "
             "split it into smaller files.", size=_size_limit() // 1000)


def _run(event: Event, text: str, defaults: VenueDefaults, actor: User,
         now: datetime, *, keep: bool) -> Report:
    scheduling.require_writable(event, actor)
    report = Report(_carried(text))
    reading = read_calendar(report.text, now)
    report.lines = [Line(Action.problem if notice.blocking else Action.skip,
                         notice.label, notice.message) for notice in reading.notices]
    # Two imports into one event run one after the other, the second reading
    # what the first stored.
    lock_for_writing(db.session, Event, event.id)
    with suppress(_Discarded), savepoint():
        steps = _Steps(event, VenueFinder(defaults, actor), actor, now,
                       matched(reading, _imported(event)))
        # Cancelled first, so a moved occurrence may take a vanished one's slot.
        report.lines += [steps.withdraw(gone) for gone in steps.matches.vanished]
        entries = sorted(reading.entries, key=lambda entry: approximate_utc(entry.starts_at))
        report.lines += [steps.apply(entry) for entry in entries]
        report.new_venues = steps.venues.created
        report.committed = keep and not report.problems
        if not report.committed:
            raise _Discarded
    return report


class _Discarded(Exception):
    """Ends a trial run: its savepoint undoes everything the entries did."""


def when(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    return f"{local_datetime(starts_at, zone)} – {local_time(ends_at, zone)}"


class _Steps:
    """Turns each entry into one use case, in a savepoint of its own."""

    def __init__(self, event: Event, venues: VenueFinder, actor: User,
                 now: datetime, matches: Matches) -> None:
        self.event, self.venues = event, venues
        self.actor, self.now, self.matches = actor, now, matches

    def apply(self, entry: Entry) -> Line:
        existing = self.matches.found.get(entry.key)
        if existing is not None and existing.import_key != entry.key:
            _keyed(existing, entry.key)
        if existing is not None and existing.status is SessionStatus.cancelled:
            return self._line(Action.unchanged if entry.cancelled else Action.skip, entry,
                              existing, _("Cancelled here already; left as it is."))
        if entry.cancelled:
            if existing is None:
                return Line(Action.skip, entry.label,
                            _("Cancelled in the file, so not created."))
            return self._attempt(entry, existing.venue, lambda: self._cancel(entry, existing))
        try:
            venue = self.venues.venue_for(entry)
        except DomainError as refusal:
            return Line(Action.problem, entry.label, refusal.message)
        if existing is None:
            return self._attempt(entry, venue, lambda: self._create(entry, venue))
        return self._attempt(entry, venue, lambda: self._update(entry, existing, venue))

    def _attempt(self, entry: Entry, venue: Venue, work: Callable[[], Line]) -> Line:
        try:
            return work()
        except DomainError as refusal:
            return Line(Action.problem, entry.label, _explained(refusal),
                        venue=venue.name, when=_file_times(entry, venue))

    def _create(self, entry: Entry, venue: Venue) -> Line:
        with savepoint():
            created = scheduling.schedule_session(
                self.event, SessionInput.parse({"venue_id": venue.id, **_times_and_text(entry)}),
                actor=self.actor, import_key=entry.key)
        return self._line(Action.create, entry, created)

    def _update(self, entry: Entry, existing: EventSession, venue: Venue) -> Line:
        before = _placing(existing)
        wanted = (venue.id, as_instant(entry.starts_at, venue.timezone),
                  as_instant(entry.ends_at, venue.timezone, field="ends_at"))
        if (wanted, entry.title, entry.description) == (
                before, existing.title, existing.description):
            return self._line(Action.unchanged, entry, existing)
        with savepoint():
            session_changes.update_session(
                existing, SessionInput.of(existing).changed(venue_id=venue.id,
                                                            **_times_and_text(entry)),
                actor=self.actor, now=self.now)
        moved = _placing(existing) != before
        return self._line(Action.update, entry, existing,
                          _("Rescheduled: calendars get version %(version)s.",
                            version=existing.sequence)
                          if moved else _("Title or description changed."))

    def withdraw(self, gone: EventSession) -> Line:
        """Cancel a session whose occurrence the file's series no longer has."""
        key = present(gone.import_key)  # it was imported
        label = f"“{gone.title}” ({key})" if gone.title else key
        try:
            with savepoint():
                session_changes.cancel_session(gone, actor=self.actor, now=self.now)
        except DomainError as refusal:
            return Line(Action.problem, label, refusal.message)
        return _placed(Action.cancel, label, gone, _(
            "No longer in the file's series (an EXDATE, or a lower COUNT or earlier UNTIL)."))

    def _cancel(self, entry: Entry, existing: EventSession) -> Line:
        with savepoint():
            session_changes.cancel_session(existing, actor=self.actor, now=self.now)
        return self._line(Action.cancel, entry, existing, _("Cancelled in the file."))

    @staticmethod
    def _line(action: Action, entry: Entry, event_session: EventSession,
              message: str = "") -> Line:
        return _placed(action, entry.label, event_session, message)


def _placed(action: Action, label: str, event_session: EventSession,
            message: str = "") -> Line:
    venue = event_session.venue
    return Line(action, label, message, venue=f"{venue.name}, {venue.city}",
                when=when(event_session.starts_at, event_session.ends_at, venue.timezone))


def _imported(event: Event) -> list[EventSession]:
    return list(db.session.scalars(sa.select(EventSession).where(
        EventSession.event_id == event.id, EventSession.import_key.is_not(None))))


def _keyed(event_session: EventSession, key: str) -> None:
    """The session now answers to its occurrence's new RECURRENCE-ID."""
    event_session.import_key = key
    db.session.flush()


def _explained(refusal: DomainError) -> str:
    """A refusal of the session's fields, in the file's own terms."""
    if refusal.code != DomainError.code or not refusal.fields:
        return refusal.message
    return "; ".join(f"{FILE_NAMES.get(name, name)} {problem}"
                     for name, problem in refusal.fields.items()) + "."


def _placing(event_session: EventSession) -> tuple[Any, ...]:
    return event_session.venue_id, event_session.starts_at, event_session.ends_at


def _times_and_text(entry: Entry) -> dict[str, Any]:
    return {"starts_at": entry.starts_at, "ends_at": entry.ends_at,
            "title": entry.title, "description": entry.description}


def _file_times(entry: Entry, venue: Venue) -> str:
    """The entry's times at the venue; floating ones as written (they did not resolve)."""
    if entry.starts_at.tzinfo is None:
        return _("%(starts)s – %(ends)s (%(zone)s wall clock)",
                 starts=f"{entry.starts_at:%Y-%m-%d %H:%M}", ends=f"{entry.ends_at:%H:%M}",
                 zone=venue.timezone)
    return when(entry.starts_at, entry.ends_at, venue.timezone)
