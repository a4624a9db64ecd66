"""Link previews, canonical addresses and language alternates on the public pages."""
from __future__ import annotations

import pytest

from scheduler.events.models import EventStatus
from tests.discovery.conftest import BASE, head_of
from tests.factories import make_event, make_session, make_venue


@pytest.fixture
def festival(owner):
    event = make_event(owner, title="Migration Film Festival", slug="festival",
                       description="Films about leaving home.\n\nAnd about arriving.")
    event_session = make_session(event, make_venue(), title="Opening night")
    return event, event_session


PAGES = {
    "home": ("/", "/"),
    "programme": ("/programme?q=film&page=2&utm_source=mail", "/programme"),
    "event": ("/events/festival?utm_campaign=x&fbclid=y", "/events/festival"),
    "timetable": ("/events/festival/timetable", "/events/festival/timetable"),
}


@pytest.mark.parametrize("visited, path", PAGES.values(), ids=PAGES.keys())
def test_canonical_is_absolute_without_other_arguments(client, festival, visited, path):
    head = head_of(client, visited)
    assert head.canonical == f"{BASE}{path}"
    assert head.one("og:url") == head.canonical
    assert head.alternates == {"en": f"{BASE}{path}?lang=en", "ru": f"{BASE}{path}?lang=ru",
                               "ka": f"{BASE}{path}?lang=ka", "x-default": f"{BASE}{path}"}
    assert head.one("og:site_name") == "Scheduler"
    assert head.one("twitter:card") == "summary"  # no image on these pages yet
    assert "og:image" not in head.meta


def test_a_page_chosen_in_a_language_is_canonical_in_it(client, festival):
    _, event_session = festival
    head = head_of(client, f"/sessions/{event_session.id}?lang=ka&ref=share")
    assert head.canonical == f"{BASE}/sessions/{event_session.id}?lang=ka"
    assert head.one("og:locale") == "ka_GE"
    assert sorted(head.meta["og:locale:alternate"]) == ["en_GB", "ru_RU"]
    assert head.alternates["x-default"] == f"{BASE}/sessions/{event_session.id}"


def test_a_language_negotiated_by_the_browser_keeps_the_plain_address(client, festival):
    head = head_of(client, "/events/festival", headers={"Accept-Language": "ru"})
    assert head.canonical == f"{BASE}/events/festival"
    assert head.one("og:locale") == "ru_RU"
    # Organiser text stays as written; the dates around it are in Russian.
    assert head.one("og:title") == "Migration Film Festival"


def test_event_preview_says_when_where_and_what(client, festival):
    head = head_of(client, "/events/festival")
    description = head.one("og:description")
    assert "Tbilisi" in description
    assert description.endswith("Films about leaving home. And about arriving.")
    assert head.one("description") == description


def test_session_preview_names_time_and_venue(client, festival):
    _, event_session = festival
    head = head_of(client, f"/sessions/{event_session.id}")
    assert head.one("og:title") == "Opening night"
    assert "+04 · Amirani Cinema, Tbilisi · Films about leaving home." in (
        head.one("og:description"))


def test_long_descriptions_are_trimmed_for_previews(client, owner):
    make_event(owner, slug="long", description="word " * 500)
    description = head_of(client, "/events/long").one("og:description")
    assert len(description) <= 200 and description.endswith("word…")


def test_the_programme_and_home_describe_themselves_in_the_page_language(client, db):
    head = head_of(client, "/programme?lang=ru")
    assert head.one("og:title") == "Программа"
    assert head.canonical == f"{BASE}/programme?lang=ru"


def test_quotes_and_script_in_a_title_stay_text(client, owner, db):
    title = '"Quoted" </script><script>alert(1)</script> <!-- & \'more\''
    event = make_event(owner, slug="tricky", title=title)
    make_session(event, make_venue(), title=title)
    body = client.get("/events/tricky").get_data(as_text=True)
    assert "<script>alert(1)" not in body and "<!--" not in body
    head = head_of(client, "/events/tricky")
    assert head.one("og:title") == title
    # Parsed whole: had the title closed the block early, it would not be JSON.
    (document,) = head.json_ld
    assert document["name"] == title and document["subEvent"][0]["name"] == title


def test_a_draft_is_not_for_search_engines(app, owner):
    make_event(owner, slug="draft", status=EventStatus.draft)
    organiser = app.test_client(user=owner)
    assert head_of(organiser, "/events/draft").one("robots") == "noindex"
    assert "robots" not in head_of(organiser, "/").meta


def test_pages_link_the_icons_and_the_manifest(client, db):
    head = head_of(client, "/")
    assert {link["href"] for link in head.link("icon")} == {
        "/static/icons/icon.svg", "/static/icons/icon-32.png"}
    assert head.link("manifest")[0]["href"] == "/manifest.webmanifest"
    assert head.one("theme-color") == "#0172ad"
