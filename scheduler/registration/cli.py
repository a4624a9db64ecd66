"""`flask mail send`, `flask mail remind` and `flask registrations
expire-holds`, run from cron or a systemd timer: the emails are
registration's, the sending is scheduler.mail's."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler.database import utcnow
from scheduler.mail import sender
from scheduler.registration import confirmation, emails
from scheduler.registration.reminders import queue_reminders
from scheduler.transactions import unit_of_work

mail_cli = AppGroup("mail", help="Send the outbox; queue reminders.")


@mail_cli.command("send")
@click.option("--batch", default=50, show_default=True, type=click.IntRange(min=1),
              help="Messages claimed at a time.")
def send_command(batch: int) -> None:
    """Send every email that is due; failures are retried by later runs."""
    try:
        report = send_everything_due(batch)
    except sender.MailConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(report))
    given_up = sender.given_up_count()
    if given_up:
        click.echo(f"{given_up} unsent message(s) are no longer retried; "
                   "see last_error in outbox_message.")


def send_everything_due(batch: int) -> sender.SendReport:
    """Batch after batch while every message of the last one went out; a
    failure (an SMTP outage, say) ends the run and later runs retry."""
    total = sender.SendReport()
    while True:
        report = sender.send_due(utcnow(), emails.prepare, batch=batch)
        total.sent += report.sent
        total.failed += report.failed
        total.gave_up += report.gave_up
        if report.sent < batch:
            return total


@mail_cli.command("remind")
def remind_command() -> None:
    """Queue a reminder for each confirmed seat in a session starting within a day."""
    click.echo(f"Queued {queue_reminders(utcnow())} reminder(s).")


registrations_cli = AppGroup("registrations", help="Registrations kept by time.")


@registrations_cli.command("expire-holds")
def expire_holds_command() -> None:
    """End the bookings whose guests did not confirm their email in time,
    giving their seats to the waitlist."""
    now, ended = utcnow(), 0
    # One session at a time: each holds its row only for its own bookings.
    for session_id in confirmation.sessions_with_lapsed(now):
        with unit_of_work():
            ended += len(confirmation.expire_session_holds(session_id, now))
    click.echo(f"Ended {ended} unconfirmed booking(s).")
