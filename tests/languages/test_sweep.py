"""A sweep of the main public and organiser pages in Georgian, including forms
refused by their checks and by services: no English sentence of our catalogue
may show untranslated. Whatever organisers and attendees wrote is in Georgian
here, so any English left is the interface's."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from scheduler.accounts import resets
from scheduler.accounts.models import Role
from scheduler.films.models import Film
from scheduler.registration import invitations
from scheduler.registration.inputs import InvitationInput
from scheduler.transactions import unit_of_work
from tests.factories import _saved, booked, make_event, make_session, make_user, make_venue
from tests.public.conftest import utc

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Capitals Georgian text never uses mid-sentence (what str.upper() makes of it).
MTAVRULI = re.compile("[\u1c90-\u1cbf]")


def untranslated_probes() -> tuple[set[str], set[str]]:
    """(whole one-word messages, sentence fragments of two words or more) whose
    Georgian differs from the English: any of them on a ka page is a leak."""
    with (ROOT / "translations/ka/LC_MESSAGES/messages.po").open("rb") as file:
        catalog = read_po(file, locale="ka")
    words, fragments = set(), set()
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        georgian = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in set(english) - set(georgian):
            for part in PLACEHOLDER.split(text):
                part = part.strip(" .,:;–()“”")
                if " " in part and re.search("[a-z]{3}", part):
                    fragments.add(part)
                elif re.fullmatch("[A-Z][a-z]{3,}", part):
                    words.add(part)
    return words, fragments


WORDS, FRAGMENTS = untranslated_probes()


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read, outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        shown = dict(attrs)
        self.nodes += [shown[name] for name in SHOWN_ATTRIBUTES if shown.get(name)]
        if tag == "input" and shown.get("type") in ("submit", "button") and shown.get("value"):
            self.nodes.append(shown["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.nodes.append(" ".join(data.split()))


def leaks(body: str) -> set[str]:
    reader = VisibleText()
    reader.feed(html.unescape(body))
    text = " ".join(reader.nodes)
    return ({node for node in reader.nodes if node in WORDS}
            | {fragment for fragment in FRAGMENTS if fragment in text})


@pytest.fixture
def scene(app, db):
    """One of everything, all named in Georgian."""
    owner = make_user(role=Role.organiser, email="owner@example.org", name="ოლღა")
    venue = make_venue(name="ამირანი", city="თბილისი", address="კოსტავას 36",
                       created_by_id=owner.id)
    event = make_event(owner, title="კინოს დღეები", slug="days", description="აღწერა")
    talk = make_session(event, venue, starts_at=utc(2030, 1, 10, 15), capacity=2,
                        title="დილის საუბარი")
    film = _saved(Film(title="ფილმი", runtime_minutes=90))
    receipt = booked(talk, name="ნინო", email="nino@example.org")
    with unit_of_work():
        invitation = invitations.invite(
            talk, InvitationInput(email="guest@example.org", name="სტუმარი"), actor=owner)
    token = f"token={receipt.secret}"
    return {
        "owner": app.test_client(user=owner),
        "attendee": app.test_client(user=make_user(name="გიორგი")),
        "public": [
            "/", "/programme", "/events/days", "/events/days/timetable",
            f"/sessions/{talk.id}", "/sign-in", "/sign-up", "/password/forgot",
            f"/password/reset/{resets.make_token(owner)}",
            f"/registrations/{receipt.registration.id}?{token}",
            f"/registrations/{receipt.registration.id}/cancel?{token}",
            invitations.accept_url(invitation).removeprefix(app.config["PUBLIC_BASE_URL"]),
        ],
        "attendee_pages": ["/my/registrations", "/account", "/account/password"],
        "organiser": [
            "/organise", f"/organise/events/{event.id}", f"/organise/events/{event.id}/edit",
            "/organise/events/new", f"/organise/events/{event.id}/sessions/new",
            f"/organise/events/{event.id}/sessions/dates",
            f"/organise/events/{event.id}/import", f"/organise/events/{event.id}/cancel",
            f"/organise/sessions/{talk.id}/edit", f"/organise/sessions/{talk.id}/attendees",
            f"/organise/sessions/{talk.id}/check-in", f"/organise/sessions/{talk.id}/cancel",
            "/organise/venues", "/organise/venues/new", f"/organise/venues/{venue.id}/edit",
            "/organise/films", "/organise/films/new", f"/organise/films/{film.id}/edit",
            f"/organise/events/{event.id}/organisers",
        ],
        "refused": [  # (path, form): each refused by a form check or a service
            (f"/sessions/{talk.id}/register", {"name": "", "email": "no"}),
            (f"/sessions/{talk.id}/register", {"name": "ნინო", "email": "nino@example.org"}),
            ("/sign-up", {"name": "", "email": "", "password": "", "confirm": ""}),
            ("/password/forgot", {"email": "no"}),
            (f"/organise/events/{event.id}/organisers", {"email": "nobody@example.org"}),
            ("/organise/venues/new", {}),
            ("/organise/venues/new", {"name": "ა", "city": "ბ", "country": "georgia",
                                      "timezone": "Mars/Base", "capacity": "0"}),
            ("/organise/films/new", {}),
            ("/organise/events/new", {}),
            (f"/organise/events/{event.id}/sessions/new", {}),
            (f"/organise/events/{event.id}/sessions/new", {
                "venue_id": venue.id, "starts_on": "2030-01-10", "starts_at": "19:30",
                "ends_at": "20:00", "registration_mode": "open", "capacity": "1000"}),
            (f"/organise/sessions/{talk.id}/check-in", {"code": "NOPE-NOPE"}),
            (f"/organise/sessions/{talk.id}/invitations", {"email": "no"}),
        ],
    }


def assert_georgian(client, path: str, data: dict | None = None) -> None:
    joiner = "&" if "?" in path else "?"
    url = f"{path}{joiner}lang=ka"
    response = client.get(url) if data is None else client.post(url, data=data)
    assert response.status_code < 500, (url, response.status_code)
    assert 'lang="ka"' in response.get_data(as_text=True), url
    assert leaks(response.get_data(as_text=True)) == set(), url
    assert not MTAVRULI.search(response.get_data(as_text=True)), url


def test_the_probes_catch_english(scene):
    """The sweep below would see a page left in English."""
    body = scene["owner"].get("/organise/venues/new?lang=en").get_data(as_text=True)
    assert leaks(body)


def test_public_pages_in_georgian(client, scene):
    for path in scene["public"]:
        assert_georgian(client, path)
    for path in scene["attendee_pages"]:
        assert_georgian(scene["attendee"], path)


def test_organiser_pages_in_georgian(scene):
    for path in scene["organiser"]:
        assert_georgian(scene["owner"], path)


def test_refused_forms_in_georgian(client, scene):
    for path, data in scene["refused"]:
        assert_georgian(scene["owner"] if path.startswith("/organise") else client, path, data)
