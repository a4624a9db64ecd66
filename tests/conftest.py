from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login import FlaskLoginClient
from flask_migrate import upgrade

from scheduler import create_app, extensions, ratelimits
from scheduler.accounts import logins
from scheduler.accounts.models import Role, User
from scheduler.transactions import unit_of_work
from tests.databases import BACKENDS, throwaway_database
from tests.factories import make_user
from tests.private_postgres import private_postgres

# The end-to-end groups that start servers or clusters of their own, by module.
# `make test` runs them; `make test-fast` (-m "not slow") leaves them out. Each
# stays on one xdist worker (--dist loadgroup), so its module's servers start once.
SLOW_MODULES = {
    "test_restart_under_load.py": "restart",
    "test_scale_out.py": "scale_out",
    "test_load_script.py": "load",
}


# First, so that -m and xdist's grouping see the marks.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = SLOW_MODULES.get(item.path.name)
        if group:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", params=BACKENDS)
def database(request, tmp_path_factory):
    """One database per backend for the whole run, migrated once, emptied per test."""
    with throwaway_database(request.param, tmp_path_factory.mktemp("db")) as url:
        app = create_app(config_for(url))
        with app.app_context():
            upgrade()
            extensions.db.engine.dispose()
        yield url


def config_for(url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-only-key",
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_BASE_URL": "https://scheduler.test",
        # Never the checkout's instance/uploads: one folder per test process.
        "UPLOAD_DIR": str(Path(tempfile.gettempdir()) / f"scheduler-test-uploads-{os.getpid()}"),
    }


def app_for(url: str, **config) -> Flask:
    """An app on `url` whose test clients are IsolatedClients."""
    app = create_app(config_for(url) | config)
    app.test_client_class = IsolatedClient
    return app


def migrated_app(url: str, **config):
    """An app on a database of the test's own, migrated; the test empties it."""
    app = app_for(url, **config)
    with app.app_context():
        upgrade()
    return app


class IsolatedClient(FlaskLoginClient):
    """Each request gets its own app context, hence its own `g` and database
    session, as in production, even while a test holds a context open.
    `user=` signs the client in as the sign-in form does: a sign-in of its own."""

    def __init__(self, *args, user=None, fresh_login: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            user_id = user.id
            with self.application.app_context(), unit_of_work():
                signing_in = extensions.db.session.get(User, user_id)
                logins.begin(signing_in, remember=False)
            with self.session_transaction() as session:
                session["_user_id"] = signing_in.get_login_id()
                session["_fresh"] = fresh_login

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def session_app(database: str) -> Iterator[Flask]:
    """One app per backend for the whole run: building one per test cost more than
    most tests. A test needing other settings at start builds its own with
    `create_app(config_for(database) | {...})`; settings changed on this one
    are put back after each test."""
    app = app_for(database)
    yield app
    with app.app_context():
        extensions.db.engine.dispose()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    pristine_config = copy.deepcopy(dict(session_app.config))
    yield session_app  # no open context: requests would share g
    with session_app.app_context():
        delete_all_rows()
    forget_test_state(session_app, pristine_config)


@pytest.fixture
def own_app(database: str) -> Iterator[Flask]:
    """An app of the test's own on the run's database, for a test that adds routes
    or changes other things Flask fixes once an app has served a request."""
    app = app_for(database)
    yield app
    with app.app_context():
        delete_all_rows()
        extensions.db.engine.dispose()


def forget_test_state(app: Flask, pristine_config: dict) -> None:
    """What a test may leave on the shared app besides rows: changed settings,
    rate-limit counts, remembered feed answers and pages."""
    app.config.clear()
    app.config.update(pristine_config)
    ratelimits.forget_counts(app)
    app.extensions.pop("feed_validators", None)
    app.extensions.pop("shared_pages", None)


def delete_all_rows() -> None:
    db = extensions.db
    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            # The migration's one revision row is schema, not a test's data.
            if table.name != "feed_revision":
                connection.execute(sa.delete(table))


@pytest.fixture
def db(app):
    """For service tests: an app context and the database handle."""
    with app.app_context():
        yield extensions.db
        extensions.db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


def signed_in_client(app, role: Role):
    with app.app_context():
        return app.test_client(user=make_user(role=role))


@pytest.fixture
def organiser_client(app):
    return signed_in_client(app, Role.organiser)


@pytest.fixture
def admin_client(app):
    return signed_in_client(app, Role.admin)


@pytest.fixture
def attendee_client(app):
    return signed_in_client(app, Role.attendee)


@pytest.fixture
def cluster():
    """A PostgreSQL server of the test's own, which it may stop and start."""
    with private_postgres() as running:
        yield running
