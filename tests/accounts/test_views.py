import pytest

from scheduler.accounts import services
from scheduler.accounts.models import Role
from scheduler.web.attendee.accounts import safe_next
from tests.factories import PASSWORD, make_user


@pytest.fixture
def nino(db):
    return make_user(email="nino@example.org", name="Nino Beridze", role=Role.organiser)


def sign_in(client, email, password, next_url=None):
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_sign_in_page_has_a_labelled_form(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert '<label for="email">Email</label>' in page
    assert 'type="password"' in page


def test_sign_in_and_out(client, nino):
    response = sign_in(client, "Nino@Example.org", PASSWORD)
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert client.post("/sign-out").status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("email", ["nino@example.org", "nobody@example.org"])
def test_wrong_credentials_say_the_same_thing_either_way(client, nino, email):
    response = sign_in(client, email, "wrong password")
    assert response.status_code == 422
    assert "That email and password do not match an account." in response.get_data(as_text=True)


def test_malformed_sign_in_is_a_form_error(client):
    response = client.post("/sign-in", data={"email": "x" * 5000, "password": ""})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_next_is_followed_within_the_site_only(client, nino):
    assert sign_in(client, nino.email, PASSWORD, "/organise").location == "/organise"
    client.post("/sign-out")
    # Refused, it leaves the organiser on their dashboard.
    assert sign_in(client, nino.email, PASSWORD, "https://evil.example").location == "/organise"


@pytest.mark.parametrize("target, expected", [
    ("/organise", "/organise"), ("//evil.example/x", None), ("https://evil.example", None),
    ("javascript:alert(1)", None), ("organise", None), ("", None), (None, None),
    ("/\\evil.example", None), ("/events?day=1", "/events?day=1"),
    ("\\\\evil.example", None), ("/organise\\..\\x", None), ("/\t/evil.example", None),
    ("/\n/evil.example", None), (" //evil.example", None), ("https:/evil.example", None),
    ("http://scheduler.test/organise", None), ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
])
def test_safe_next(target, expected):
    assert safe_next(target) == expected


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example",
                                    "/%09/evil.example", "%2F%2Fevil.example"])
def test_sign_in_never_redirects_off_site(client, nino, target):
    assert sign_in(client, nino.email, PASSWORD, target).location == "/organise"


@pytest.mark.parametrize("email", ["nino@example.org", "nobody@example.org"])
def test_unknown_email_costs_one_password_check_too(client, nino, email, monkeypatch):
    checked = []
    real_check = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash",
                        lambda stored, given: checked.append(stored) or real_check(stored, given))
    sign_in(client, email, "wrong password")
    assert len(checked) == 1


def test_sign_out_needs_post(client, nino):
    sign_in(client, nino.email, PASSWORD)
    assert client.get("/sign-out").status_code == 405


def test_forms_are_csrf_protected(app, nino):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = sign_in(client, nino.email, PASSWORD)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_the_nav_sign_in_link_remembers_the_page(client):
    assert 'href="/sign-in?back=/programme?from%3D2030-01-01"' in client.get(
        "/programme?from=2030-01-01").text
    assert 'href="/sign-in"' in client.get("/").text
    assert 'href="/sign-in"' in client.get("/sign-up").text


def test_attendees_land_where_they_were_and_organisers_on_their_dashboard(app, client, nino):
    attendee = make_user(email="tamar@example.org")
    url = "/sign-in?back=/programme"
    done = client.post(url, data={"email": attendee.email, "password": PASSWORD})
    assert done.location == "/programme"
    organiser = app.test_client()
    assert organiser.post(url, data={"email": nino.email, "password": PASSWORD}
                          ).location == "/organise"
    # next= (a page that asked for a sign-in) wins for everyone.
    other = app.test_client()
    assert other.post("/sign-in?next=/account&back=/programme", data={
        "email": nino.email, "password": PASSWORD}).location == "/account"


@pytest.mark.parametrize("back", ["//evil.example", "https://evil.example", "/\\evil.example"])
def test_back_is_followed_within_the_site_only(db, client, back):
    attendee = make_user(email="tamar@example.org")
    assert client.post(f"/sign-in?back={back}", data={
        "email": attendee.email, "password": PASSWORD}).location == "/"
