"""Upload, preview and commit through the web client, as an organiser would."""
from __future__ import annotations

import re
from html import unescape

import pytest

from scheduler.accounts.models import Role
from scheduler.events.models import EventStatus
from tests.factories import make_event, make_user
from tests.imports.calendars import CHISINAU_DEFAULTS, calendar, upload, vevent
from tests.imports.conftest import imported, stored

PROGRAMME = calendar(
    vevent("opening@partner.ge", summary="ქართული ფილმი, ღამე; პრემიერა",
           location="Amirani, Tbilisi"),
    vevent("talk@partner.md", summary="Кино и миграция; обсуждение",
           location="Patria, Chișinău", start="DTSTART;TZID=Europe/Chisinau:20271215T190000",
           end="DTEND;TZID=Europe/Chisinau:20271215T203000"))


@pytest.fixture
def browser(app, owner):
    return app.test_client(user=owner)


def page(response) -> str:
    return response.get_data(as_text=True)


def hidden_fields(html: str) -> dict:
    """What the preview's commit form posts back, as a browser would read it."""
    form = html[html.index('action="/organise/events/'):]
    fields = re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    return {name: unescape(value) for name, value in fields}


def preview_page(browser, event, text=PROGRAMME, **defaults):
    return browser.post(f"/organise/events/{event.id}/import",
                        data=upload(text, **(CHISINAU_DEFAULTS | defaults)),
                        content_type="multipart/form-data")


def test_upload_preview_commit(browser, db, festival, amirani):
    manage = page(browser.get(f"/organise/events/{festival.id}"))
    assert f'href="/organise/events/{festival.id}/import"' in manage
    form = page(browser.get(f"/organise/events/{festival.id}/import"))
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    before = stored(db)
    preview = preview_page(browser, festival)
    assert preview.status_code == 200
    shown = page(preview)
    assert "ქართული ფილმი, ღამე; პრემიერა" in shown and "Кино и миграция; обсуждение" in shown
    assert "19:00 +04" in shown and "19:00 EET" in shown  # each venue's own clock
    assert "New venues to be added: Patria" in shown and "Import 2 changes" in shown
    assert stored(db) == before
    carried = hidden_fields(shown)
    assert carried["timezone"] == "Europe/Chisinau" and "BEGIN:VCALENDAR" in carried["calendar"]
    done = browser.post(f"/organise/events/{festival.id}/import/commit", data=carried,
                        content_type="multipart/form-data")
    assert done.status_code == 302 and done.location == f"/organise/events/{festival.id}"
    assert "Import done: 2 added, 0 updated, 0 cancelled; new venues: Patria." in page(
        browser.get(done.location))
    sessions = imported(db)
    assert sorted(sessions) == ["opening@partner.ge", "talk@partner.md"]
    assert sessions["talk@partner.md"].venue.timezone == "Europe/Chisinau"


def test_commit_checks_everything_again(browser, db, festival, amirani):
    """The preview was fine, but the file came back with a clash: nothing is stored."""
    carried = hidden_fields(page(preview_page(browser, festival)))
    carried["calendar"] = carried["calendar"].replace("20271215T190000", "20271214T160000")
    carried["calendar"] = carried["calendar"].replace("Patria\\, Chișinău", "Amirani")
    before = stored(db)
    response = browser.post(f"/organise/events/{festival.id}/import/commit", data=carried,
                            content_type="multipart/form-data")
    assert response.status_code == 200
    shown = page(response)
    assert "1 problem: nothing has been imported" in shown and "Amirani is taken" in shown
    assert "Import 2 changes" not in shown
    assert stored(db) == before


def test_a_file_that_changes_nothing_offers_no_commit(browser, db, festival, amirani):
    text = calendar(vevent("gone@partner", extra=("STATUS:CANCELLED",)))
    shown = page(preview_page(browser, festival, text))
    assert "Cancelled in the file, so not created." in shown
    assert "The file changes nothing here." in shown and "/import/commit" not in shown


def test_co_organisers_and_admins_may_import(app, db, festival, amirani):
    colleague = make_user(role=Role.organiser)
    festival.co_organisers.append(colleague)
    db.session.commit()
    admin = make_user(role=Role.admin)
    for user in (colleague, admin):
        response = preview_page(app.test_client(user=user), festival)
        assert response.status_code == 200 and "Import 2 changes" in page(response)


def test_attendees_are_refused(attendee_client, db, festival):
    before = stored(db)
    assert attendee_client.get(f"/organise/events/{festival.id}/import").status_code == 403
    assert preview_page(attendee_client, festival).status_code == 403
    response = attendee_client.post(f"/organise/events/{festival.id}/import/commit",
                                    data={"calendar": PROGRAMME, **CHISINAU_DEFAULTS},
                                    content_type="multipart/form-data")
    assert response.status_code == 403
    assert stored(db) == before


def test_strangers_are_sent_to_sign_in(client, festival):
    response = client.get(f"/organise/events/{festival.id}/import")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_other_organisers_drafts_are_404_and_their_events_403(app, db, amirani):
    other = make_user(role=Role.organiser)
    draft = make_event(other, status=EventStatus.draft)
    published = make_event(other)
    browser = app.test_client(user=make_user(role=Role.organiser))
    before = stored(db)
    for event, status in ((draft, 404), (published, 403)):
        assert browser.get(f"/organise/events/{event.id}/import").status_code == status
        assert preview_page(browser, event).status_code == status
        response = browser.post(f"/organise/events/{event.id}/import/commit",
                                data={"calendar": PROGRAMME, **CHISINAU_DEFAULTS},
                                content_type="multipart/form-data")
        assert response.status_code == status
    assert browser.get("/organise/events/999999/import").status_code == 404
    assert stored(db) == before


def test_a_cancelled_event_takes_no_import(browser, db, festival, amirani):
    festival.status = EventStatus.cancelled
    db.session.commit()
    response = preview_page(browser, festival)
    assert response.status_code == 409 and "This event is cancelled" in page(response)
