"""`flask privacy purge`, run from cron or a systemd timer."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler.database import utcnow
from scheduler.events.models import Event
from scheduler.extensions import db
from scheduler.privacy import retention
from scheduler.transactions import unit_of_work

privacy_cli = AppGroup("privacy", help="Erase personal data past its retention period.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only tell what would be erased.")
def purge_command(dry_run: bool) -> None:
    """Erase the attendees' names, emails and links of every event whose
    retention period is over, one event at a time; counts and statistics stay."""
    now, events, total = utcnow(), 0, 0
    for event_id in retention.past_retention(now):
        event = db.session.get_one(Event, event_id)
        if dry_run:
            erased = len(retention.unerased(event))
        else:
            with unit_of_work():
                erased = retention.purge_event(event, now)
        if erased:
            events, total = events + 1, total + erased
            click.echo(f"{event.slug}: {erased} registration(s)")
    verb = "Would erase" if dry_run else "Erased"
    click.echo(f"{verb} {total} registration(s) in {events} event(s).")
