"""Registering through the API: guests and attendees booking, reading and
cancelling by secret, organisers managing; and every bad input refused with
the error envelope, leaving the database as it was."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.events.models import EventStatus, RegistrationMode, SessionStatus
from scheduler.extensions import db as database
from scheduler.registration.models import Registration
from tests.api.helpers import error_of, ok
from tests.factories import make_event, make_session, make_venue
from tests.outbox import rendered_outbox
from tests.statements import statements_run

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
SCRIPT = '<script>alert("seat")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def sessions(app, organiser):
    """A two-seat open session, and one of each kind that must refuse a booking."""
    with app.app_context():
        owner = database.session.get(User, organiser.user_id)
        venue, event = make_venue(), make_event(owner)

        def session(days: int, event_=event, **values) -> int:
            return make_session(event_, venue, starts_at=SOON + timedelta(days=days),
                                **({"capacity": 2} | values)).id

        return {
            "open": session(0),
            "approval": session(1, registration_mode=RegistrationMode.approval),
            "invitation": session(2, registration_mode=RegistrationMode.invitation),
            "cancelled": session(3, status=SessionStatus.cancelled),
            "past": session(-10),
            "draft": session(4, make_event(owner, status=EventStatus.draft)),
        }


def url_of(session_id: int) -> str:
    return f"/api/v1/sessions/{session_id}/registrations"


def book(client, session_id: int, number: int = 1, **extra):
    body = {"name": f"Nino {number}", "email": f"nino{number}@example.org"}
    return client.post(url_of(session_id), json=body, **extra)


def booked(client, session_id: int, number: int = 1) -> tuple[dict, str]:
    """A new registration, and the secret from its cancel link."""
    receipt = ok(book(client, session_id, number), 201)
    return receipt, parse_qs(urlsplit(receipt["cancel_url"]).query)["token"][0]


def by_secret(client, method: str, registration_id: int, secret: str):
    return client.open(f"/api/v1/registrations/{registration_id}?token={secret}",
                       method=method)


def snapshot(app) -> dict:
    """Every row a registration can touch, to show a refusal changed nothing."""
    tables = ("registration", "outbox_message", "event_session")
    with app.app_context():
        metadata = database.metadata.tables
        return {name: database.session.execute(
            sa.select(metadata[name]).order_by(metadata[name].c.id)).all()
            for name in tables}


def test_guests_get_seats_then_waitlist_places(client, sessions):
    first, second = ok(book(client, sessions["open"], 1), 201), ok(
        book(client, sessions["open"], 2), 201)
    waiting = [ok(book(client, sessions["open"], n), 201) for n in (3, 4)]
    assert [(r["status"], r["waitlist_position"]) for r in (first, second, *waiting)] == [
        ("confirmed", None), ("confirmed", None), ("waitlisted", 1), ("waitlisted", 2)]
    assert first["cancel_url"].startswith(
        f"https://scheduler.test/registrations/{first['id']}/cancel?token=")
    detail = ok(client.get(f"/api/v1/sessions/{sessions['open']}"))
    assert (detail["seats_taken"], detail["seats_left"], detail["waitlist_length"]) == (2, 0, 2)


def test_approval_mode_keeps_registrations_pending(client, sessions):
    receipt = ok(book(client, sessions["approval"]), 201)
    assert (receipt["status"], receipt["waitlist_position"]) == ("pending", None)
    assert ok(client.get(f"/api/v1/sessions/{sessions['approval']}"))["seats_taken"] == 0


def test_an_attendee_books_with_a_token_and_no_body(app, client, sessions, attendee):
    receipt = ok(client.post(url_of(sessions["open"]), headers=attendee.headers), 201)
    with app.app_context():
        user = database.session.get(User, attendee.user_id)
        row = database.session.get(Registration, receipt["id"])
        assert (receipt["email"], receipt["name"], row.user_id) == (
            user.email, user.name, user.id)
    again = client.post(url_of(sessions["open"]), headers=attendee.headers)
    assert error_of(again, 409)["code"] == "already_registered"


def test_reading_and_cancelling_by_secret_promotes_the_next(client, sessions):
    (first, secret), _ = booked(client, sessions["open"], 1), booked(client, sessions["open"], 2)
    (waiting, waiting_secret), (last, last_secret) = (
        booked(client, sessions["open"], 3), booked(client, sessions["open"], 4))
    assert ok(by_secret(client, "GET", first["id"], secret))["status"] == "confirmed"
    assert ok(by_secret(client, "DELETE", first["id"], secret))["status"] == "cancelled"
    promoted = ok(by_secret(client, "GET", waiting["id"], waiting_secret))
    assert (promoted["status"], promoted["waitlist_position"]) == ("confirmed", None)
    assert ok(by_secret(client, "GET", last["id"], last_secret))["waitlist_position"] == 1
    # Cancelling again is harmless: the same answer, no second promotion.
    assert ok(by_secret(client, "DELETE", first["id"], secret))["status"] == "cancelled"
    assert ok(by_secret(client, "GET", last["id"], last_secret))["status"] == "waitlisted"
    assert ok(client.get(f"/api/v1/sessions/{sessions['open']}"))["seats_taken"] == 2


def test_who_cancelled_may_register_again_and_the_old_link_stays_with_the_old(
        client, sessions):
    old, old_secret = booked(client, sessions["open"])
    ok(by_secret(client, "DELETE", old["id"], old_secret))
    new, _ = booked(client, sessions["open"])
    assert new["status"] == "confirmed" and new["id"] != old["id"]
    assert error_of(by_secret(client, "DELETE", new["id"], old_secret), 404)["code"] == (
        "not_found")
    assert ok(by_secret(client, "DELETE", old["id"], old_secret))["status"] == "cancelled"
    assert ok(client.get(f"/api/v1/sessions/{sessions['open']}"))["seats_taken"] == 1


def test_organisers_list_count_filter_approve_and_decline(client, sessions, organiser):
    as_org = {"headers": organiser.headers}
    pending = [ok(book(client, sessions["approval"], n), 201)["id"] for n in range(4)]
    for registration_id in pending[:3]:
        ok(client.post(f"/api/v1/registrations/{registration_id}/approve", **as_org))
    ok(client.post(f"/api/v1/registrations/{pending[3]}/decline", **as_org))
    listing = ok(client.get(url_of(sessions["approval"]), **as_org))
    assert [(r["id"], r["status"], r["waitlist_position"]) for r in listing["items"]] == [
        (pending[0], "confirmed", None), (pending[1], "confirmed", None),
        (pending[2], "waitlisted", 1), (pending[3], "declined", None)]
    assert {k: v for k, v in listing["counts"].items() if v} == {
        "confirmed": 2, "waitlisted": 1, "declined": 1}
    only = ok(client.get(url_of(sessions["approval"]) + "?status=waitlisted", **as_org))
    assert [r["id"] for r in only["items"]] == [pending[2]]
    again = client.post(f"/api/v1/registrations/{pending[0]}/approve", **as_org)
    assert error_of(again, 409)["code"] == "wrong_status"
    bad_filter = client.get(url_of(sessions["approval"]) + "?status=vip", **as_org)
    assert "status" in error_of(bad_filter, 400)["fields"]


def test_script_tags_are_kept_as_text_and_sent_as_json(app, client, sessions, organiser):
    response = client.post(url_of(sessions["open"]),
                           json={"name": SCRIPT, "email": "nino@example.org"})
    receipt = ok(response, 201)
    assert receipt["name"] == SCRIPT
    assert response.mimetype == "application/json"
    listing = client.get(url_of(sessions["open"]), headers=organiser.headers)
    assert ok(listing)["items"][0]["name"] == SCRIPT
    with app.app_context():
        assert database.session.get(Registration, receipt["id"]).name == SCRIPT
        # The emails are plain text: the name reads as typed, nothing to run.
        [message] = rendered_outbox(database)
        body = message.body
        assert f"Dear {SCRIPT}," in body


REFUSED_BODIES = {
    "missing email": ({"name": "Nino"}, 422, "invalid", "email"),
    "malformed email": ({"name": "Nino", "email": "nino@"}, 422, "invalid", "email"),
    "email not text": ({"name": "Nino", "email": ["a@example.org"]}, 422, "invalid", "email"),
    "missing name": ({"email": "nino@example.org"}, 422, "invalid", "name"),
    "blank name": ({"name": "  ", "email": "nino@example.org"}, 422, "invalid", "name"),
    "name too long": ({"name": "N" * 201, "email": "nino@example.org"}, 422, "invalid",
                      "name"),
    "NUL in name": ({"name": "Ni\x00no", "email": "nino@example.org"}, 422, "invalid",
                    "name"),
    "unknown field": ({"name": "Nino", "email": "nino@example.org", "status": "confirmed"},
                      422, "invalid", "status"),
    "ten megabyte name": ({"name": "N" * (10 * 1024 * 1024), "email": "nino@example.org"},
                          413, "too_large", None),
}


@pytest.mark.parametrize("case", sorted(REFUSED_BODIES))
def test_bad_bodies_are_refused_and_change_nothing(app, client, sessions, case):
    body, status, code, field = REFUSED_BODIES[case]
    before = snapshot(app)
    error = error_of(client.post(url_of(sessions["open"]), json=body), status)
    assert error["code"] == code and error["message"]
    assert field is None or field in error["fields"]
    assert snapshot(app) == before


RAW_BODIES = {
    "invalid JSON": ('{"name": "Nino", "email": ', "application/json", 400, "bad_request"),
    "not an object": ('["Nino", "nino@example.org"]', "application/json", 400,
                      "bad_request"),
    "form post": ("name=Nino&email=nino%40example.org", "application/x-www-form-urlencoded",
                  415, "unsupported_media_type"),
    "text": ("Nino <nino@example.org>", "text/plain", 415, "unsupported_media_type"),
}


@pytest.mark.parametrize("case", sorted(RAW_BODIES))
def test_bodies_that_are_not_json_objects(app, client, sessions, case):
    data, content_type, status, code = RAW_BODIES[case]
    before = snapshot(app)
    response = client.post(url_of(sessions["open"]), data=data, content_type=content_type)
    assert error_of(response, status)["code"] == code
    assert snapshot(app) == before


@pytest.mark.parametrize("kind, status, code", [
    ("draft", 404, "not_found"), ("cancelled", 409, "registration_closed"),
    ("past", 409, "registration_closed"), ("invitation", 409, "registration_closed"),
])
def test_sessions_that_take_no_bookings_say_so(app, client, sessions, attendee,
                                               kind, status, code):
    before = snapshot(app)
    for extra in ({}, {"headers": attendee.headers}):
        assert error_of(book(client, sessions[kind], **extra), status)["code"] == code
    assert snapshot(app) == before


def test_an_unknown_session_is_404(app, client, sessions):
    before = snapshot(app)
    for session_id in (sessions["open"] + 1000, 99999999999999):
        assert error_of(book(client, session_id), 404)["code"] == "not_found"
        # Whatever the body: the details are checked first, the session still decides.
        response = client.post(url_of(session_id), json={"name": "Nino", "email": "nino@"})
        assert error_of(response, 404)["code"] == "not_found"
    for kind in ("open", "draft"):
        response = client.post(url_of(sessions[kind]), json={"name": "Nino", "email": "x@"})
        assert error_of(response, 422 if kind == "open" else 404)
    assert snapshot(app) == before


def test_the_answer_is_built_from_the_booking_without_reading_it_again(app, client, sessions):
    with statements_run() as statements:
        first, _ = booked(client, sessions["open"], 1)
        booked(client, sessions["open"], 2)
        third, _ = booked(client, sessions["open"], 3)
    # Nothing is read after a booking's write for the answer, not even the
    # place of a waitlisted one: the writing read it with the session row. On
    # PostgreSQL that statement commits itself; on SQLite a COMMIT follows.
    with app.app_context():
        postgresql = database.engine.dialect.name == "postgresql"
    assert [sql.split()[0].upper() for sql in statements][-1] == (
        "WITH" if postgresql else "COMMIT")
    assert statements.count("COMMIT") == (0 if postgresql else 3)
    assert (first["status"], third["status"], third["waitlist_position"]) == (
        "confirmed", "waitlisted", 1)
    with app.app_context():
        stored = database.session.get(Registration, third["id"])
        assert (stored.name, stored.email, third["created_at"]) == (
            "Nino 3", "nino3@example.org",
            stored.created_at.isoformat().replace("+00:00", "Z"))


@pytest.mark.parametrize("session_name", ["open", "approval"])
def test_the_answer_to_a_booking_is_the_registration_as_read_back(client, sessions,
                                                                 session_name):
    """The answer is built from the values written, not from the stored row:
    it must say what reading the row back says, field for field."""
    for number in range(1, 4):  # two seats, then the waitlist
        receipt, secret = booked(client, sessions[session_name], number)
        read_back = ok(by_secret(client, "GET", receipt["id"], secret))
        assert receipt.pop("cancel_url").endswith(f"?token={secret}")
        assert receipt == read_back


def test_on_postgresql_a_booking_through_the_api_is_one_self_committing_statement(
        app, client, sessions):
    """The session row is held only while the database runs the booking's
    statement: no COMMIT round trip after it (scheduler.key_reads.write_row).
    A booking that also stores answers stays one transaction with a COMMIT."""
    with app.app_context():
        if database.engine.dialect.name != "postgresql":
            pytest.skip("SQLite takes the write lock first and commits after")
    booked(client, sessions["open"], 1)  # the session's read is remembered
    with statements_run() as statements:
        receipt, _ = booked(client, sessions["open"], 2)
    assert [sql.split()[0].upper() for sql in statements] == ["WITH"]
    with app.app_context(), database.engine.connect() as elsewhere:
        assert elsewhere.execute(sa.select(Registration.status).where(
            Registration.id == receipt["id"])).scalar_one() == "confirmed"


@pytest.mark.parametrize("variant", ["NINO1@example.org", " nino1@EXAMPLE.ORG  "])
def test_the_same_email_in_another_case_is_already_registered(app, client, sessions,
                                                              variant):
    booked(client, sessions["open"])
    before = snapshot(app)
    response = client.post(url_of(sessions["open"]), json={"name": "N", "email": variant})
    error = error_of(response, 409)
    assert error["code"] == "already_registered" and "email" in error["fields"]
    assert snapshot(app) == before


def test_a_token_that_does_not_work_is_401_even_for_guests(app, client, sessions):
    before = snapshot(app)
    response = book(client, sessions["open"], headers={"Authorization": "Bearer forged"})
    assert error_of(response, 401)["code"] == "invalid_token"
    assert snapshot(app) == before


def test_forged_or_borrowed_secrets_find_nothing(app, client, sessions):
    mine, my_secret = booked(client, sessions["open"], 1)
    theirs, _ = booked(client, sessions["open"], 2)
    before = snapshot(app)
    attempts = [(mine["id"], "forged"), (mine["id"], ""), (mine["id"], my_secret[:-1]),
                (mine["id"], "x" * 10_000), (theirs["id"], my_secret),
                (mine["id"] + 1000, my_secret)]
    for registration_id, secret in attempts:
        for method in ("GET", "DELETE"):
            response = by_secret(client, method, registration_id, secret)
            assert error_of(response, 404)["code"] == "not_found"
    assert error_of(client.delete(f"/api/v1/registrations/{mine['id']}"), 404)
    assert snapshot(app) == before


def test_organiser_routes_refuse_others(app, client, sessions, attendee, other_organiser):
    receipt = ok(book(client, sessions["approval"]), 201)
    before = snapshot(app)
    for headers, status in (({}, 401), (attendee.headers, 403),
                            (other_organiser.headers, 403)):
        assert error_of(client.get(url_of(sessions["approval"]), headers=headers), status)
        for action in ("approve", "decline"):
            response = client.post(f"/api/v1/registrations/{receipt['id']}/{action}",
                                   headers=headers)
            assert error_of(response, status)
    assert snapshot(app) == before
