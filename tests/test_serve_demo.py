"""`make run PORT=`: `flask serve-demo` serves on the port, links follow it, and
the demo logins come last in its output and stay the same from run to run."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent


def serve_once(instance: Path, port: int) -> list[str]:
    """Start the server on a fresh SQLite database in `instance`, read its output
    until the logins are printed, check it answers, stop it; its output lines."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PUBLIC_BASE_URL", "DATABASE_URL", "SECRET_KEY")}
    env |= {"PORT": str(port), "DATABASE_URL": f"sqlite:///{instance}/demo.db",
            "SECRET_KEY": (instance / "key").read_text(), "PYTHONUNBUFFERED": "1"}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([*flask, "serve-demo"], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []
    try:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if line.strip().startswith("organiser"):
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=30) as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    return lines


@pytest.mark.slow
def test_serve_demo_prints_stable_logins_last_on_its_port(tmp_path):
    (tmp_path / "key").write_text("a key kept in instance/")
    port = free_port()
    first = serve_once(tmp_path, port)
    running = next(i for i, line in enumerate(first) if "Running on" in line)
    sign_in = next(i for i, line in enumerate(first) if line.startswith("Sign in at"))
    assert running < sign_in, first
    assert first[sign_in] == f"Sign in at http://127.0.0.1:{port}/sign-in"
    assert first[-2].strip().startswith("admin") and first[-1].strip().startswith("organiser")
    assert serve_once(tmp_path, free_port())[-2:] == first[-2:]
