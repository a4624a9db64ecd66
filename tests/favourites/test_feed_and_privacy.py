"""Stars in the agenda feed (TENTATIVE, or CONFIRMED once when also booked),
its validators moving with every star and unstar, and stars in the data
download and gone with the account."""
from __future__ import annotations

import json

import sqlalchemy as sa

from scheduler.accounts.models import User
from scheduler.extensions import db
from scheduler.favourites import services
from scheduler.favourites.models import Favourite
from scheduler.feeds import agenda
from scheduler.ical import cache
from scheduler.transactions import unit_of_work
from tests.factories import PASSWORD, make_registration
from tests.feeds.parsers import by_uid


def agenda_path(user: User) -> str:
    with unit_of_work():
        secret = agenda.ensure_agenda_secret(user)
    return f"/feeds/{secret}/agenda.ics"


def statuses(client, path: str) -> dict[str, str]:
    cache.clear_all()
    response = client.get(path)
    assert response.status_code == 200
    return {uid: read.status for uid, read in by_uid(response.data.decode()).items()}


def test_starred_is_tentative_and_booked_confirmed_once(client, nino, screenings):
    make_registration(screenings[0], email=nino.email, user=nino)
    with unit_of_work():
        services.star(nino, [screenings[0].id, screenings[1].id])
    assert statuses(client, agenda_path(nino)) == {
        screenings[0].uid: "CONFIRMED", screenings[1].uid: "TENTATIVE"}


def test_starring_and_unstarring_move_the_validators(client, nino, screenings):
    path = agenda_path(nino)
    first = client.get(path)
    with unit_of_work():
        services.star(nino, [screenings[2].id])
    starred = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert starred.status_code == 200
    assert starred.headers["ETag"] != first.headers["ETag"]
    assert screenings[2].uid in starred.data.decode()
    with unit_of_work():
        services.unstar(nino, screenings[2].id)
    unstarred = client.get(path, headers={"If-None-Match": starred.headers["ETag"]})
    assert unstarred.status_code == 200
    assert unstarred.headers["ETag"] not in (first.headers["ETag"], starred.headers["ETag"])
    assert screenings[2].uid not in unstarred.data.decode()
    # Unchanged since: a poll is answered 304.
    again = client.get(path, headers={"If-None-Match": unstarred.headers["ETag"]})
    assert again.status_code == 304


def test_stars_are_in_the_data_download_and_go_with_the_account(app, nino, screenings):
    with unit_of_work():
        services.star(nino, [screenings[1].id])
    browser = app.test_client(user=nino)
    data = json.loads(browser.get("/account/data.json").data)
    assert [star["session"]["id"] for star in data["stars"]] == [screenings[1].id]
    answer = browser.post("/account/delete", data={"current_password": PASSWORD})
    assert answer.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Favourite)) == 0
