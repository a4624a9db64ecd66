from datetime import UTC, datetime, timedelta, timezone

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus, SessionStatus
from tests.factories import make_event, make_session, make_user, make_venue

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)


@pytest.fixture
def programme(db):
    """A published festival in two cities, a draft, and a festival already over."""
    owner = make_user(role=Role.organiser, email="owner@example.org")
    tbilisi = make_venue()
    batumi = make_venue(name="Apollo", city="Batumi", capacity=28)
    festival = make_event(owner, title="მიგრაციის კინოფესტივალი", slug="festival")
    make_session(festival, tbilisi, starts_at=SOON.replace(hour=15, minute=0))
    make_session(festival, batumi, starts_at=SOON.replace(hour=15) + timedelta(days=3))
    make_session(festival, batumi, starts_at=SOON + timedelta(days=40),
                 status=SessionStatus.cancelled)
    draft = make_event(owner, title="Secret draft", slug="draft", status=EventStatus.draft)
    make_session(draft, tbilisi, starts_at=SOON + timedelta(days=1))
    past = make_event(owner, title="Last year's festival", slug="past")
    make_session(past, tbilisi, starts_at=SOON - timedelta(days=365))
    return {"owner": owner, "festival": festival, "draft": draft}


def test_home_lists_published_upcoming_events_with_dates_and_places(client, programme):
    page = client.get("/").get_data(as_text=True)
    assert "მიგრაციის კინოფესტივალი" in page
    assert "Batumi, Tbilisi" in page
    # The first session's own start (15:00 UTC), not SOON: late in the UTC day
    # SOON is already the next day at +04.
    first_start = SOON.replace(hour=15, minute=0)
    first_day = first_start.astimezone(timezone(timedelta(hours=4))).strftime("%b %-d")
    assert first_day in page
    assert "19:00 +04" in page  # 15:00 UTC shown at the venue, with its zone
    assert "Secret draft" not in page
    assert "Last year" not in page


def test_home_without_events_says_so(client, db):
    assert "No events are published yet" in client.get("/").get_data(as_text=True)


def test_home_escapes_organiser_text(client, programme, db):
    programme["festival"].title = "<script>alert(1)</script>"
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_dashboard_shows_own_and_co_organised_events_with_drafts(app, programme, db):
    colleague = make_user(role=Role.organiser, email="colleague@example.org")
    programme["draft"].co_organisers.append(colleague)
    db.session.commit()
    page = app.test_client(user=colleague).get("/organise").get_data(as_text=True)
    assert "Secret draft" in page and "Draft" in page
    assert "მიგრაციის კინოფესტივალი" not in page


def test_admin_dashboard_shows_every_event(admin_client, programme):
    page = admin_client.get("/organise").get_data(as_text=True)
    for title in ("Secret draft", "მიგრაციის კინოფესტივალი", "Last year"):
        assert title in page


def test_dashboard_is_for_organisers(attendee_client, client, db):
    assert attendee_client.get("/organise").status_code == 403
    response = client.get("/organise")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")
