"""The organiser's pages, driven through the web client as a person would."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import Role
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from tests.factories import make_event, make_session, make_user, make_venue

DEC_14 = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)  # 19:00 in Tbilisi


@pytest.fixture
def owner(db):
    return make_user(role=Role.organiser, email="owner@example.org", name="Olga Owner")


@pytest.fixture
def browser(app, owner):
    return app.test_client(user=owner)


@pytest.fixture
def hall(db, owner):
    return make_venue(name="Amirani", capacity=40, changeover_minutes=15,
                      created_by_id=owner.id)


@pytest.fixture
def festival(owner):
    return make_event(owner, title="Migration Film Festival")


def page(response) -> str:
    return response.get_data(as_text=True)


def fresh(db, model, row_id):
    db.session.rollback()  # end the test's read snapshot; see what requests committed
    return db.session.get(model, row_id)


def sessions(db) -> list[EventSession]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(EventSession).order_by(EventSession.starts_at)))


def session_form(venue, day="2026-12-14", start="19:00", end="21:00", **extra) -> dict:
    return {"venue_id": venue.id, "film_id": "", "title": "Opening night",
            "starts_on": day, "starts_at": start, "ends_at": end,
            "registration_mode": "open", "qa_minutes": "0", **extra}


def add_session(browser, event, venue, **fields):
    return browser.post(f"/organise/events/{event.id}/sessions/new",
                        data=session_form(venue, **fields), follow_redirects=True)


# Events


def test_new_event_from_the_dashboard(browser, db, owner):
    assert "/organise/events/new" in page(browser.get("/organise"))
    assert 'name="title"' in page(browser.get("/organise/events/new"))
    response = browser.post("/organise/events/new", data={
        "title": "Winter School", "kind": "training", "description": "Five days.",
        "status": "draft"})
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert response.location == f"/organise/events/{event.id}"
    assert (event.title, event.kind, event.status, event.owner_id) == (
        "Winter School", "training", EventStatus.draft, owner.id)
    shown = page(browser.get(response.location))
    assert "Winter School" in shown and "status-draft" in shown and "Publish" in shown
    assert f'href="/organise/events/{event.id}"' in page(browser.get("/organise"))


@pytest.mark.parametrize("fields, error", [
    ({"title": ""}, "This field is required."),
    ({"title": "x" * 301}, "Must be at most 300 characters"),
    ({"kind": "rave"}, "Not a valid choice"),
    ({"status": "cancelled"}, "Not a valid choice"),
])
def test_new_event_shows_field_errors_and_stores_nothing(browser, db, fields, error):
    data = {"title": "Winter School", "kind": "training", "status": "draft"} | fields
    response = browser.post("/organise/events/new", data=data)
    assert response.status_code == 422
    assert error in page(response) and 'aria-invalid="true"' in page(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_edit_publish_and_cancel_an_event(browser, db, festival, hall):
    festival.status = EventStatus.draft
    db.session.commit()
    upcoming = make_session(festival, hall)
    assert "Migration Film Festival" in page(browser.get(f"/organise/events/{festival.id}/edit"))
    browser.post(f"/organise/events/{festival.id}/edit",
                 data={"title": "Festival 2026", "kind": "film_festival", "description": ""})
    browser.post(f"/organise/events/{festival.id}/publish")
    assert fresh(db, Event, festival.id).status is EventStatus.published
    confirm = page(browser.get(f"/organise/events/{festival.id}/cancel"))
    assert "Yes, cancel this event" in confirm
    shown = page(browser.post(f"/organise/events/{festival.id}/cancel", follow_redirects=True))
    assert "Festival 2026" in shown and "status-cancelled" in shown
    assert fresh(db, EventSession, upcoming.id).status is SessionStatus.cancelled
    again = page(browser.post(f"/organise/events/{festival.id}/publish", follow_redirects=True))
    assert "cannot be published again" in again
    assert fresh(db, Event, festival.id).status is EventStatus.cancelled


def test_co_organisers_are_added_by_email(app, browser, db, festival):
    colleague = make_user(role=Role.organiser, email="nino@example.org", name="Nino")
    url = f"/organise/events/{festival.id}/organisers"
    refused = page(browser.post(url, data={"email": "nobody@example.org"}))
    assert "No account with this email" in refused
    shown = page(browser.post(url, data={"email": "Nino@Example.org"}, follow_redirects=True))
    assert "Nino can now change this event" in shown and "nino@example.org" in shown
    assert app.test_client(user=colleague).get(
        f"/organise/events/{festival.id}/edit").status_code == 200


def test_titles_are_escaped(browser, db, hall):
    browser.post("/organise/events/new", data={
        "title": "<script>alert(1)</script>", "kind": "panel", "status": "draft"})
    event = db.session.scalar(sa.select(Event))
    add_session(browser, event, hall, title="<b>bold</b>")
    shown = page(browser.get(f"/organise/events/{event.id}"))
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "<b>bold" not in shown and "&lt;b&gt;bold&lt;/b&gt;" in shown


def test_a_ten_megabyte_title_is_refused_without_an_error_page(browser, db):
    response = browser.post("/organise/events/new", data={
        "title": "x" * 10_000_000, "kind": "panel", "status": "draft"})
    assert response.status_code in (200, 413)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


# Sessions


def test_a_session_is_typed_in_venue_time_and_listed_by_day(browser, db, festival, hall):
    form = page(browser.get(f"/organise/events/{festival.id}/sessions/new"))
    assert "Times are local to the venue" in form and "Amirani, Tbilisi (Asia/Tbilisi)" in form
    shown = page(add_session(browser, festival, hall, capacity="30"))
    [stored] = sessions(db)
    assert (stored.starts_at, stored.ends_at, stored.capacity) == (
        DEC_14, DEC_14 + timedelta(hours=2), 30)
    assert "Session added" in shown and "Mon, Dec 14, 2026" in shown
    assert "19:00–21:00 +04" in shown and "Amirani, Tbilisi" in shown
    assert "0 taken<br>30 left" in shown and "Open" in shown
    assert f"/organise/sessions/{stored.id}/edit" in shown


def test_a_venue_conflict_is_a_form_error_naming_the_other_session(browser, db, festival,
                                                                   hall):
    add_session(browser, festival, hall, title="Opening night")
    response = add_session(browser, festival, hall, title="Late show", start="20:00",
                           end="22:00")
    assert "Amirani is taken then: “Opening night”" in page(response)
    assert "The venue is busy then" in page(response)
    assert len(sessions(db)) == 1
    add_session(browser, festival, hall, title="Next", start="21:15", end="23:00")
    assert len(sessions(db)) == 2  # back to back, after the 15-minute changeover


def test_several_dates_at_once(browser, db, festival, hall):
    url = f"/organise/events/{festival.id}/sessions/dates"
    assert 'name="days-7"' in page(browser.get(url))
    days = {f"days-{n}": f"2026-12-{day}" for n, day in enumerate((14, 15, 17, 18))}
    data = session_form(hall) | days | {"days-5": ""}
    shown = page(browser.post(url, data=data, follow_redirects=True))
    assert "4 sessions added" in shown
    assert [s.starts_at.astimezone(hall.zone).day for s in sessions(db)] == [14, 15, 17, 18]
    assert shown.count("19:00–21:00 +04") == 4


def test_several_dates_refuse_them_all_when_one_date_clashes(browser, db, festival, hall):
    add_session(browser, festival, hall, day="2026-12-17", title="Already there")
    days = {f"days-{n}": f"2026-12-{day}" for n, day in enumerate((14, 15, 17, 18))}
    url = f"/organise/events/{festival.id}/sessions/dates"
    shown = page(browser.post(url, data=session_form(hall) | days))
    assert "Thu, Dec 17, 2026: Amirani is taken then: “Already there”" in shown
    assert len(sessions(db)) == 1
    assert "Pick at least one date" in page(browser.post(url, data=session_form(hall)))


def test_a_time_the_clocks_skip_is_a_field_error(browser, db, festival):
    amsterdam = make_venue(name="De Balie", city="Amsterdam", country="NL",
                           timezone="Europe/Amsterdam")
    shown = page(add_session(browser, festival, amsterdam, day="2027-03-28", start="02:30",
                             end="04:00"))
    assert "Does not exist in the venue&#39;s time zone (clocks go forward)" in shown
    assert "2027-03-28 02:30 does not exist in Europe/Amsterdam" in shown
    assert sessions(db) == []


@pytest.mark.parametrize("choice, utc_hour, offset", [
    ("earlier", 23, "+03:00"), ("later", 0, "+02:00")])
def test_a_time_that_happens_twice_is_resolved_as_chosen_and_said(browser, db, festival,
                                                                  choice, utc_hour, offset):
    chisinau = make_venue(name="Cinema Patria", city="Chișinău", country="MD",
                          timezone="Europe/Chisinau")
    shown = page(add_session(browser, festival, chisinau, day="2027-10-31", start="02:30",
                             end="04:00", later=choice))
    assert (f"02:30 happens twice on 31 Oct in Europe/Chisinau; we used the {choice} "
            f"one, {offset}.") in shown
    [stored] = sessions(db)
    assert stored.starts_at.hour == utc_hour
    form = page(browser.get(f"/organise/sessions/{stored.id}/edit"))
    assert re.search(f'<input[^>]* checked [^>]*value="{choice}"', form)  # kept on edit


def test_reschedule_bumps_the_sequence(browser, db, festival, hall):
    add_session(browser, festival, hall)
    [stored] = sessions(db)
    url = f"/organise/sessions/{stored.id}/edit"
    form = page(browser.get(url))
    assert 'value="19:00"' in form and 'value="2026-12-14"' in form
    browser.post(url, data=session_form(hall, start="20:00", end="22:00"))
    moved = fresh(db, EventSession, stored.id)
    assert (moved.starts_at.hour, moved.sequence) == (16, 1)


def test_cancel_keeps_the_row(browser, db, festival, hall):
    add_session(browser, festival, hall)
    [stored] = sessions(db)
    assert "Yes, cancel this session" in page(browser.get(f"/organise/sessions/{stored.id}/cancel"))
    shown = page(browser.post(f"/organise/sessions/{stored.id}/cancel", follow_redirects=True))
    assert "is cancelled" in shown and "status-cancelled" in shown
    cancelled = fresh(db, EventSession, stored.id)
    assert (cancelled.status, cancelled.sequence) == (SessionStatus.cancelled, 1)


def test_capacity_cannot_drop_below_confirmed_seats(browser, db, festival, hall):
    taken = make_session(festival, hall, starts_at=DEC_14, seats_taken=3)
    shown = page(browser.post(f"/organise/sessions/{taken.id}/edit",
                              data=session_form(hall, capacity="2")))
    assert "Must be at least 3" in shown and "3 seats are already confirmed" in shown
    assert fresh(db, EventSession, taken.id).capacity == 40


def test_people_and_their_clashes(browser, db, festival, hall):
    other_hall = make_venue(name="Rustaveli", capacity=20)
    panel = make_session(festival, hall, starts_at=DEC_14, title="Panel")
    dialogue = make_session(festival, other_hall, starts_at=DEC_14 + timedelta(hours=1),
                            title="Dialogue")
    ana = {"name": "Ana Lomidze", "affiliation": "Public Service Hall", "role": "moderator"}
    browser.post(f"/organise/sessions/{panel.id}/people", data=ana)
    shown = page(browser.post(f"/organise/sessions/{dialogue.id}/people",
                              data=ana | {"role": "speaker"}, follow_redirects=True))
    assert "Ana Lomidze is on this session as speaker" in shown
    assert "flash-warning" in shown and "Ana Lomidze is also in “Panel” at 19:00 +04." in shown
    assert "Ana Lomidze is also in “Dialogue” at 20:00 +04." in page(
        browser.get(f"/organise/sessions/{panel.id}/edit"))
    assert "Is required" in page(browser.post(f"/organise/sessions/{panel.id}/people",
                                              data={"name": " ", "role": "speaker"}))
    person_id = fresh(db, EventSession, panel.id).people[0].person_id
    browser.post(f"/organise/sessions/{panel.id}/people/{person_id}/remove")
    assert fresh(db, EventSession, panel.id).people == []


# Who may do what


def organiser_pages(event, event_session) -> list[str]:
    return [f"/organise/events/{event.id}", f"/organise/events/{event.id}/edit",
            f"/organise/events/{event.id}/cancel", f"/organise/events/{event.id}/sessions/new",
            f"/organise/events/{event.id}/sessions/dates",
            f"/organise/sessions/{event_session.id}/edit",
            f"/organise/sessions/{event_session.id}/cancel"]


def test_attendees_get_403_and_strangers_must_sign_in(app, client, db, festival, hall):
    urls = [*organiser_pages(festival, make_session(festival, hall)),
            "/organise", "/organise/events/new", "/organise/venues", "/organise/venues/new",
            "/organise/films", "/organise/films/new"]
    attendee = app.test_client(user=make_user())
    for url in urls:
        assert attendee.get(url).status_code == 403, url
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/sign-in"), url
    assert attendee.post(f"/organise/events/{festival.id}/publish").status_code == 403


def test_other_organisers_get_403_on_published_and_404_on_drafts(app, db, owner, hall):
    published = make_event(owner, title="Published")
    draft = make_event(owner, title="Draft", status=EventStatus.draft)
    stranger = app.test_client(user=make_user(role=Role.organiser))
    for url in organiser_pages(published, make_session(published, hall,
                                                       starts_at=DEC_14 + timedelta(days=1))):
        assert stranger.get(url).status_code == 403, url
    for url in organiser_pages(draft, make_session(draft, hall, starts_at=DEC_14)):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"/organise/events/{draft.id}/publish").status_code == 404
    assert stranger.post(f"/organise/events/{published.id}/cancel").status_code == 403
    assert fresh(db, Event, published.id).status is EventStatus.published


def test_co_organisers_and_admins_may_change_the_event(app, db, owner, hall):
    draft = make_event(owner, title="Draft", status=EventStatus.draft)
    colleague = make_user(role=Role.organiser)
    draft.co_organisers.append(colleague)
    db.session.commit()
    draft_session = make_session(draft, hall, starts_at=DEC_14)
    for user in (colleague, make_user(role=Role.admin)):
        visitor = app.test_client(user=user)
        for url in organiser_pages(draft, draft_session):
            assert visitor.get(url).status_code == 200, url
    app.test_client(user=colleague).post(f"/organise/events/{draft.id}/publish")
    assert fresh(db, Event, draft.id).status is EventStatus.published
