"""Seeding the demo: each row is found by its natural key and brought in line.

Users are matched by email, venues by name and city, films by title and year, people by
name and affiliation, events by slug, sessions by event, venue and title, a person's part
by session and person, registrations by session and email. So a second run updates in
place, and a run on another day moves the dates along."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.security import check_password_hash, generate_password_hash

from scheduler.accounts.logins import set_password
from scheduler.database import Base, utcnow
from scheduler.demo import posters
from scheduler.demo.data import (
    ACCOUNTS,
    ADMIN,
    ATTENDEES,
    FILMS,
    ORGANISER,
    PEOPLE,
    VENUES,
    Account,
    FilmSpec,
    VenueSpec,
)
from scheduler.demo.programme import EVENTS, EventSpec, SessionSpec
from scheduler.demo.questions import seed_forms
from scheduler.extensions import db
from scheduler.favourites import services as favourites
from scheduler.localised import localised
from scheduler.models import (
    Event,
    EventFormerSlug,
    EventKind,
    EventSession,
    Film,
    Invitation,
    Person,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    SessionPerson,
    SessionStatus,
    User,
    Venue,
)
from scheduler.registration.models import ENDED
from scheduler.transactions import unit_of_work
from scheduler.urls import public_url

# Rows the partial unique index on (session, email) still counts.
ACTIVE = Registration.status.not_in(ENDED)


@dataclass(frozen=True)
class Login:
    email: str
    password: str


@dataclass(frozen=True)
class DemoLogins:
    admin: Login
    organiser: Login


@dataclass(frozen=True)
class Plan:
    """Where one session of the programme goes; its row is found or still to be added."""

    spec: SessionSpec
    event: Event
    event_session: EventSession
    venue: Venue
    starts_at: datetime
    ends_at: datetime

    @property
    def is_new(self) -> bool:
        return sa.inspect(self.event_session).transient

    def place(self) -> None:
        current = (self.event_session.starts_at, self.event_session.ends_at)
        if not self.is_new and current != (self.starts_at, self.ends_at):
            # Calendar apps only take a moved entry when its SEQUENCE goes up.
            self.event_session.sequence += 1
        self.event_session.place(self.venue, self.starts_at, self.ends_at)


M = TypeVar("M", bound=Base)
DEMO_STARS = 3

def seed_demo(today: date) -> DemoLogins:
    """Create or refresh the demo programme, dated from `today`, and give the printed
    accounts new passwords. Flushes; the command's unit of work commits it as one transaction."""
    users = {account.email: _user(account) for account in ACCOUNTS}
    db.session.flush()  # venues name their creator by id
    creators = _venue_creators(users)
    venues = {key: _venue(spec, creators[key]) for key, spec in VENUES.items()}
    films = {key: _film(spec) for key, spec in FILMS.items()}
    people = {key: _row(Person, name=spec.name, affiliation=spec.affiliation)
              for key, spec in PEOPLE.items()}
    # Nothing may reach the database before _place_all has ordered the moves.
    with db.session.no_autoflush:
        plans = [plan for spec in EVENTS for plan in _event(spec, users, venues, today)]
    _place_all(plans)
    for plan in plans:
        _fill(plan, films, people)
    db.session.flush()
    for event in {plan.event.id: plan.event for plan in plans}.values():
        if event.kind is EventKind.film_festival and event.banner is None:
            event.banner = posters.banner(event.title)  # drawn once, as the posters
    now = utcnow()
    for position, plan in enumerate(plans):
        _book(plan.event_session, plan.spec, position, now)
    db.session.flush()
    _star(users[ORGANISER.email], plans, now)
    seed_forms(list({plan.event.id: plan.event for plan in plans}.values()))
    logins = DemoLogins(_demo_login(users[ADMIN.email]), _demo_login(users[ORGANISER.email]))
    db.session.flush()
    return logins


def _star(user: User, plans: list[Plan], now: datetime) -> None:
    """A few public sessions starred by the printed account, so My programme
    and its agenda show stars. Starring again adds nothing."""
    public = [plan.event_session.id for plan in plans if plan.event.is_public]
    favourites.star(user, public[:DEMO_STARS], now=now)


def _row(model: type[M], **key: Any) -> M:
    """The row with these natural-key values, or a new one added to the session."""
    row = db.session.scalar(sa.select(model).filter_by(**key))
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row


def _user(account: Account) -> User:
    user = _row(User, email=account.email)
    if not user.password_hash:  # a new row has none yet
        # Never told to anyone: the printed accounts get a fresh one each run.
        user.password_hash = generate_password_hash(secrets.token_urlsafe(12))
    user.name, user.role = account.name, account.role
    return user


def demo_password(email: str) -> str:
    """The demo account's password: an HMAC of its email under this
    installation's SECRET_KEY, so every `make run` prints the same logins,
    while another installation (another key) has others, and none is in the code."""
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, f"scheduler.demo-login|{email}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode()[:16]


def _demo_login(user: User) -> Login:
    password = demo_password(user.email)
    # Set only when it differs: a new password ends the account's sign-ins and
    # tokens, which seeding again with the same key should not.
    if not check_password_hash(user.password_hash, password):
        set_password(user, password)
    return Login(user.email, password)


def _venue_creators(users: dict[str, User]) -> dict[str, User]:
    """Each venue's creator: the owner of the first event that uses it."""
    creators: dict[str, User] = {}
    for spec in EVENTS:
        for session_spec in spec.sessions:
            creators.setdefault(session_spec.venue, users[spec.owner])
    return creators


def _venue(spec: VenueSpec, creator: User) -> Venue:
    venue = _row(Venue, name=spec.name, city=spec.city)
    for field, value in asdict(spec).items():
        setattr(venue, field, value)
    venue.created_by_id = creator.id
    return venue


def _film(spec: FilmSpec) -> Film:
    film = _row(Film, title=spec.title, year=spec.year)
    for field, value in asdict(spec).items():
        setattr(film, field, value)
    if film.poster is None:  # drawn once: seeding again keeps it
        film.poster = posters.poster(
            {code: localised(film, "title", code) for code in ("en", "ru", "ka")}, spec.director)
    return film


def _event(spec: EventSpec, users: dict[str, User], venues: dict[str, Venue],
           today: date) -> list[Plan]:
    event = _row(Event, slug=spec.slug)
    event.title, event.kind, event.status = spec.title, spec.kind, spec.status
    event.description, event.owner = spec.description, users[spec.owner]
    event.translations = spec.translations
    event.co_organisers = [users[email] for email in spec.co_organisers]
    for former in spec.former_slugs:
        _row(EventFormerSlug, slug=former).event = event
    first_day = today + timedelta(days=spec.starts_in)
    return [_plan(event, session_spec, venues[session_spec.venue], first_day)
            for session_spec in spec.sessions]


def _plan(event: Event, spec: SessionSpec, venue: Venue, first_day: date) -> Plan:
    starts_at = datetime.combine(first_day + timedelta(days=spec.day), spec.start,
                                 tzinfo=venue.zone)
    found = next((s for s in event.sessions
                  if s.venue is venue and s.title in (spec.title, spec.formerly)), None)
    # A new session stays out of the database session until the moves are done.
    return Plan(spec, event, found or EventSession(title=spec.title), venue,
                starts_at, starts_at + timedelta(minutes=spec.minutes))


def _place_all(plans: list[Plan]) -> None:
    """Date every session without a venue ever being double booked on the way: the
    database checks each row as it is written, not at commit."""
    for plan in sorted((p for p in plans if not p.is_new), key=_move_order):
        plan.place()
        db.session.flush()
    # Added last, so they never meet a session still in its old slot.
    for plan in plans:
        if plan.is_new:
            plan.place()
            plan.event.sessions.append(plan.event_session)


def _move_order(plan: Plan) -> tuple[bool, float]:
    """Sessions moving later go first, latest first; then those moving earlier, earliest
    first. As the whole programme moves alike, none lands on a slot of its venue still
    held by a session yet to move."""
    current = plan.event_session.starts_at.timestamp()
    earlier = plan.starts_at < plan.event_session.starts_at
    return earlier, current if earlier else -current


def _fill(plan: Plan, films: dict[str, Film], people: dict[str, Person]) -> None:
    spec, event_session = plan.spec, plan.event_session
    event_session.title, event_session.description = spec.title, spec.description
    event_session.translations = spec.translations
    event_session.capacity = spec.capacity or plan.venue.capacity
    event_session.registration_mode = spec.mode
    event_session.status = SessionStatus.scheduled
    event_session.registration_opens_at = event_session.registration_closes_at = None
    event_session.film = films[spec.film] if spec.film else None
    event_session.qa_minutes = spec.qa_minutes
    for key, role in spec.cast():
        link = next((link for link in event_session.people
                     if link.person is people[key]), None)
        if link is None:
            event_session.people.append(SessionPerson(person=people[key], role=role))
        else:
            link.role = role


def _book(event_session: EventSession, spec: SessionSpec, position: int,
          now: datetime) -> None:
    """Register the demo attendees not yet registered, then recount the seats."""
    registered = set(db.session.scalars(sa.select(Registration.email).where(
        Registration.event_session_id == event_session.id, ACTIVE)))
    confirmed = _confirmed_count(event_session)
    attendees = _attendees(spec.booked + spec.waitlisted, position)
    for index, (name, email) in enumerate(attendees):
        if email in registered:
            continue
        # Seats real people took since the last run are theirs: never overbook.
        seated = index < spec.booked and confirmed < event_session.capacity
        confirmed += seated
        db.session.add(Registration(
            event_session=event_session, name=name, email=email,
            status=RegistrationStatus.confirmed if seated else RegistrationStatus.waitlisted,
            waitlisted_at=None if seated else now,
            cancel_token_hash=_unusable_secret_hash()))
    event_session.seats_taken = _confirmed_count(event_session)
    if event_session.registration_mode is RegistrationMode.invitation:
        db.session.flush()
        _invite(event_session, attendees, now)


def _unusable_secret_hash() -> str:
    # The secret itself is dropped: demo attendees never get a link.
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def _invite(event_session: EventSession, attendees: list[tuple[str, str]],
            now: datetime) -> None:
    """Invitation-only seats are had by invitation: each demo attendee holds an
    accepted one, linked to their registration."""
    invited = set(db.session.scalars(sa.select(Invitation.email).where(
        Invitation.event_session_id == event_session.id)))
    for name, email in attendees:
        if email in invited:
            continue
        registration = db.session.scalar(sa.select(Registration).where(
            Registration.event_session_id == event_session.id,
            Registration.email == email, ACTIVE))
        db.session.add(Invitation(
            event_session=event_session, email=email, name=name,
            token_hash=_unusable_secret_hash(), registration=registration,
            accepted_at=now if registration else None))


def _confirmed_count(event_session: EventSession) -> int:
    count: int = db.session.execute(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.status == RegistrationStatus.confirmed)).scalar_one()
    return count


def _attendees(count: int, position: int) -> list[tuple[str, str]]:
    """`count` distinct attendees, a different slice of the pool for each session."""
    names = [ATTENDEES[(position * 7 + k) % len(ATTENDEES)] for k in range(count)]
    return [(name, f"{name.lower().replace(' ', '.')}@example.org") for name in names]


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create or refresh the demo programme and print working demo logins."""
    echo_logins(seed_and_report())


def seed_and_report() -> DemoLogins:
    """Seed the demo in one unit of work and say what it holds."""
    with unit_of_work():
        logins = seed_demo(date.today())
    sessions = sum(len(spec.sessions) for spec in EVENTS)
    click.echo(f"Demo programme ready: {len(EVENTS)} events, {len(VENUES)} venues, "
               f"{len(FILMS)} films, {len(PEOPLE)} people, {sessions} sessions.")
    return logins


def echo_logins(logins: DemoLogins) -> None:
    click.echo(f"Sign in at {public_url('attendee.sign_in')}")
    for role, login in (("admin", logins.admin), ("organiser", logins.organiser)):
        click.echo(f"  {role:<10} {login.email:<24} {login.password}")
