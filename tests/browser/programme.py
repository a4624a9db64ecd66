"""The small festival the browser tests visit: two venues, a screening with a
film and a Q&A, a panel with speakers, and the accounts that sign in.

Made through the services and factories, so its rows are what the app itself
would write."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from scheduler.accounts import services as accounts
from scheduler.accounts.inputs import SignUpInput
from scheduler.accounts.models import Role
from scheduler.events import people
from scheduler.events.models import EventKind
from scheduler.films.inputs import FilmInput
from scheduler.films.services import create_film
from scheduler.images.inputs import AltInput
from scheduler.images.services import ImageChange
from scheduler.people.inputs import PersonInput
from scheduler.transactions import unit_of_work
from tests.factories import booked, make_event, make_session, make_venue
from tests.images.pictures import picture

PASSWORD = "browser tests only 42"
# Days from now of the festival's first day: far enough that registration is open.
STARTS_IN_DAYS = 10
EVENT_TITLE_KA = "თბილისის ადამიანის უფლებების კინოფესტივალი"
FILM_TITLE_KA = "გაქცევა"
FILM_POSTER_ALT_KA = "ფილმის „გაქცევა“ პოსტერი"


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    password: str = PASSWORD


@dataclass(frozen=True)
class Programme:
    """What the tests navigate by: slugs, ids, titles and logins."""

    event_id: int
    event_slug: str
    event_title: str
    venue_label: str  # as the session form's venue list shows it
    screening_id: int
    screening_title: str
    film_id: int
    # What a Georgian page calls them: each written in Georgian too.
    event_title_ka: str
    screening_title_ka: str
    film_title_ka: str
    panel_id: int
    panel_title: str
    talk_id: int
    talk_title: str
    talk_day: str  # its local date, as the day tabs link it: 2026-12-16
    organiser: Account
    attendee: Account
    admin: Account


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant on the festival's `day` (Tbilisi is UTC+4 all year)."""
    first = (datetime.now(UTC) + timedelta(days=STARTS_IN_DAYS)).date()
    local = datetime.combine(first + timedelta(days=day), time(hour, minute))
    return local.replace(tzinfo=UTC) - timedelta(hours=4)


def seed_programme() -> Programme:
    """Create the festival; needs an app context on a migrated, empty database."""
    organiser = Account("organiser@festival.example", "Nino Gelashvili")
    attendee = Account("attendee@festival.example", "Giorgi Kapanadze")
    admin = Account("admin@festival.example", "Ketevan Abashidze")
    with unit_of_work():
        owner = accounts.create_user(SignUpInput.parse(dict(
            email=organiser.email, name=organiser.name, password=organiser.password)),
            role=Role.organiser)
        accounts.create_user(SignUpInput.parse(dict(
            email=attendee.email, name=attendee.name, password=attendee.password)))
        accounts.create_user(SignUpInput.parse(dict(
            email=admin.email, name=admin.name, password=admin.password)), role=Role.admin)
    cinema = make_venue(name="Amirani Cinema", city="Tbilisi", capacity=24,
                        address="36 Merab Kostava St",
                        translations={"ka": {"name": "კინოთეატრი ამირანი"}})
    hall = make_venue(name="Rustaveli Theatre Small Stage", city="Tbilisi", capacity=60,
                      address="17 Rustaveli Ave")
    event = make_event(owner, title="Tbilisi Human Rights Film Festival",
                       slug="tbilisi-human-rights-film-festival", kind=EventKind.film_festival,
                       description="Four days of documentaries, fiction and conversations "
                                   "about dignity, borders and belonging.",
                       translations={"ka": {"title": EVENT_TITLE_KA}})
    with unit_of_work():
        film = create_film(FilmInput(
            title="Flee", runtime_minutes=90, director="Jonas Poher Rasmussen",
            country="Denmark", year=2021, spoken_languages="Danish, Dari",
            subtitles="English, Georgian",
            synopsis="An animated documentary about a refugee's journey from Kabul.",
            translations={"ka": {"title": FILM_TITLE_KA, "synopsis": (
                "ანიმაციური დოკუმენტური ფილმი ლტოლვილის გზაზე ქაბულიდან.")}}),
            actor=owner, poster=ImageChange(
                upload=picture("PNG", (800, 1200)),
                alt=AltInput(en="Poster for Flee", ka=FILM_POSTER_ALT_KA)))
    screening = make_session(event, cinema, starts_at=at(0, 19), hours=2.5, film=film,
                             qa_minutes=30, title="Flee",
                             translations={"ka": {"title": FILM_TITLE_KA}},
                             description="Followed by a conversation with the producers.")
    panel = make_session(event, hall, starts_at=at(1, 16), hours=1.5,
                         title="Borders on screen: a panel",
                         description="Filmmakers and lawyers on telling refugees' stories.")
    for name, affiliation in (("Mariam Chachia", "Documentary filmmaker"),
                              ("Levan Asatiani", "Georgian Young Lawyers' Association")):
        with unit_of_work():
            people.add_person(panel, PersonInput.parse(dict(
                name=name, affiliation=affiliation, role="speaker")), actor=owner)
    talk = make_session(event, hall, starts_at=at(2, 12), hours=1,
                        title="Morning talk: archives of the everyday")
    for number in range(3):  # a few seats already taken, as on a real evening
        booked(screening, name=f"Early bird {number}",
               email=f"early{number}@festival.example")
    return Programme(
        event_id=event.id, event_slug=event.slug, event_title=event.title,
        venue_label=f"{hall.name}, {hall.city} ({hall.timezone})",
        screening_id=screening.id, screening_title=screening.title, film_id=film.id,
        event_title_ka=EVENT_TITLE_KA, screening_title_ka=FILM_TITLE_KA,
        film_title_ka=FILM_TITLE_KA,
        panel_id=panel.id, panel_title=panel.title, talk_id=talk.id, talk_title=talk.title,
        talk_day=at(2, 12).date().isoformat(),
        organiser=organiser, attendee=attendee, admin=admin)
