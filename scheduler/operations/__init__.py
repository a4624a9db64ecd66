"""Running the app: health checks, request logs and backups."""
from __future__ import annotations

from flask import Flask


def init_operations(app: Flask) -> None:
    """Health endpoints, request logging and `flask backup`. Call before other
    extensions add request hooks, so a request's clock starts first."""
    from scheduler.operations.backup import backup_command
    from scheduler.operations.health import bp
    from scheduler.operations.request_log import init_request_log

    init_request_log(app)
    app.register_blueprint(bp)
    app.cli.add_command(backup_command)
