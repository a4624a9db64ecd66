"""`flask serve-demo`: seed the demo, serve it on a port, and print the demo
logins last, once the server is listening and has said so, where they are
seen rather than scrolled away by the server's start-up lines."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import make_server

from scheduler.demo.seed import echo_logins, seed_and_report

DEFAULT_PORT = 5000


def local_base_url(host: str, port: int) -> str:
    """The address links should use when PUBLIC_BASE_URL is not set: this server's."""
    return f"http://{host}:{port}"


@click.command("serve-demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, envvar="PORT",
              show_default=True, help="Also read from PORT.")
@with_appcontext
def serve_demo_command(host: str, port: int) -> None:
    """Seed the demo programme and serve it (development server), printing the
    demo logins once it listens. Links in emails and feeds follow the port
    unless PUBLIC_BASE_URL says otherwise."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not os.environ.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = local_base_url(host, port)
    logins = seed_and_report()
    # Bound (and listening) before anything is printed: the logins come last.
    server = make_server(host, port, app, threaded=True)
    server.log_startup()
    echo_logins(logins)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
