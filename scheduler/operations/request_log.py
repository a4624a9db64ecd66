"""One JSON line per request on the `scheduler.requests` logger (stderr).

Answers of 304 Not Modified are logged at DEBUG: calendars poll their feeds
all day, such an answer carries nothing, and its line would cost a poll more
than everything else it does (docs/bench-feed-polls.md). REQUEST_LOG_LEVEL
DEBUG logs them too."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Request, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it is short and plain, so it can't forge log lines.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Secrets that travel in the path (feed tokens) stay out of the log.
SECRET_ARGUMENT = re.compile(r"(secret|token)$")
REDACTED = "[redacted]"

logger = logging.getLogger("scheduler.requests")


def init_request_log(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        # Not also through the app's logger, whose handler would print it again.
        logger.propagate = False
    logger.setLevel(app.config["REQUEST_LOG_LEVEL"].upper())
    app.before_request(start_request)
    app.after_request(log_request)


def start_request() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id_for(request)


def request_id_for(asked: Request) -> str:
    """A reverse proxy's id for the request, else a new one."""
    incoming = asked.headers.get(REQUEST_ID_HEADER, "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def log_request(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    log_answer(request, response.status_code, request_id,
               g.get("request_started", time.perf_counter()), logged_path())
    return response


def log_answer(asked: Request, status: int, request_id: str, started: float, path: str) -> None:
    level = logging.DEBUG if status == 304 else logging.INFO
    if not logger.isEnabledFor(level):
        return
    logger.log(level, json.dumps({
        "event": "request",
        "request_id": request_id,
        "method": asked.method,
        "path": path,  # never the query string: cancel links carry secrets
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "remote_addr": asked.remote_addr,
    }, ensure_ascii=False))


def logged_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if SECRET_ARGUMENT.search(name) and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path
