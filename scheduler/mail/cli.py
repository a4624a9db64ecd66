"""`flask mail send` and `flask mail remind`, run from cron or a systemd timer."""
from __future__ import annotations

from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from scheduler.database import rows_changed, utcnow
from scheduler.events.models import Event, EventSession, EventStatus, SessionStatus
from scheduler.extensions import db
from scheduler.mail import outbox, sender
from scheduler.mail.outbox import Notice
from scheduler.registration.models import Registration, RegistrationStatus

REMINDER_WINDOW = timedelta(hours=24)

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
        report = sender.send_due(utcnow(), batch=batch)
        total.sent += report.sent
        total.failed += report.failed
        total.gave_up += report.gave_up
        if report.sent < batch:
            return total


@mail_cli.command("remind")
def remind_command() -> None:
    """Queue a reminder for each confirmed seat in a session starting within a day."""
    click.echo(f"Queued {queue_reminders(utcnow())} reminder(s).")


def queue_reminders(now: datetime) -> int:
    """Write one reminder per confirmed registration in a scheduled session of
    a published event starting in (now, now + 24 h]; never twice. Commits."""
    due = (sa.select(Registration.id)
           .join(EventSession, Registration.event_session_id == EventSession.id)
           .join(Event, EventSession.event_id == Event.id)
           .where(Registration.status == RegistrationStatus.confirmed,
                  Registration.reminded_at.is_(None),
                  EventSession.status == SessionStatus.scheduled,
                  Event.status == EventStatus.published,
                  EventSession.starts_at > now,
                  EventSession.starts_at <= now + REMINDER_WINDOW)
           .order_by(EventSession.starts_at, Registration.id))
    return sum(_remind(registration_id, now)
               for registration_id in db.session.scalars(due).all())


def _remind(registration_id: int, now: datetime) -> bool:
    # The conditional UPDATE marks the registration reminded and the email is
    # written in the same transaction; a second run sees rowcount 0 and skips.
    marked = rows_changed(db.session, (
        sa.update(Registration)
        .where(Registration.id == registration_id, Registration.reminded_at.is_(None),
               Registration.status == RegistrationStatus.confirmed)
        .values(reminded_at=now)
        .execution_options(synchronize_session=False))) == 1
    if marked:
        outbox.notify(db.session.get_one(Registration, registration_id), Notice.reminder)
    db.session.commit()
    return marked
