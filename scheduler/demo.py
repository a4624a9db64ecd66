"""Demo programme: realistic events to click through, safe to seed again and again.

Rows are matched on natural keys (users by email, venues by name and city, events by slug,
sessions by event, venue and title, registrations by session and email), so a second run
updates in place and a run on a later day moves the dates along."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

from scheduler.database import utcnow
from scheduler.extensions import db
from scheduler.models import (
    Event, EventKind, EventSession, EventStatus, Registration, RegistrationMode,
    RegistrationStatus, Role, SessionStatus, User, Venue,
)


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    role: Role = Role.organiser


ADMIN = Account("admin@example.org", "Tamar Kiknadze", Role.admin)
# The organiser whose login is printed, so they own the festival and the draft.
ORGANISER = Account("festival@example.org", "Nino Gelashvili")
ACCOUNTS = (ADMIN, ORGANISER, Account("trainings@example.org", "Volha Sidarenka"),
            Account("partnerships@example.org", "Pieter de Vries"))


@dataclass(frozen=True)
class VenueSpec:
    name: str
    city: str
    country: str
    timezone: str
    capacity: int
    address: str = ""
    online_url: str | None = None


VENUES = {
    "amirani": VenueSpec("Amirani Cinema Hall 2", "Tbilisi", "GE", "Asia/Tbilisi", 24,
                         "36 Merab Kostava St"),
    "rustaveli": VenueSpec("Rustaveli Cinema Small Hall", "Tbilisi", "GE", "Asia/Tbilisi", 30,
                           "5 Shota Rustaveli Ave"),
    "batumi": VenueSpec("Batumi Public Library Screening Room", "Batumi", "GE",
                        "Asia/Tbilisi", 28),
    "iveria": VenueSpec("Radisson Blu Iveria Conference Hall", "Tbilisi", "GE", "Asia/Tbilisi",
                        120, "1 Rose Revolution Square"),
    "schiphol": VenueSpec("Schiphol Airport Briefing Centre", "Schiphol", "NL",
                          "Europe/Amsterdam", 12, "Evert van de Beekstraat 202"),
    "hague": VenueSpec("Ministry of Justice and Security", "The Hague", "NL",
                       "Europe/Amsterdam", 20, "Turfmarkt 147"),
    "minsk": VenueSpec("Hotel Minsk Conference Room", "Minsk", "BY", "Europe/Minsk", 30,
                       "11 Nezavisimosti Ave"),
    "brest": VenueSpec("Brest Regional Training Centre", "Brest", "BY", "Europe/Minsk", 25),
    "gomel": VenueSpec("Gomel Regional Training Centre", "Gomel", "BY", "Europe/Minsk", 25),
    "online": VenueSpec("Online", "Brussels", "BE", "Europe/Brussels", 300,
                        online_url="https://meet.example.org/remittances"),
    "chisinau": VenueSpec("Radisson Blu Leogrand Ballroom", "Chișinău", "MD", "Europe/Chisinau",
                          150, "77 Strada Mitropolit Varlaam"),
}


@dataclass(frozen=True)
class SessionSpec:
    venue: str
    day: int  # counted from the event's first day
    start: time  # wall clock at the venue
    minutes: int
    title: str
    description: str
    capacity: int | None = None  # None: the whole venue
    mode: RegistrationMode = RegistrationMode.open
    booked: int = 0
    waitlisted: int = 0


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    kind: EventKind
    owner: str
    starts_in: int  # days after today
    description: str
    sessions: tuple[SessionSpec, ...]
    status: EventStatus = EventStatus.published
    co_organisers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Film:
    title: str
    georgian: str
    director: str
    year: int
    minutes: int
    synopsis: str


FILMS = {
    "green-border": Film("Green Border", "მწვანე საზღვარი", "Agnieszka Holland", 2023, 152,
                         "Refugees and a border guard trapped on the Belarus–Poland border."),
    "flee": Film("Flee", "გაქცევა", "Jonas Poher Rasmussen", 2021, 89,
                 "An animated documentary: Amin tells how he fled Afghanistan as a boy."),
    "io-capitano": Film("Io Capitano", "მე, კაპიტანი", "Matteo Garrone", 2023, 121,
                        "Two teenagers cross the Sahara and the sea from Dakar to Europe."),
    "human-flow": Film("Human Flow", "ადამიანური ნაკადი", "Ai Weiwei", 2017, 140,
                       "People forced from their homes, filmed in 23 countries."),
    "fire-at-sea": Film("Fire at Sea", "ცეცხლი ზღვაში", "Gianfranco Rosi", 2016, 114,
                        "Everyday life on Lampedusa beside the rescues at sea."),
    "swimmers": Film("The Swimmers", "მოცურავეები", "Sally El Hosaini", 2022, 134,
                     "Sisters Yusra and Sara Mardini flee Syria and swim to Lesbos."),
}
Q_AND_A_MINUTES = 30
# (festival day, venue, local start, film, seats booked, waitlisted). Day 2 is a
# rest day, so the programme spans four non-contiguous days.
SCREENINGS = (
    (0, "amirani", time(16), "flee", 21, 0),
    (0, "amirani", time(19, 30), "green-border", 24, 2),
    (0, "batumi", time(19), "io-capitano", 25, 0),
    (1, "rustaveli", time(16), "human-flow", 6, 0),
    (1, "rustaveli", time(19, 30), "fire-at-sea", 9, 0),
    (1, "batumi", time(19), "swimmers", 12, 0),
    (3, "amirani", time(16), "io-capitano", 8, 0),
    (3, "amirani", time(19, 30), "swimmers", 20, 0),
    (3, "batumi", time(19), "green-border", 4, 0),
    (4, "rustaveli", time(16), "green-border", 11, 0),
    (4, "rustaveli", time(19, 30), "flee", 27, 0),
    (4, "batumi", time(18), "human-flow", 3, 0),
)
FESTIVAL_STARTS_IN = 21


def screening(day: int, venue: str, start: time, film_key: str,
              booked: int, waitlisted: int) -> SessionSpec:
    film = FILMS[film_key]
    return SessionSpec(
        venue, day, start, film.minutes + Q_AND_A_MINUTES,
        f"{film.title} · {film.georgian}",
        f"{film.director}, {film.year}, {film.minutes} min. {film.synopsis} "
        "Followed by a Q&A.", booked=booked, waitlisted=waitlisted)


INVITED = dict(capacity=7, mode=RegistrationMode.invitation)
TRAINING_DAY = dict(start=time(10), minutes=420, capacity=25)

EVENTS = (
    EventSpec(
        "global-migration-film-festival", "Global Migration Film Festival",
        EventKind.film_festival, ORGANISER.email, FESTIVAL_STARTS_IN,
        "Six films about leaving home, crossing borders and starting again, screened in "
        "Tbilisi and Batumi. Every screening is free and followed by a discussion.",
        tuple(screening(*row) for row in SCREENINGS),
        co_organisers=("partnerships@example.org",)),
    EventSpec(
        "eastern-partnership-panel-migration-mobility",
        "Eastern Partnership Panel on Migration and Mobility", EventKind.panel,
        "partnerships@example.org", 9,
        "Two days of panels with governments, civil society and researchers from the "
        "Eastern Partnership countries on labour mobility, return and migration data.",
        (SessionSpec("iveria", 0, time(10), 90, "Labour mobility partnerships with the EU",
                     "Ministers and employers on skills partnerships.", booked=18),
         SessionSpec("iveria", 0, time(12), 90, "Trusted data for migration policy",
                     "Statistics offices and border agencies on sharing data.", booked=11),
         SessionSpec("iveria", 0, time(15), 90,
                     "Возвращение и реинтеграция: опыт стран Восточного партнёрства",
                     "Return and reintegration: what Eastern Partnership countries have "
                     "learned. In Russian with English interpretation.", booked=9),
         SessionSpec("iveria", 1, time(10), 90, "Visa-free travel and border management",
                     "What visa liberalisation asks of border services.", booked=14),
         SessionSpec("iveria", 1, time(12), 90, "Diaspora engagement and circular migration",
                     "How diaspora networks bring skills back home.", booked=7))),
    EventSpec(
        "api-pnr-study-visit-netherlands", "API/PNR Study Visit to the Netherlands",
        EventKind.study_visit, "partnerships@example.org", 30,
        "A study visit for seven invited officials on how the Netherlands collects, "
        "processes and protects Advance Passenger Information and PNR data.",
        (SessionSpec("schiphol", 0, time(9, 30), 180, "Inside the Passenger Information Unit",
                     "How API and PNR data reach the unit and are checked.",
                     booked=5, **INVITED),
         SessionSpec("schiphol", 0, time(14), 120, "Border control at Schiphol",
                     "A walk through arrivals with the Royal Netherlands Marechaussee.",
                     booked=5, **INVITED),
         SessionSpec("hague", 1, time(10), 150, "Legal framework and data protection",
                     "Retention, purpose limitation and oversight of passenger data.",
                     booked=4, **INVITED))),
    EventSpec(
        "anti-trafficking-trainings-belarus",
        "Противодействие торговле людьми · Anti-Trafficking Trainings in Belarus",
        EventKind.training, "trainings@example.org", 14,
        "One-day trainings in Russian for police, border guards, labour inspectors and "
        "social workers on identifying victims of trafficking and referring them to help.",
        (SessionSpec("minsk", 0, title="Противодействие торговле людьми: выявление и защита "
                     "пострадавших · Identifying and protecting victims",
                     description="Indicators of trafficking and a victim-centred first "
                     "interview.", booked=18, **TRAINING_DAY),
         SessionSpec("brest", 2, title="Торговля людьми на границе: роль пограничной службы "
                     "· Trafficking at the border: the border guard's role",
                     description="Spotting trafficking at crossing points and handing "
                     "cases on.", booked=11, **TRAINING_DAY),
         SessionSpec("gomel", 4, title="Трудовая эксплуатация: перенаправление пострадавших "
                     "· Labour exploitation: referring victims",
                     description="For labour inspectors and NGOs; places are confirmed by "
                     "the organisers.", mode=RegistrationMode.approval, booked=6,
                     **TRAINING_DAY))),
    EventSpec(
        "family-remittances-policy-dialogue",
        "International Day of Family Remittances: Online Policy Dialogue",
        EventKind.policy_dialogue, "partnerships@example.org", 12,
        "Marking the International Day of Family Remittances (16 June): what sending money "
        "home costs, and how digital channels can lower it.",
        (SessionSpec("online", 0, time(14), 120,
                     "Remittances, digital payments and financial inclusion",
                     "Central banks, money transfer operators and diaspora groups on the "
                     "3% cost target.", booked=23),)),
    EventSpec(
        "moldova-migration-data-profile-launch",
        "Launch of the Migration Data Profile of the Republic of Moldova",
        EventKind.conference, "partnerships@example.org", 24,
        "The new Migration Data Profile of the Republic of Moldova, presented in Chișinău "
        "with the Bureau for Migration and Asylum and the National Bureau of Statistics.",
        (SessionSpec("chisinau", 0, time(11), 120,
                     "Prezentare și dezbatere · Presentation and discussion",
                     "Key findings, then questions from ministries and civil society. In "
                     "Romanian with English interpretation.", booked=16),)),
    EventSpec(
        "winter-school-labour-migration", "Winter School on Labour Migration",
        EventKind.training, ORGANISER.email, 40,
        "A winter school for early-career officials on labour migration governance and "
        "fair recruitment. The programme is still being drafted.",
        (SessionSpec("iveria", 0, time(9, 30), 480, "Opening day: governing labour migration",
                     "Introductions, then the international framework on fair recruitment.",
                     capacity=40),),
        status=EventStatus.draft),
)

ATTENDEES = (
    "Nino Beridze", "Giorgi Kapanadze", "Tamar Lomidze", "Levan Chkheidze",
    "Mariam Tsiklauri", "Davit Javakhishvili", "Ana Kvaratskhelia", "Luka Gogoladze",
    "Salome Abashidze", "Irakli Nozadze", "Elene Jorjadze", "Sandro Makharadze",
    "Keti Bakradze", "Nika Gvenetadze", "Lika Dolidze", "Zurab Tabatadze",
    "Ekaterine Meskhi", "Tornike Kiknavelidze", "Emma Clarke", "James Whitfield",
    "Sarah Bennett", "Thomas Reid", "Olivia Hughes", "Daniel Foster", "Hannah Price",
    "Oliver Grant", "Lucy Marsh", "Samuel Cole", "Grace Turner", "Henry Lawson",
)
# Rows the partial unique index on (session, email) still counts.
ACTIVE = Registration.status.not_in([RegistrationStatus.cancelled, RegistrationStatus.declined])


@dataclass(frozen=True)
class Login:
    email: str
    password: str


@dataclass(frozen=True)
class DemoLogins:
    admin: Login
    organiser: Login


def seed_demo(today: date) -> DemoLogins:
    """Create or refresh the demo programme, dated from `today`, and give the printed
    accounts new passwords. One transaction; commits."""
    users = {account.email: _user(account) for account in ACCOUNTS}
    venues = {key: _venue(spec) for key, spec in VENUES.items()}
    planned = [pair for spec in EVENTS for pair in _event(spec, users, venues, today)]
    db.session.flush()
    now = utcnow()
    for position, (spec, event_session) in enumerate(planned):
        _book(event_session, spec, position, now)
    logins = DemoLogins(_new_password(users[ADMIN.email]),
                        _new_password(users[ORGANISER.email]))
    db.session.commit()
    return logins


def _user(account: Account) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == account.email))
    if user is None:
        # Never told to anyone: the printed accounts get a fresh one each run.
        user = User(email=account.email,
                    password_hash=generate_password_hash(secrets.token_urlsafe(12)))
        db.session.add(user)
    user.name, user.role = account.name, account.role
    return user


def _new_password(user: User) -> Login:
    password = secrets.token_urlsafe(12)
    user.password_hash = generate_password_hash(password)
    return Login(user.email, password)


def _venue(spec: VenueSpec) -> Venue:
    venue = db.session.scalar(
        sa.select(Venue).where(Venue.name == spec.name, Venue.city == spec.city))
    if venue is None:
        venue = Venue()
        db.session.add(venue)
    for field, value in asdict(spec).items():
        setattr(venue, field, value)
    return venue


def _event(spec: EventSpec, users: dict[str, User], venues: dict[str, Venue],
           today: date) -> list[tuple[SessionSpec, EventSession]]:
    event = db.session.scalar(sa.select(Event).where(Event.slug == spec.slug))
    if event is None:
        event = Event(slug=spec.slug)
        db.session.add(event)
    event.title, event.kind, event.status = spec.title, spec.kind, spec.status
    event.description, event.owner = spec.description, users[spec.owner]
    event.co_organisers = [users[email] for email in spec.co_organisers]
    first_day = today + timedelta(days=spec.starts_in)
    return [(session_spec, _session(event, session_spec, venues[session_spec.venue], first_day))
            for session_spec in spec.sessions]


def _session(event: Event, spec: SessionSpec, venue: Venue,
             first_day: date) -> EventSession:
    starts_at = datetime.combine(first_day + timedelta(days=spec.day), spec.start,
                                 tzinfo=ZoneInfo(venue.timezone))
    ends_at = starts_at + timedelta(minutes=spec.minutes)
    event_session = next((s for s in event.sessions
                          if s.venue is venue and s.title == spec.title), None)
    if event_session is None:
        event_session = EventSession(venue=venue, title=spec.title)
        event.sessions.append(event_session)
    elif (event_session.starts_at, event_session.ends_at) != (starts_at, ends_at):
        # Calendar apps only take a moved entry when its SEQUENCE goes up.
        event_session.sequence += 1
    event_session.starts_at, event_session.ends_at = starts_at, ends_at
    event_session.description = spec.description
    event_session.capacity = spec.capacity or venue.capacity
    event_session.registration_mode = spec.mode
    event_session.status = SessionStatus.scheduled
    event_session.registration_opens_at = event_session.registration_closes_at = None
    return event_session


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
            # The token itself is dropped: demo attendees never get a cancel link.
            cancel_token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest()))
    event_session.seats_taken = _confirmed_count(event_session)


def _confirmed_count(event_session: EventSession) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_session_id == event_session.id,
        Registration.status == RegistrationStatus.confirmed))


def _attendees(count: int, position: int) -> list[tuple[str, str]]:
    """`count` distinct attendees, a different slice of the pool for each session."""
    names = [ATTENDEES[(position * 7 + k) % len(ATTENDEES)] for k in range(count)]
    return [(name, f"{name.lower().replace(' ', '.')}@example.org") for name in names]


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create or refresh the demo programme and print working demo logins."""
    logins = seed_demo(date.today())
    sessions = sum(len(spec.sessions) for spec in EVENTS)
    click.echo(f"Demo programme ready: {len(EVENTS)} events, {len(VENUES)} venues, "
               f"{sessions} sessions.")
    click.echo(f"Sign in at {current_app.config['PUBLIC_BASE_URL']}/sign-in")
    for role, login in (("admin", logins.admin), ("organiser", logins.organiser)):
        click.echo(f"  {role:<10} {login.email:<24} {login.password}")
