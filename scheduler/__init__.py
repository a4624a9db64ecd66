"""Scheduler: programmes, sessions, registrations and calendar feeds."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from scheduler import config as configuration
from scheduler.bodies import Request
from scheduler.config import PROJECT_ROOT
from scheduler.database import SQLITE_BUSY_TIMEOUT_MS
from scheduler.extensions import csrf, db, login_manager, migrate
from scheduler.ids import IdConverter


class SchedulerApp(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Flask asks `inspect` whether each hook and view is a coroutine
        # function, a dozen times a request; the answer never changes.
        synchronous = self._synchronous.get(func)
        if synchronous is None:
            synchronous = self._synchronous[func] = super().ensure_sync(func)
        return synchronous

    def dispatch_request(self) -> ResponseReturnValue:
        from scheduler.errors import SAFE_METHODS, retried_on_lost_connection

        # A read that met a connection the database dropped (a restart) is
        # run again on a fresh one, instead of pinging before every use.
        if request.method in SAFE_METHODS:
            return retried_on_lost_connection(super().dispatch_request)
        return super().dispatch_request()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides what the environment says."""
    app = SchedulerApp(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(configuration.from_environment())
    app.request_class = Request
    app.config.update(config or {})
    configuration.complete(app.config, Path(app.instance_path))

    from scheduler import models  # noqa: F401  (the whole schema, for Alembic)
    from scheduler.operations import init_operations
    from scheduler.ratelimits import init_rate_limits
    from scheduler.registration import writers
    from scheduler.security import init_security

    init_operations(app)
    init_security(app)
    db.init_app(app)
    writers.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)

    from scheduler.errors import register_error_handlers
    from scheduler.languages import init_languages
    from scheduler.web.forms.support import answer_refused_posts
    from scheduler.web.page_cache import init_page_cache
    from scheduler.web.templating import register_template_helpers
    init_languages(app)
    register_error_handlers(app)
    register_template_helpers(app)
    answer_refused_posts(app)
    # Before any route is added: each `<int:...>` is a row id, bounded as ids are.
    app.url_map.converters["int"] = IdConverter
    register_blueprints(app)
    register_commands(app)
    init_rate_limits(app)
    init_page_cache(app)
    answer_feed_polls_first(app)
    trust_proxies(app)  # outermost: everything inside sees the client's address and scheme
    return app


def answer_feed_polls_first(app: Flask) -> None:
    from scheduler.web.public.feed_polls import FeedPolls

    # Flask's documented way to wrap the app in WSGI middleware, which the
    # type checker takes for replacing a method.
    app.wsgi_app = FeedPolls(app, app.wsgi_app)  # type: ignore[method-assign]


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and
    scheme from their X-Forwarded-* headers (rate limits count per client), and
    the path the site is mounted under (X-Forwarded-Prefix)."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)


def register_blueprints(app: Flask) -> None:
    from scheduler import api
    from scheduler.web import register_pages

    register_pages(app)
    api_bp = api.blueprint()
    app.register_blueprint(api_bp)
    # The API authenticates with bearer tokens, never cookies, so CSRF cannot reach it.
    csrf.exempt(api_bp)


def register_commands(app: Flask) -> None:
    from scheduler.accounts.cli import users_cli
    from scheduler.demo import seed_demo_command
    from scheduler.demo.serve import serve_demo_command
    from scheduler.privacy.cli import privacy_cli
    from scheduler.registration.cli import mail_cli, registrations_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(serve_demo_command)
    app.cli.add_command(mail_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(registrations_cli)


@event.listens_for(Engine, "connect")
def tune_sqlite(dbapi_connection: object, _record: object) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Without this pragma SQLite ignores every foreign key and ON DELETE rule.
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers go on while one writer works; the timeout makes a second
    # writer wait for the lock instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
