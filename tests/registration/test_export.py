"""The attendee list on its page and as CSV for spreadsheets."""
from __future__ import annotations

import csv
import io

from scheduler.accounts.models import Role
from scheduler.registration.models import RegistrationStatus as Status
from tests.factories import booked, make_registration, make_user
from tests.registration.conftest import page, registrations


def test_attendee_page_counts_lists_and_decides(owner_client, db, screening):
    screening.registration_mode = screening.registration_mode.approval
    db.session.commit()
    for name in ("Nino", "Giorgi", "Tamar"):
        booked(screening, name=name, email=f"{name.lower()}@example.org")
    html = page(owner_client.get(f"/organise/sessions/{screening.id}/attendees"))
    assert "<strong>3</strong> pending" in html and "giorgi@example.org" in html
    nino, giorgi, _ = registrations(db, screening)
    html = page(owner_client.post(f"/organise/registrations/{nino.id}/approve",
                                  follow_redirects=True))
    assert "Nino is now confirmed." in html
    page(owner_client.post(f"/organise/registrations/{giorgi.id}/decline",
                           follow_redirects=True))
    assert [r.status for r in registrations(db, screening)] == [
        Status.confirmed, Status.declined, Status.pending]
    # Approving a declined one says why, and changes nothing.
    html = page(owner_client.post(f"/organise/registrations/{giorgi.id}/approve",
                                  follow_redirects=True))
    assert "Only pending registrations can be approved." in html
    assert registrations(db, screening)[1].status is Status.declined
    page(owner_client.post("/organise/registrations/424242/approve"), 404)


def test_manage_page_links_each_session_to_its_attendees(owner_client, festival, screening):
    html = page(owner_client.get(f"/organise/events/{festival.id}"))
    assert f'href="/organise/sessions/{screening.id}/attendees"' in html


def test_csv_has_bom_crlf_unicode_and_neutralised_formulas(owner_client, db, screening):
    names = ["ნინო ბერიძე", "Тамара Иванова", "=HYPERLINK(\"http://evil\")", "+1 boom",
             "-2", "@SUM(A1)", "\tTabbed", "\rReturn", "Plain, with comma"]
    for number, name in enumerate(names):
        make_registration(screening, email=f"p{number}@example.org", name=name,
                          check_in_code=f"CODE{number:04d}")
    response = owner_client.get(f"/organise/sessions/{screening.id}/attendees.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.count("\r\n") >= len(names) + 1
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    assert [row[0] for row in rows[1:]] == [
        "ნინო ბერიძე", "Тамара Иванова", "'=HYPERLINK(\"http://evil\")", "'+1 boom", "'-2",
        "'@SUM(A1)", "'\tTabbed", "'\rReturn", "Plain, with comma"]
    assert rows[1][1:3] == ["p0@example.org", "confirmed"]


def test_organiser_pages_are_for_this_events_editors_only(app, client, db, screening):
    make_registration(screening, email="private@example.org", name="Private Person")
    paths = [f"/organise/sessions/{screening.id}/attendees",
             f"/organise/sessions/{screening.id}/attendees.csv",
             f"/organise/sessions/{screening.id}/check-in"]
    attendee = app.test_client(user=make_user())
    stranger = app.test_client(user=make_user(role=Role.organiser))
    admin = app.test_client(user=make_user(role=Role.admin))
    for path in paths:
        assert client.get(path).status_code == 302  # to sign in
        for outsider in (attendee, stranger):
            html = page(outsider.get(path), 403)
            assert "Private Person" not in html and "private@example.org" not in html
        page(admin.get(path))
        page(admin.get(path.replace(f"/{screening.id}/", "/424242/")), 404)
