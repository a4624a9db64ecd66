"""An event's banner and a venue's photo, given through their organiser forms."""
import io

import pytest

from scheduler.accounts.models import Role
from tests.factories import make_event, make_session, make_user, make_venue
from tests.images.pictures import picture


@pytest.fixture
def organiser(db):
    return make_user(role=Role.organiser, email="banners@example.org")


def test_an_event_banner_shows_on_the_event_page(app, db, organiser):
    event = make_event(organiser, title="Film Days", description="Ten days of films.")
    browser = app.test_client(user=organiser)
    sent = browser.post(f"/organise/events/{event.id}/edit", data={
        "title": "Film Days", "kind": event.kind.value, "description": "Ten days of films.",
        "retention_days": "365", "image": (io.BytesIO(picture("WEBP", (1600, 500))), "b.webp"),
        "image_alt_en": "A row of cinema seats"})
    assert sent.status_code == 302
    html = app.test_client().get(f"/events/{event.slug}").get_data(as_text=True)
    assert 'class="banner"' in html and 'alt="A row of cinema seats"' in html
    assert '<meta property="og:image" content="https://scheduler.test/media/' in html


def test_a_venue_photo_shows_in_the_session_venue_block(app, db, organiser):
    venue = make_venue(created_by_id=organiser.id)
    session = make_session(make_event(organiser), venue)
    browser = app.test_client(user=organiser)
    sent = browser.post(f"/organise/venues/{venue.id}/edit", data={
        "name": venue.name, "city": venue.city, "country": venue.country,
        "address": venue.address, "timezone": venue.timezone, "capacity": "40",
        "changeover_minutes": "0", "image": (io.BytesIO(picture("JPEG")), "v.jpg"),
        "image_alt_ka": "კინოთეატრის შესასვლელი"})
    assert sent.status_code == 302
    html = app.test_client().get(f"/sessions/{session.id}?lang=ka").get_data(as_text=True)
    assert 'class="venue-photo"' in html and 'alt="კინოთეატრის შესასვლელი"' in html


def test_a_bad_banner_is_a_form_message(app, db, organiser):
    event = make_event(organiser)
    sent = app.test_client(user=organiser).post(f"/organise/events/{event.id}/edit", data={
        "title": event.title, "kind": event.kind.value, "retention_days": "365",
        "image": (io.BytesIO(b"%PDF-1.4 not an image"), "banner.jpg"),
        "image_alt_en": "Banner"})
    assert sent.status_code == 422
    assert "not a JPEG, PNG or WebP" in sent.get_data(as_text=True)
