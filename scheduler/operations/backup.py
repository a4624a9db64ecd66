"""`flask backup PATH`: a consistent copy of the SQLite database while the app runs."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from scheduler.extensions import db


class BackupRefused(Exception):
    """Why no backup was made, in words for the operator."""


def backup_sqlite(database_url: str | URL, destination: Path) -> int:
    """Copy the SQLite database at `database_url` to the new file `destination`
    with SQLite's online backup API, which takes a consistent snapshot while
    other connections go on reading and writing. Returns the number of pages."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(
            f"`flask backup` copies SQLite databases; this one is {url.get_backend_name()}. "
            "Use pg_dump instead, e.g. pg_dump --format=custom --file=scheduler.dump "
            "\"$DATABASE_URL\" (see the README's Operations section).")
    if not url.database or url.database == ":memory:":
        raise BackupRefused("The database lives in memory; there is no file to back up.")
    if not Path(url.database).is_file():
        raise BackupRefused(f"There is no database file at {url.database}.")
    if destination.exists():
        raise BackupRefused(f"{destination} already exists; give a new file name.")
    # Written aside and renamed: PATH never holds half a backup.
    draft = destination.with_name(f".{destination.name}.partial")
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(draft)
    try:
        source.backup(target)
        # A standalone file, without a -wal beside it, for whoever restores it.
        target.execute("PRAGMA journal_mode = DELETE")
        pages: int = target.execute("PRAGMA page_count").fetchone()[0]
    except sqlite3.Error:
        target.close()
        draft.unlink(missing_ok=True)
        raise
    finally:
        target.close()
        source.close()
    os.replace(draft, destination)
    return pages


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Back up the SQLite database to the new file PATH, online."""
    try:
        pages = backup_sqlite(db.engine.url, path)
    except BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.Error as exc:
        raise click.ClickException(f"The backup failed: {exc}") from exc
    click.echo(f"Backed up {pages} pages to {path}")
