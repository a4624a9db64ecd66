"""The seat count a session page keeps fresh by itself: the fragment it asks
for, and the page markup that asks (htmx, vendored). Counts only, never names."""
from __future__ import annotations

from scheduler.events.models import EventStatus
from tests.factories import make_registration
from tests.registration.conftest import page


def test_the_seats_fragment_counts_down_as_people_register(client, screening, db):
    assert "3 of 3 seats left." in page(client.get(f"/sessions/{screening.id}/seats"))
    client.post(f"/sessions/{screening.id}/register",
                data={"name": "Nino Beridze", "email": "nino@example.org"})
    fragment = page(client.get(f"/sessions/{screening.id}/seats"))
    assert "2 of 3 seats left." in fragment
    # The badge under the title is swapped out of band, so the two never disagree.
    assert '<span id="session-badge" hx-swap-oob="true">' in fragment
    assert "Few left: 2" in fragment
    assert "<html" not in fragment and "Nino" not in fragment


def test_a_full_session_fragment_says_join_the_waitlist(client, screening, db):
    for number in range(3):
        make_registration(screening, email=f"seat{number}@example.org")
    screening.seats_taken = 3
    db.session.commit()
    fragment = page(client.get(f"/sessions/{screening.id}/seats"))
    assert "0 of 3 seats left." in fragment and "Full: join the waitlist" in fragment


def test_the_fragment_is_as_private_as_the_session_page(client, screening, festival, db):
    festival.status = EventStatus.draft
    db.session.commit()
    page(client.get(f"/sessions/{screening.id}/seats"), 404)
    page(client.get("/sessions/424242/seats"), 404)


def test_the_session_page_asks_for_its_seats_at_the_configured_interval(app, client,
                                                                       screening):
    app.config["SEATS_REFRESH_SECONDS"] = 7
    html = page(client.get(f"/sessions/{screening.id}"))
    assert (f'<p id="seats" hx-get="/sessions/{screening.id}/seats" '
            'hx-trigger="every 7s">') in html
    assert '<span id="session-badge">' in html
    assert 'src="/static/vendor/htmx-2.0.11/htmx.min.js"' in html
    assert "hx-boost=\"true\"" in html  # the form is sent without a page load


def test_htmx_is_configured_for_our_content_security_policy(client, screening):
    html = page(client.get(f"/sessions/{screening.id}"))
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html
    assert '"historyCacheSize":0' in html


def test_a_refused_form_keeps_the_session_address_in_history(client, screening):
    response = client.post(f"/sessions/{screening.id}/register",
                           data={"name": "", "email": "not-an-email"})
    assert response.status_code == 422
    assert response.headers["HX-Push-Url"] == "false"
    assert "HX-Push-Url" not in client.get(f"/sessions/{screening.id}").headers
