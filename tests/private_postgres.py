"""A PostgreSQL cluster of a test's own, which it may stop and start at will.

The shared server on 127.0.0.1:5432 serves other tests at the same time, so
restarts happen here instead: initdb into a temporary folder, trust auth,
listening on a free loopback port. As root the cluster runs as the `postgres`
OS user (initdb refuses root). Outside CI, missing binaries skip the test with
a hint; in CI they fail it.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.databases import missing_service
from tests.servers import free_port

BINARY_FOLDERS = "/usr/lib/postgresql/*/bin"
OS_USER = "postgres"


def postgres_binaries() -> Path:
    """The folder holding initdb and pg_ctl: the newest installed version, or PATH."""
    folders = sorted(glob.glob(BINARY_FOLDERS), key=lambda f: int(Path(f).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    message = (f"initdb and pg_ctl were not found in {BINARY_FOLDERS} or on PATH. "
               "Install PostgreSQL's server package (e.g. apt-get install postgresql) "
               "to run the database restart tests.")
    return missing_service(message)


class PrivatePostgres:
    """One cluster: `url` for SQLAlchemy, `stop()` and `start()` as often as needed."""

    def __init__(self, binaries: Path, folder: Path):
        self.binaries = binaries
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OS_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            server_log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{result.stdout}"
                               f"\n{result.stderr}\n{server_log[-3000:]}")

    def create(self) -> None:
        self._run("initdb", "--pgdata", str(self.data), "--auth", "trust",
                  "--username", "postgres", "--encoding", "UTF8", "--locale", "C",
                  "--no-sync")

    def start(self) -> None:
        # Sockets go in the data folder, so nothing is written to /var/run.
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} "
                   "-c fsync=off -c max_connections=50")
        self._run("pg_ctl", "--pgdata", str(self.data), "--log", str(self.log),
                  "--options", options, "--wait", "start")

    def stop(self) -> None:
        # fast: open sessions are cut off, as when a database server restarts.
        self._run("pg_ctl", "--pgdata", str(self.data), "--mode", "fast", "--wait", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started cluster for the block; stopped and deleted afterwards."""
    binaries = postgres_binaries()
    folder = Path(tempfile.mkdtemp(prefix="scheduler-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, OS_USER, OS_USER)
    cluster = PrivatePostgres(binaries, folder)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
