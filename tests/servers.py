"""Real app servers for tests: gunicorn with several worker processes on loopback."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, *, workers: int = 2, threads: int = 1, log: Path,
             env: dict[str, str] | None = None, app: str = "app:app",
             ready_path: str = "/") -> Iterator[str]:
    """Serve `app` from `workers` processes (each with `threads` threads, the
    gthread worker, when above 1); yields its base URL once `ready_path`
    answers. The log file keeps the servers' output for a failing test to show."""
    port = free_port()
    server_env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": "test-servers",
                               "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"} | (env or {})
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers),
             "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
             "--graceful-timeout", "5", "--no-control-socket", app],
            cwd=PROJECT_ROOT, env=server_env, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url + ready_path, process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS}s:\n"
                       f"{log.read_text()[-3000:]}")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | None
    headers: dict[str, str] = field(default_factory=dict, compare=False)


def call(method: str, url: str, payload: dict | None = None,
         token: str | None = None, timeout: float = 60) -> Reply:
    """One JSON request; any HTTP status comes back as a Reply, not an exception."""
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, _json(response.read()), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, _json(error.read()), dict(error.headers))


def _json(raw: bytes) -> dict | None:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return {"raw": raw.decode(errors="replace")[:500]}
