"""Admins find accounts by email and change their role; the last admin stays one."""
from __future__ import annotations

import pytest

from scheduler.accounts import roles
from scheduler.accounts.inputs import RoleInput
from scheduler.accounts.models import Role, User
from scheduler.errors import Forbidden
from scheduler.transactions import unit_of_work
from tests.factories import make_user


@pytest.fixture
def admin(db):
    return make_user(role=Role.admin, email="admin@example.org", name="Admin Ana")


def role_of(db, user) -> Role:
    db.session.expire_all()
    return db.session.get(User, user.id).role


def test_admins_list_and_search_users_by_email(app, admin):
    make_user(email="nino@example.org")
    make_user(email="giorgi@festival.ge")
    browser = app.test_client(user=admin)
    everyone = browser.get("/admin/users").text
    assert all(email in everyone for email in (
        "admin@example.org", "nino@example.org", "giorgi@festival.ge"))
    found = browser.get("/admin/users?q=FESTIVAL").text
    assert "giorgi@festival.ge" in found and "nino@example.org" not in found
    assert "No account matches." in browser.get("/admin/users?q=%25").text


def test_the_nav_links_the_page_for_admins_only(app, admin):
    assert 'href="/admin/users"' in app.test_client(user=admin).get("/").text
    organiser = make_user(role=Role.organiser)
    assert 'href="/admin/users"' not in app.test_client(user=organiser).get("/").text


def test_an_admin_makes_an_attendee_an_organiser(app, db, admin):
    nino = make_user(email="nino@example.org")
    done = app.test_client(user=admin).post(f"/admin/users/{nino.id}/role?q=nino",
                                            data={"role": "organiser"})
    assert done.status_code == 302 and done.location == "/admin/users?q=nino"
    assert role_of(db, nino) is Role.organiser
    # Now an organiser, they may be added to an event.
    assert app.test_client(user=nino).get("/organise").status_code == 200


def test_the_last_admin_cannot_step_down(app, db, admin):
    browser = app.test_client(user=admin)
    refused = browser.post(f"/admin/users/{admin.id}/role", data={"role": "organiser"})
    assert refused.status_code == 409 and "is the last admin" in refused.text
    assert role_of(db, admin) is Role.admin
    other = make_user(role=Role.admin)
    assert browser.post(f"/admin/users/{admin.id}/role",
                        data={"role": "attendee"}).status_code == 302
    assert role_of(db, admin) is Role.attendee
    with pytest.raises(roles.LastAdmin), unit_of_work():
        roles.change_role(db.session.get(User, other.id), RoleInput(role=Role.organiser),
                          actor=db.session.get(User, other.id))


def test_only_admins_change_roles(app, db):
    organiser = make_user(role=Role.organiser)
    attendee = make_user()
    assert app.test_client(user=organiser).post(
        f"/admin/users/{attendee.id}/role", data={"role": "admin"}).status_code == 403
    assert role_of(db, attendee) is Role.attendee
    with pytest.raises(Forbidden):
        roles.change_role(attendee, RoleInput(role=Role.admin), actor=organiser)


def test_an_unknown_account_or_role_is_refused(app, admin):
    browser = app.test_client(user=admin)
    assert browser.post("/admin/users/999999/role", data={"role": "admin"}).status_code == 404
    bad = browser.post(f"/admin/users/{admin.id}/role", data={"role": "king"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.text
