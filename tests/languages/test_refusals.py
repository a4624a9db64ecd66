"""What services refuse is said in the reader's language: on pages (form errors,
flash messages) and in the API's error envelope, whose `code` never changes;
outside a request (the CLI) it is English."""
from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.accounts.models import Role
from scheduler.errors import DomainError
from scheduler.languages import COOKIE
from scheduler.registration.models import RegistrationStatus
from tests.api.helpers import TBILISI, caller_with_role, error_of
from tests.factories import booked, make_event, make_registration, make_session
from tests.public.conftest import utc

STARTS = utc(2030, 1, 10, 15)
NINO = {"name": "Nino", "email": "nino@example.org"}


@pytest.fixture
def talk(db, owner, venues):
    event = make_event(owner, slug="days")
    return make_session(event, venues["amirani"], starts_at=STARTS, capacity=22)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def register_twice(client, talk, query: str = ""):
    assert client.post(f"/sessions/{talk.id}/register", data=NINO).status_code == 302
    return client.post(f"/sessions/{talk.id}/register{query}", data=NINO)


def test_registering_twice_is_refused_in_russian(client, talk):
    response = register_twice(client, talk, "?lang=ru")
    assert response.status_code == 409
    body = text_of(response)
    assert "Этот адрес уже зарегистрирован на этот сеанс." in body
    assert "Уже зарегистрирован на этот сеанс" in body  # under the email field
    assert "already registered" not in body


def test_registering_twice_is_refused_in_english_by_default(client, talk):
    body = text_of(register_twice(client, talk))
    assert "This email is already registered for this session." in body


def test_a_closed_registration_says_so_in_the_remembered_language(client, db, talk):
    talk.registration_closes_at = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    client.set_cookie(COOKIE, "ru")
    page = text_of(client.get(f"/sessions/{talk.id}"))
    assert "Регистрация закрылась" in page
    refused = client.post(f"/sessions/{talk.id}/register", data=NINO)
    assert refused.status_code == 409
    assert "Регистрация закрылась" in text_of(refused)
    assert "Registration closed" not in text_of(refused)


def test_a_refusal_flashed_after_a_redirect_is_in_georgian(app, db, owner, talk):
    later = make_session(talk.event, talk.venue, starts_at=utc(2030, 1, 11, 15))
    gone = make_registration(talk, email="gone@example.org",
                             status=RegistrationStatus.cancelled)
    browser = app.test_client(user=owner)
    response = browser.post(f"/organise/registrations/{gone.id}/move?lang=ka",
                            data={"session_id": later.id}, follow_redirects=True)
    assert ("მხოლოდ მოლოდინში მყოფი, დადასტურებული ან მოლოდინის სიაში მყოფი "
            "რეგისტრაციის გადატანაა შესაძლებელი.") in text_of(response)


def test_a_check_in_refusal_names_the_person_in_georgian(app, db, owner, talk):
    waiting = make_registration(talk, email="wait@example.org", name="Levan",
                                status=RegistrationStatus.waitlisted)
    browser = app.test_client(user=owner)
    response = browser.post(f"/organise/sessions/{talk.id}/check-in?lang=ka",
                            data={"code": waiting.check_in_code})
    assert response.status_code == 409
    assert "Levan მოლოდინის სიაშია და ადგილი არ აქვს." in text_of(response)


@pytest.mark.parametrize("language, message, field", [
    ("en", "This email is already registered for this session.",
     "already registered for this session"),
    ("ka", "ეს ელფოსტა ამ სეანსზე უკვე დარეგისტრირებულია.",
     "ამ სეანსზე უკვე დარეგისტრირებულია"),
    ("ru", "Этот адрес уже зарегистрирован на этот сеанс.",
     "уже зарегистрирован на этот сеанс"),
])
def test_the_api_translates_the_message_and_keeps_the_code(client, talk, language,
                                                           message, field):
    url = f"/api/v1/sessions/{talk.id}/registrations"
    assert client.post(url, json=NINO).status_code == 201
    error = error_of(client.post(url, json=NINO, headers={"Accept-Language": language}),
                     409)
    assert error == {"code": "already_registered", "message": message,
                     "fields": {"email": field}}


def test_api_field_problems_defined_once_at_import_are_translated_per_request(app, client):
    organiser = caller_with_role(app, Role.organiser)
    body = TBILISI | {"country": "georgia"}
    english = error_of(client.post("/api/v1/venues", json=body, headers=organiser.headers),
                       422)
    georgian = error_of(client.post("/api/v1/venues", json=body, headers={
        **organiser.headers, "Accept-Language": "ka"}), 422)
    assert english["code"] == georgian["code"] == "invalid"
    assert english["fields"]["country"].startswith("must be an ISO 3166-1 alpha-2 code")
    assert georgian["fields"]["country"].startswith("უნდა იყოს ISO 3166-1 alpha-2 კოდი")
    assert georgian["message"].startswith("გთხოვთ, გაასწოროთ: country უნდა იყოს")


@pytest.mark.parametrize("language, message", [
    ("en", "There is nothing at this address. Check it for typing mistakes."),
    ("ru", "По этому адресу ничего нет. Проверьте, нет ли в нём опечаток."),
])
def test_werkzeug_errors_are_described_in_the_readers_language(client, language, message):
    error = error_of(client.get("/api/v1/nowhere", headers={"Accept-Language": language}),
                     404)
    assert error == {"code": "not_found", "message": message}
    page = client.get(f"/nowhere?lang={language}")
    assert page.status_code == 404 and message in text_of(page)


def test_a_form_without_its_csrf_token_is_explained_in_russian(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/sign-in?lang=ru", data={"email": "a@example.org"})
    assert response.status_code == 400
    assert "Защитный токен формы (CSRF) отсутствует или устарел" in text_of(response)


def test_the_cli_refuses_in_english(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "short@example.org", "--role", "attendee", "--name", "Short",
        "--password", "short"])
    assert result.exit_code == 1
    assert "password must be at least 8 characters" in result.output


def test_without_a_request_a_refusal_is_plain_english(talk):
    with pytest.raises(DomainError) as refused:
        booked(talk, name="", email="nino@example.org")
    assert refused.value.message == "Please correct: name is required."
    assert refused.value.fields == {"name": "is required"}
    assert type(refused.value.fields["name"]) is str
