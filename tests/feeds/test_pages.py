"""The subscribe and add-to-calendar partials on the pages that use them."""
from __future__ import annotations

from tests.factories import make_session
from tests.feeds.conftest import local


def test_home_page_offers_the_programme_feed(client, festival, tbilisi):
    make_session(festival, tbilisi)
    page = client.get("/").get_data(as_text=True)
    # Subscribe links carry the page's language, for the titles in the calendar.
    assert 'href="webcal://scheduler.test/calendar.ics?lang=en"' in page
    assert 'value="https://scheduler.test/calendar.ics?lang=en"' in page
    assert "copy-link.js" in page and 'data-copied="Copied" hidden>Copy address</button>' in page
    # The script shows what the page says after copying, so it speaks the page's language.
    russian = client.get("/?lang=ru").get_data(as_text=True)
    assert 'data-copied="Скопировано" hidden>Скопировать адрес</button>' in russian
    assert 'href="webcal://scheduler.test/calendar.ics?lang=ru"' in russian


def test_event_page_offers_its_feed_and_each_session(app, owner, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    browser = app.test_client(user=owner)
    page = browser.get(f"/organise/events/{festival.id}").get_data(as_text=True)
    assert "webcal://scheduler.test/events/gmff/calendar.ics" in page
    assert f'href="https://scheduler.test/sessions/{screening.id}.ics?lang=en"' in page
    assert "calendar.google.com" in page and "outlook.live.com" in page


def test_public_event_and_session_pages_offer_their_feeds(client, festival, tbilisi):
    screening = make_session(festival, tbilisi, starts_at=local("Asia/Tbilisi", 2027, 5, 10, 19))
    event_page = client.get("/events/gmff").get_data(as_text=True)
    assert 'href="webcal://scheduler.test/events/gmff/calendar.ics?lang=en"' in event_page
    session_page = client.get(f"/sessions/{screening.id}?lang=ka").get_data(as_text=True)
    assert f'href="https://scheduler.test/sessions/{screening.id}.ics?lang=ka"' in session_page
    assert "calendar.google.com" in session_page and "outlook.live.com" in session_page
    assert "outlook.office.com" in session_page
