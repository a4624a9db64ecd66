from __future__ import annotations

import enum
import uuid
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.accounts.models import User
from scheduler.database import UTCDateTime, str_enum, utcnow
from scheduler.extensions import Model, db
from scheduler.films.models import Film
from scheduler.images.models import Image
from scheduler.localised import Translations, localised
from scheduler.people.models import SessionPerson
from scheduler.venues.models import Venue


class EventKind(enum.StrEnum):
    training = "training"
    study_visit = "study_visit"
    film_festival = "film_festival"
    screening = "screening"
    panel = "panel"
    conference = "conference"
    policy_dialogue = "policy_dialogue"
    campaign = "campaign"
    other = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EventStatus(enum.StrEnum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"

    @property
    def is_public(self) -> bool:
        """Whether everyone sees an event in this status (a cancelled one
        stays, saying so); a draft only its organisers see."""
        return self is not EventStatus.draft


class SessionStatus(enum.StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class RegistrationMode(enum.StrEnum):
    open = "open"
    approval = "approval"
    invitation = "invitation"


event_organiser = sa.Table(
    "event_organiser",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class Event(Model):
    """A programme: a festival, a training series, a study visit, a panel..."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Other languages of the texts below (scheduler.localised).
    translations: Mapped[Translations | None] = mapped_column(sa.JSON)
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus), default=EventStatus.draft)
    # RESTRICT: removing an organiser's account must not silently take their programmes.
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="RESTRICT"))
    # Days after the last session ends until its attendees' personal data is
    # erased (scheduler.privacy.retention); the counts stay.
    retention_days: Mapped[int] = mapped_column(default=365, server_default="365")
    # Guests (not signed in) confirm their email before their booking is kept.
    confirm_guest_email: Mapped[bool] = mapped_column(server_default=sa.false())
    banner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("image.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    banner: Mapped[Image | None] = relationship()
    co_organisers: Mapped[list[User]] = relationship(secondary=event_organiser)
    # By id after the start: sessions that start together keep one order.
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event", order_by="[EventSession.starts_at, EventSession.id]",
        cascade="all, delete-orphan", passive_deletes=True)

    @hybrid_property
    def is_public(self) -> bool:
        return self.status.is_public

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> sa.ColumnElement[bool]:
        # The SQL form of EventStatus.is_public.
        return cls.status != EventStatus.draft

    def __repr__(self) -> str:
        return f"<Event {self.slug} {self.status.value}>"


class EventFormerSlug(Model):
    """A slug an event had before: its addresses answer with a permanent
    redirect to the event's current slug, so old links and feeds keep working."""

    __tablename__ = "event_former_slug"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()


class EventSession(Model):
    """One dated slot of an event at one venue (`session` is Flask's name)."""

    __tablename__ = "event_session"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity",
                           name="seats_within_capacity"),
        sa.CheckConstraint("reserved_seats >= 0 AND reserved_seats <= capacity",
                           name="reserved_within_capacity"),
        sa.CheckConstraint("guest_seats_taken >= 0 AND guest_seats_taken <= seats_taken",
                           name="guest_seats_within_taken"),
        sa.CheckConstraint("waitlist_length >= 0", name="waitlist_length_not_negative"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint("qa_minutes >= 0", name="qa_not_negative"),
        sa.CheckConstraint("blocked_until >= ends_at", name="blocked_after_end"),
        sa.CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_window_ordered"),
        sa.Index("ix_event_session_venue_time", "venue_id", "starts_at"),
        # An event's days, span and outline (scheduler.events.browsing,
        # scheduler.discovery.outline) by seeks, not by reading every session.
        sa.Index("ix_event_session_event_time", "event_id", "starts_at", "id"),
        sa.Index("ix_event_session_event_end", "event_id", "ends_at", "id"),
        sa.Index("ix_event_session_starts_at", "starts_at"),
        sa.Index("uq_event_session_import_key", "event_id", "import_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Calendar apps key entries on the UID, so it is fixed at creation and
    # never derived from the title, the time or the host name.
    uid: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: f"{uuid.uuid4()}")
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # RESTRICT: a venue with sessions in it is retired, not deleted.
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venue.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Other languages of the texts below (scheduler.localised).
    translations: Mapped[Translations | None] = mapped_column(sa.JSON)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # ends_at plus the venue's changeover: the venue is busy over [starts_at,
    # blocked_until). The migration makes the database refuse overlaps of this
    # range among scheduled sessions of one venue (an exclusion constraint on
    # PostgreSQL, triggers on SQLite).
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    # Confirmed (or attended) registrations. Only conditional UPDATEs change
    # it, so two requests can never take the same last seat.
    seats_taken: Mapped[int] = mapped_column(default=0)
    # Seats held back for invited guests; open registration sees the rest.
    reserved_seats: Mapped[int] = mapped_column(default=0)
    guest_seats_taken: Mapped[int] = mapped_column(default=0)
    # Waitlisted registrations: kept by the database's triggers (migration
    # 0022), never written by the app, read by a booking under the row's lock.
    waitlist_length: Mapped[int] = mapped_column(default=0)
    registration_mode: Mapped[RegistrationMode] = mapped_column(
        str_enum(RegistrationMode), default=RegistrationMode.open)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus), default=SessionStatus.scheduled)
    sequence: Mapped[int] = mapped_column(default=0)
    # RESTRICT: a film with screenings is kept.
    film_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("film.id", ondelete="RESTRICT"), index=True)
    qa_minutes: Mapped[int] = mapped_column(default=0)
    # Set on sessions loaded from an .ics file: the VEVENT's UID (with its
    # RECURRENCE-ID for one occurrence), so importing again updates, not duplicates.
    import_key: Mapped[str | None] = mapped_column(sa.String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="sessions")
    venue: Mapped[Venue] = relationship()
    film: Mapped[Film | None] = relationship()
    people: Mapped[list[SessionPerson]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    def place(self, venue: Venue, starts_at: datetime, ends_at: datetime) -> None:
        """Put the session in a venue at a time, keeping the venue's busy range
        (the session plus the venue's changeover) in step."""
        self.venue, self.starts_at, self.ends_at = venue, starts_at, ends_at
        self.blocked_until = ends_at + timedelta(minutes=venue.changeover_minutes)

    @property
    def shown_title(self) -> str:
        """What the session is called, as first written (see shown_title_in)."""
        return self.shown_title_in(None)

    def shown_title_in(self, locale: str | None) -> str:
        """What the session is called wherever it is shown (shown_title)."""
        return shown_title(self, locale)

    @hybrid_property
    def open_seats(self) -> int:
        """Seats a public booking can take now: the free seats less those still
        held back for invited guests (who may also take the open ones)."""
        unused_reserve = max(self.reserved_seats - self.guest_seats_taken, 0)
        return max(self.capacity - self.seats_taken - unused_reserve, 0)

    @open_seats.inplace.expression
    @classmethod
    def _open_seats_expression(cls) -> sa.ColumnElement[int]:
        return open_seats_sql(cls)

    @property
    def is_scheduled(self) -> bool:
        """Not cancelled itself (its event may still be)."""
        return self.status is SessionStatus.scheduled

    def is_upcoming(self, now: datetime) -> bool:
        """Scheduled and not over yet: what a change to its venue must keep possible."""
        return self.is_scheduled and self.ends_at > now

    @property
    def is_cancelled(self) -> bool:
        """Cancelled itself, or by its event's cancellation (which leaves the
        status of sessions already over as it was)."""
        return (self.status is SessionStatus.cancelled
                or self.event.status is EventStatus.cancelled)

    def __repr__(self) -> str:
        return f"<EventSession {self.id} {self.starts_at:%Y-%m-%d %H:%M}Z>"


class Titled(Protocol):
    """What a session's shown title is made of: an EventSession, or a session
    read as a plain row (a feed's cold build)."""

    @property
    def title(self) -> str: ...
    @property
    def translations(self) -> Translations | None: ...
    @property
    def film(self) -> Film | None: ...
    @property
    def event(self) -> Event: ...


def shown_title(session: Titled, locale: str | None) -> str:
    """What a session is called wherever it is shown, in `locale`: its own
    title, else its film's, else its event's; each in `locale` when written
    so (scheduler.localised), None: as first written."""
    return (localised(session, "title", locale)
            or localised(session.film or session.event, "title", locale))


def open_seats_sql(columns: Any) -> sa.ColumnElement[int]:
    """EventSession.open_seats over `columns`: the class, or its table's
    columns where a Core statement must not become an ORM one."""
    left = _seats_left_to_the_public(columns)
    # CASE: the larger of two is GREATEST on PostgreSQL but MAX on SQLite.
    return sa.case((left > 0, left), else_=0)


def has_open_seat_sql(columns: Any) -> sa.ColumnElement[bool]:
    """open_seats_sql(columns) > 0, without the floor at zero, which cannot
    change it: the booking statement stays short enough for the database
    driver to keep its parsed form (writers._in_one_statement)."""
    return _seats_left_to_the_public(columns) > 0


def _seats_left_to_the_public(columns: Any) -> sa.ColumnElement[int]:
    left: sa.ColumnElement[int] = (columns.capacity - columns.seats_taken
                                   - _unused_reserve(columns))
    return left


def _unused_reserve(columns: Any) -> sa.ColumnElement[int]:
    unused = columns.reserved_seats - columns.guest_seats_taken
    return sa.case((unused > 0, unused), else_=0)
