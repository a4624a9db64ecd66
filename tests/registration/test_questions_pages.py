"""Registration questions on the pages: the organiser builds the form (add,
edit, reorder, preview, retire) without JavaScript; guests and invitees answer
it on the register and invitation forms, checked with a message under each
field in the page's language; organisers see the answers on the attendee list
and in the CSV and XLSX exports; a move keeps them."""
from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa
from openpyxl import load_workbook

from scheduler.registration import moves
from scheduler.registration.questions import add_question, event_questions
from scheduler.registration.questions_inputs import QuestionInput
from scheduler.registration.questions_models import Answer
from scheduler.transactions import unit_of_work
from tests.factories import make_session
from tests.registration.conftest import SOON, accept_link, page, registrations
from tests.registration.test_invitations import invite

SECTORS = [{"value": "ngo", "label": {"en": "NGO", "ru": "НКО", "ka": "არასამთავრობო"}},
           {"value": "government", "label": {"en": "Government", "ka": "სახელმწიფო"}}]


def ask(event, owner, kind: str, label: dict, **extra):
    with unit_of_work():
        return add_question(event, QuestionInput.parse(
            {"kind": kind, "label": label} | extra), actor=owner)


def form_of(festival, owner) -> dict:
    """A study visit's form: {name: question}."""
    return {
        "organisation": ask(festival, owner, "text", {"en": "Organisation",
                                                      "ka": "ორგანიზაცია"}, required=True),
        "sector": ask(festival, owner, "choice", {"en": "Sector", "ka": "სექტორი"},
                      options=SECTORS),
        "country": ask(festival, owner, "country", {"en": "Country", "ka": "ქვეყანა"}),
        "vegetarian": ask(festival, owner, "boolean", {"en": "Vegetarian meals?"}),
        "arrival": ask(festival, owner, "date", {"en": "Arrival"}),
        "photos": ask(festival, owner, "consent",
                      {"en": "I agree to be photographed", "ka": "ვეთანხმები ფოტოგადაღებას"},
                      required=True),
    }


def answers_form(asked: dict, **values) -> dict:
    return {f"answers.{asked[name].id}": value for name, value in values.items()}


GOOD = {"organisation": "Green Caucasus", "sector": "ngo", "country": "GE",
        "vegetarian": "yes", "arrival": "2026-12-13", "photos": "y"}


def test_organiser_builds_reorders_previews_and_retires_questions(owner_client, db,
                                                                  festival, owner):
    url = f"/organise/events/{festival.id}/questions"
    assert f'href="{url}"' in page(owner_client.get(f"/organise/events/{festival.id}"))
    html = page(owner_client.post(url, data={
        "kind": "choice", "label_en": "Sector", "label_ka": "სექტორი", "required": "y",
        "options": "ngo | NGO | НКО | არასამთავრობო\ngovernment | Government"},
        follow_redirects=True))
    assert "Question added." in html
    page(owner_client.post(url, data={"kind": "text", "label_en": "Position"}), 302)
    first, second = event_questions(festival.id)
    assert first.options == [SECTORS[0], {"value": "government",
                                          "label": {"en": "Government"}}]
    html = page(owner_client.get(url))
    # The preview is the form attendees see: a radio per option.
    assert re.search(r'type="radio"[^>]*value="ngo"', html) and "Position" in html
    page(owner_client.post(f"/organise/questions/{second.id}/up"), 302)
    assert [q.id for q in event_questions(festival.id)] == [second.id, first.id]
    page(owner_client.post(f"/organise/questions/{second.id}/edit", data={
        "kind": "text", "label_en": "Job title", "help_ru": "Должность"}), 302)
    db.session.expire_all()
    assert (second.label, second.help) == ({"en": "Job title"}, {"ru": "Должность"})
    page(owner_client.post(f"/organise/questions/{second.id}/remove"), 302)
    assert event_questions(festival.id, retired=True) == [first]


def test_question_form_errors_stay_under_their_fields(owner_client, festival):
    html = page(owner_client.post(f"/organise/events/{festival.id}/questions", data={
        "kind": "choice", "label_ka": "სექტორი", "options": "NGO!"}), 422)
    assert "Must be lower-case letters" in html and 'id="options-error"' in html


def test_guest_answers_on_the_session_page_and_sees_them_after(client, db, festival, owner,
                                                               screening):
    asked = form_of(festival, owner)
    html = page(client.get(f"/sessions/{screening.id}?lang=ka"))
    assert "ორგანიზაცია *" in html and "ვეთანხმები ფოტოგადაღებას" in html
    assert "საქართველო" in html  # Georgia, named in Georgian
    assert "არასამთავრობო" in html and "Vegetarian meals?" in html  # else English
    html = page(client.post(f"/sessions/{screening.id}/register?lang=ka", data={
        "name": "Nino", "email": "nino@example.org"} | answers_form(asked, **GOOD),
        follow_redirects=True))
    assert "Green Caucasus" in html and "სახელმწიფო" not in html
    answers = {a.question_id: a for a in db.session.scalars(sa.select(Answer))}
    assert answers[asked["vegetarian"].id].value is True
    assert answers[asked["photos"].id].agreed_text == "ვეთანხმები ფოტოგადაღებას"
    assert answers[asked["sector"].id].value == "ngo"


def test_wrong_answers_come_back_under_their_fields(client, db, festival, owner, screening):
    asked = form_of(festival, owner)
    wrong = GOOD | {"organisation": "", "country": "XX", "arrival": "2026-02-30",
                    "photos": ""}
    html = page(client.post(f"/sessions/{screening.id}/register", data={
        "name": "Nino", "email": "nino@example.org"} | answers_form(asked, **wrong)), 422)
    for name, message in [("organisation", "Is required"), ("country", "Must be an ISO 3166-1"),
                          ("arrival", "Must be a date"), ("photos", "Must be agreed to")]:
        assert re.search(f'id="answer-{asked[name].id}-error"[^>]*>{message}', html), name
    assert registrations(db) == []
    html = page(client.post(f"/sessions/{screening.id}/register?lang=ru", data={
        "name": "Nino", "email": "nino@example.org"} | answers_form(asked, **(
            GOOD | {"photos": ""}))), 422)
    assert f'id="answer-{asked["photos"].id}-error"' in html
    assert "Must be agreed to" not in html


def test_invitee_answers_on_the_invitation_form(owner_client, client, db, festival, owner,
                                                invitation_only):
    asked = form_of(festival, owner)
    page(invite(owner_client, invitation_only))
    link = accept_link(db, "partner@example.org")
    assert "Organisation *" in page(client.get(link))
    page(client.post(link, data={"name": "Pat"}), 422)
    page(client.post(link, data={"name": "Pat"} | answers_form(asked, **GOOD)), 302)
    [registration] = registrations(db, invitation_only)
    stored = db.session.scalars(sa.select(Answer).filter_by(
        registration_id=registration.id)).all()
    assert len(stored) == len(GOOD)


def test_a_moved_registration_keeps_its_answers(client, db, festival, owner, screening):
    asked = form_of(festival, owner)
    page(client.post(f"/sessions/{screening.id}/register", data={
        "name": "Nino", "email": "nino@example.org"} | answers_form(asked, **GOOD)), 302)
    # A required question added since does not stop the organiser's move.
    ask(festival, owner, "number", {"en": "Age"}, required=True)
    later = make_session(festival, screening.venue, starts_at=SOON.replace(year=SOON.year + 1))
    [nino] = registrations(db, screening)
    with unit_of_work():
        receipt = moves.move(nino, later, actor=owner)
    moved = db.session.scalars(sa.select(Answer).filter_by(
        registration_id=receipt.registration.id)).all()
    assert {a.question_id: a.value for a in moved}[asked["country"].id] == "GE"
    assert len(moved) == len(GOOD)


def test_answers_in_the_list_csv_and_xlsx_retired_ones_too(owner_client, client, db, festival,
                                                           owner, screening):
    asked = form_of(festival, owner)
    page(client.post(f"/sessions/{screening.id}/register", data={
        "name": "=cmd()", "email": "nino@example.org"} | answers_form(
            asked, **(GOOD | {"organisation": "@evil"}))), 302)
    page(owner_client.post(f"/organise/questions/{asked['organisation'].id}/remove"), 302)
    attendees = f"/organise/sessions/{screening.id}/attendees"
    html = page(owner_client.get(attendees))
    assert "@evil" in html and "Georgia" in html and "NGO" in html
    raw = owner_client.get(f"{attendees}.csv").get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert header[7:] == ["Organisation", "Sector", "Country", "Vegetarian meals?",
                          "Arrival", "I agree to be photographed"]
    assert row[0] == "'=cmd()" and row[7:] == [
        "'@evil", "NGO", "Georgia", "Yes", "2026-12-13", "I agree to be photographed"]
    response = owner_client.get(f"{attendees}.xlsx")
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][7] == "Organisation" and rows[1][0] == "'=cmd()"
    assert rows[1][7:] == row[7:]
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    georgian = owner_client.get(f"{attendees}.csv?lang=ka").get_data().decode("utf-8-sig")
    assert "ორგანიზაცია" in georgian and "საქართველო" in georgian


def test_only_the_events_organisers_see_answers(app, client, db, festival, owner, screening):
    from scheduler.accounts.models import Role
    from tests.factories import make_user
    form_of(festival, owner)
    stranger = app.test_client(user=make_user(role=Role.organiser, email="x@example.org"))
    for suffix in ("", ".csv", ".xlsx"):
        page(stranger.get(f"/organise/sessions/{screening.id}/attendees{suffix}"), 403)
    page(stranger.get(f"/organise/events/{festival.id}/questions"), 403)
    page(client.get(f"/organise/events/{festival.id}/questions"), 302)
