"""Debian's chromium for Playwright: Playwright's own browser downloads are not
used (they cannot be fetched everywhere this suite runs)."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.databases import missing_service

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and quiet: no sandbox (CI runs as root), no calls home, no updates.
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
# DejaVu draws Georgian and Cyrillic, which the programme's titles are written in.
INSTALL = (["apt-get", "update"],
           ["apt-get", "install", "-y", "chromium", "fonts-dejavu-core"])
# Parallel test workers (pytest-xdist) take turns: one installs, the others find it installed.
INSTALL_LOCK = Path(tempfile.gettempdir()) / "scheduler-tests-chromium.lock"


def ensure_chromium(say: Callable[[str], None], executable: Path = CHROMIUM) -> Path:
    """The chromium binary; installed with apt-get when missing and we are root.
    Otherwise skip with a how-to, or fail in CI."""
    if executable.exists():
        return executable
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        missing_service(f"The browser tests need Debian's chromium at {executable}: "
                        "run `sudo apt-get install -y chromium`.")
    with open(INSTALL_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not executable.exists():
            _install(say, executable)
    return executable


def _install(say: Callable[[str], None], executable: Path) -> None:
    steps = " && ".join(" ".join(command) for command in INSTALL)
    say(f"{executable} is missing: installing Debian's chromium ({steps})")
    for command in INSTALL:
        done = subprocess.run(command, capture_output=True, text=True,
                              env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"})
        if done.returncode != 0:
            missing_service(f"`{' '.join(command)}` failed, so there is no chromium "
                            f"for the browser tests:\n{done.stderr[-2000:]}")
    if not executable.exists():
        missing_service(f"apt-get installed chromium, but {executable} is still missing.")
    say(f"Installed {executable}.")
