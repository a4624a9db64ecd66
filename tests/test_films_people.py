from datetime import UTC, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.errors import DomainError, Forbidden
from scheduler.events.people import add_person, clashes, remove_person
from scheduler.films.inputs import FilmInput
from scheduler.films.services import create_film, update_film
from scheduler.people.inputs import PersonInput
from scheduler.transactions import unit_of_work
from tests.factories import make_event, make_session, make_user, make_venue

START = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser)


def test_create_film(organiser):
    film = create_film(FilmInput(title="Green Border", original_title="Zielona granica",
                                 runtime_minutes=152, year=2023, director="Agnieszka Holland",
                                 subtitles="Georgian, English"), actor=organiser)
    assert (film.title, film.runtime_minutes, film.year) == ("Green Border", 152, 2023)


@pytest.mark.parametrize("changes, field", [
    ({"runtime_minutes": 0}, "runtime_minutes"), ({"runtime_minutes": "long"}, "runtime_minutes"),
    ({"year": 1700}, "year"), ({"title": ""}, "title"), ({"director": "d" * 201}, "director"),
    ({"country": "c" * 101}, "country"),
])
def test_bad_film_input(organiser, changes, field):
    with pytest.raises(DomainError) as refusal:
        create_film(FilmInput(title="Flee", runtime_minutes=89).changed(**changes),
                    actor=organiser)
    assert field in refusal.value.fields


def test_attendees_cannot_add_films(db):
    with pytest.raises(Forbidden):
        create_film(FilmInput(title="Flee", runtime_minutes=89), actor=make_user())


def test_a_longer_runtime_must_still_fit_its_screenings(db, organiser):
    film = create_film(FilmInput(title="Flee", runtime_minutes=89), actor=organiser)
    make_session(make_event(organiser), make_venue(), starts_at=START, hours=2,
                 film_id=film.id, qa_minutes=20)
    with pytest.raises(DomainError) as refusal:
        update_film(film, FilmInput.of(film).changed(runtime_minutes=101), actor=organiser)
    assert refusal.value.code == "screening_too_short"
    assert update_film(film, FilmInput.of(film).changed(runtime_minutes=100),
                       actor=organiser).runtime_minutes == 100


def test_people_and_double_bookings(db, organiser):
    event = make_event(organiser)
    panel = make_session(event, make_venue(name="Iveria"), starts_at=START)
    dialogue = make_session(event, make_venue(name="Online"), starts_at=START + timedelta(hours=1))
    later = make_session(event, make_venue(name="Hall C"), starts_at=START + timedelta(hours=4))
    ana = {"name": "Ana Lomidze", "affiliation": "Public Service Hall"}
    with unit_of_work():
        assert add_person(panel, PersonInput.parse(ana | {"role": "moderator"}),
                          actor=organiser) == []
    with unit_of_work():
        assert add_person(later, PersonInput.parse(ana | {"role": "speaker"}),
                          actor=organiser) == []
    with unit_of_work():
        warning = add_person(dialogue, PersonInput.parse(ana | {"role": "speaker"}),
                             actor=organiser)
    assert [(c.person.name, c.other.id) for c in warning] == [("Ana Lomidze", panel.id)]
    assert [c.other.id for c in clashes(panel)] == [dialogue.id]
    with unit_of_work():
        remove_person(dialogue, warning[0].person.id, actor=organiser)
    assert clashes(panel) == []


def test_adding_a_person_twice_keeps_one_link(db, organiser):
    panel = make_session(make_event(organiser), make_venue(), starts_at=START)
    for role in ("speaker", "moderator"):
        with unit_of_work():
            add_person(panel, PersonInput.parse(dict(name="Ana", affiliation="", role=role)),
                       actor=organiser)
    assert [(p.person.name, p.role.value) for p in panel.people] == [("Ana", "moderator")]


def test_bad_person_input(db, organiser):
    with pytest.raises(DomainError) as refusal:
        PersonInput.parse(dict(name="", affiliation="x", role="juggler"))
    assert set(refusal.value.fields) == {"name", "role"}
