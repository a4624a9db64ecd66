"""sitemap.xml, robots.txt, the web manifest and the favicon."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from scheduler.discovery import sitemap
from scheduler.events.models import EventStatus, SessionStatus
from tests.discovery.conftest import BASE
from tests.factories import make_event, make_session, make_venue

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGE_LINKS = {"en", "ru", "ka", "x-default"}


def xml_at(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    return ElementTree.fromstring(response.data)  # fails unless well formed


def listed(root: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}


@pytest.fixture
def programme(owner, db):
    venue, day = make_venue(), datetime(2030, 1, 10, 15, tzinfo=UTC)
    published = make_event(owner, slug="festival")
    shown = make_session(published, venue, starts_at=day)
    called_off = make_session(published, venue, starts_at=day.replace(day=11),
                              status=SessionStatus.cancelled)
    draft = make_event(owner, slug="draft", status=EventStatus.draft)
    hidden = make_session(draft, venue, starts_at=day.replace(day=12))
    cancelled = make_event(owner, slug="cancelled", status=EventStatus.cancelled)
    make_session(cancelled, venue, starts_at=day.replace(day=13))
    make_event(owner, slug="empty")
    return {"shown": shown, "called_off": called_off, "hidden": hidden,
            "published": published}


def test_lists_published_pages_in_every_language(client, programme):
    urls = listed(xml_at(client, "/sitemap.xml"))
    pages = {address.split("?")[0] for address in urls}
    assert pages == {f"{BASE}/", f"{BASE}/programme", f"{BASE}/events/festival",
                     f"{BASE}/events/festival/timetable", f"{BASE}/events/empty",
                     f"{BASE}/sessions/{programme['shown'].id}"}
    page = f"{BASE}/sessions/{programme['shown'].id}"
    assert {f"{page}?lang=en", f"{page}?lang=ru", f"{page}?lang=ka", page} <= urls.keys()
    for url in urls.values():
        links = {link.get("hreflang"): link.get("href")
                 for link in url.findall("xhtml:link", NS)}
        assert links.keys() == LANGUAGE_LINKS
        assert url.findtext("s:loc", namespaces=NS) in links.values()
        assert all(link.get("rel") == "alternate" for link in url.findall("xhtml:link", NS))


def test_drafts_cancelled_and_empty_timetables_stay_out(client, programme):
    body = client.get("/sitemap.xml").get_data(as_text=True)
    for absent in ("/events/draft", "/events/cancelled", "/events/empty/timetable",
                   f"/sessions/{programme['hidden'].id}<",
                   f"/sessions/{programme['called_off'].id}<"):
        assert absent not in body


def test_lastmod_is_the_latest_change_in_utc(client, programme, db):
    programme["published"].updated_at = datetime(2029, 5, 1, 8, 0, tzinfo=UTC)
    programme["shown"].updated_at = datetime(2029, 6, 2, 9, 30, tzinfo=UTC)
    programme["called_off"].updated_at = datetime(2029, 4, 1, tzinfo=UTC)
    db.session.commit()
    urls = listed(xml_at(client, "/sitemap.xml"))
    event_page = urls[f"{BASE}/events/festival?lang=ru"]
    assert event_page.findtext("s:lastmod", namespaces=NS) == "2029-06-02T09:30:00Z"
    session_page = urls[f"{BASE}/sessions/{programme['shown'].id}"]
    assert session_page.findtext("s:lastmod", namespaces=NS) == "2029-06-02T09:30:00Z"
    assert urls[f"{BASE}/"].find("s:lastmod", NS) is None


def test_past_one_file_an_index_of_numbered_files(client, owner, monkeypatch):
    monkeypatch.setattr(sitemap, "PAGES_PER_FILE", 3)
    event, venue = make_event(owner, slug="festival"), make_venue()
    sessions = [make_session(event, venue, starts_at=datetime(2030, 1, day, tzinfo=UTC))
                for day in range(1, 5)]
    index = xml_at(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    files = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    # home, programme, event, timetable and four sessions: eight pages in three files.
    assert files == [f"{BASE}/sitemaps/{n}.xml" for n in (1, 2, 3)]
    pages = [address for n in (1, 2, 3) for address in
             listed(xml_at(client, f"/sitemaps/{n}.xml")) if "?" not in address]
    assert pages == [f"{BASE}/", f"{BASE}/programme", f"{BASE}/events/festival",
                     f"{BASE}/events/festival/timetable",
                     *(f"{BASE}/sessions/{s.id}" for s in sessions)]
    assert client.get("/sitemaps/4.xml").status_code == 404
    assert client.get("/sitemaps/0.xml").status_code == 404


def test_robots_points_at_the_sitemap_and_keeps_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/organise", "/account", "/my/", "/registrations/", "/invitations/",
                    "/feeds/", "/api/"):
        assert f"Disallow: {private}" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_robots_under_a_path_prefix(app, db):
    app.config["PUBLIC_BASE_URL"] = "https://example.org/scheduler"
    lines = app.test_client().get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Disallow: /scheduler/organise" in lines
    assert "Sitemap: https://example.org/scheduler/sitemap.xml" in lines


def test_web_manifest(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.headers["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.data)
    assert manifest["name"] == manifest["short_name"] == "Scheduler"
    assert manifest["start_url"] == f"{BASE}/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0172ad"
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix(BASE)
        assert client.get(path).status_code == 200, path
    assert {icon["sizes"] for icon in manifest["icons"]} == {"any", "192x192", "512x512"}


def test_favicon_ico_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/static/icons/icon-32.png")
