"""Starring and unstarring: once per account and session, harmless twice,
gone with the account or the session."""
from __future__ import annotations

import sqlalchemy as sa

from scheduler.extensions import db
from scheduler.favourites import queries, services
from scheduler.favourites.models import Favourite
from scheduler.transactions import unit_of_work


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Favourite)) or 0


def test_starring_twice_keeps_one_row_and_raises_nothing(nino, screenings):
    first = screenings[0]
    with unit_of_work():
        assert services.star(nino, [first.id]) == 1
    with unit_of_work():
        assert services.star(nino, [first.id, first.id]) == 0
    assert count() == 1
    assert queries.starred_ids(nino) == {first.id}


def test_unstar_removes_and_is_harmless_when_absent(nino, screenings):
    with unit_of_work():
        services.star(nino, [s.id for s in screenings])
    with unit_of_work():
        assert services.unstar(nino, screenings[1].id) is True
    with unit_of_work():
        assert services.unstar(nino, screenings[1].id) is False
    assert queries.starred_ids(nino) == {screenings[0].id, screenings[2].id}


def test_every_change_moves_the_users_stamp_and_only_changes_do(nino, screenings):
    with unit_of_work():
        services.star(nino, [screenings[0].id])
    first = nino.stars_changed_at
    with unit_of_work():
        services.star(nino, [screenings[0].id])
    assert nino.stars_changed_at == first
    with unit_of_work():
        services.unstar(nino, screenings[0].id)
    assert nino.stars_changed_at > first


def test_stars_go_with_the_session_and_the_account(nino, screenings):
    with unit_of_work():
        services.star(nino, [s.id for s in screenings])
    db.session.delete(screenings[0])
    db.session.commit()
    assert count() == 2
    db.session.delete(nino)
    db.session.commit()
    assert count() == 0
