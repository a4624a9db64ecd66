"""Sending the outbox through SMTP, or to the console when MAIL_SERVER is empty.

A sender first claims due messages (a conditional UPDATE per row that moves
send_after a lease ahead), commits, and only then talks to SMTP: two senders
running at once never claim the same row, and a sender that dies mid-batch
leaves its messages to come due again when the lease runs out.
"""
from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

import click
import sqlalchemy as sa
from flask import current_app

from scheduler.database import rows_changed
from scheduler.extensions import db
from scheduler.mail.models import OutboxMessage
from scheduler.plain_text import multi_line, one_line
from scheduler.transactions import unit_of_work

# Retries wait 1, 2, 4 ... minutes, at most 6 hours; twelve attempts span about
# 20 hours, so a day-long SMTP outage is ridden out before a message gives up.
MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
LEASE = timedelta(minutes=10)
SMTP_TIMEOUT_SECONDS = 30
LAST_ERROR_LENGTH = 2000
# Past half the lease a slow batch stops, so no message is sent after its
# lease has run out and another sender may have claimed it.
SENDING_DEADLINE_SECONDS = LEASE.total_seconds() / 2
DELIVERY_ERRORS = (smtplib.SMTPException, OSError, ValueError)


@dataclass(frozen=True)
class Attachment:
    """A file an email carries besides its calendar (a ticket's PDF), made
    afresh for each attempt from what the message names: no file's bytes
    are kept in the outbox."""

    filename: str
    maintype: str
    subtype: str
    content: bytes


# What a delivery returns (smtplib reports refused recipients) goes unread.
Deliver = Callable[[OutboxMessage, Sequence[Attachment]], object]
# Writes the subject, body and calendar of a message queued as a notice, unless
# written already, and makes its other attachments: the queueing area's
# business, not the sender's.
Render = Callable[[OutboxMessage], Sequence[Attachment]]


class MailConfigurationError(Exception):
    """The mail settings cannot work; fixing them needs an operator."""


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0  # failures that used up the last attempt

    @property
    def claimed(self) -> int:
        return self.sent + self.failed

    def __str__(self) -> str:
        return (f"Sent {self.sent}, failed {self.failed} "
                f"(of which {self.gave_up} gave up after {MAX_ATTEMPTS} attempts).")


def send_due(now: datetime, render: Render, *, batch: int = 50) -> SendReport:
    """Send up to `batch` due messages, oldest first, each rendered first;
    record each outcome. The claim is one unit of work and each outcome another."""
    sender = sender_address(current_app.config)
    report = SendReport()
    messages = claim_due(now, batch)
    if not messages:
        return report
    deadline = time.monotonic() + SENDING_DEADLINE_SECONDS
    with _connection(current_app.config, sender, now) as deliver:
        for message in messages:
            if time.monotonic() > deadline:
                break
            _send_one(deliver, render, message, now, report)
    return report


def sender_address(config: Mapping[str, Any]) -> str:
    """MAIL_FROM, checked before anything is claimed."""
    sender: str = config.get("MAIL_FROM") or ""
    if "@" not in parseaddr(sender)[1]:
        raise MailConfigurationError(
            f"MAIL_FROM must name an address, such as 'Scheduler <no-reply@example.org>' "
            f"(it is {sender!r}).")
    return sender


def claim_due(now: datetime, batch: int) -> list[OutboxMessage]:
    """Take up to `batch` due messages for this sender alone, in a unit of work
    of its own: the claim is kept before anything is sent."""
    due = (sa.select(OutboxMessage.id)
           .where(*_is_due(now))
           .order_by(OutboxMessage.created_at, OutboxMessage.id)
           .limit(batch)
           # PostgreSQL: a second sender passes over rows the first is claiming
           # instead of waiting for them. SQLite ignores it; the UPDATE decides.
           .with_for_update(skip_locked=True))
    with unit_of_work():
        claimed = [message_id for message_id in db.session.scalars(due).all()
                   if _claim(message_id, now)]
    if not claimed:
        return []
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.id.in_(claimed))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)))


def _is_due(now: datetime) -> tuple[Any, ...]:
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.send_after <= now,
            OutboxMessage.attempts < MAX_ATTEMPTS)


def _claim(message_id: int, now: datetime) -> bool:
    # Tests and takes in one statement: only one sender sees rowcount 1.
    return rows_changed(db.session, (
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_is_due(now))
        .values(send_after=now + LEASE, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False))) == 1


def _send_one(deliver: Deliver, render: Render, message: OutboxMessage, now: datetime,
              report: SendReport) -> None:
    # One unit of work per message: what was sent is never sent again.
    with unit_of_work():
        try:
            # Rendered under the claim, so the text is written once, then kept.
            deliver(message, render(message))
        except DELIVERY_ERRORS as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:LAST_ERROR_LENGTH]
            message.send_after = now + retry_delay(message.attempts)
            report.failed += 1
            report.gave_up += message.attempts >= MAX_ATTEMPTS
            current_app.logger.warning("Mail %s to %s failed (attempt %s): %s", message.id,
                                       message.recipient, message.attempts, exc)
        else:
            message.sent_at, message.last_error = now, ""
            report.sent += 1


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure."""
    doublings: int = 2 ** max(attempts - 1, 0)
    return min(FIRST_RETRY * doublings, LONGEST_RETRY)


def given_up_count() -> int:
    """Unsent messages that will not be retried (operators read their last_error)."""
    count: int = db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.attempts >= MAX_ATTEMPTS)).scalar_one()
    return count


@contextmanager
def _connection(config: Mapping[str, Any], sender: str, now: datetime) -> Iterator[Deliver]:
    """A function that delivers one message; an SMTP server that cannot be
    reached makes every delivery fail, so each message records why."""
    if not config["MAIL_SERVER"]:
        yield print_message
        return
    try:
        smtp = _connect(config)
    except DELIVERY_ERRORS as exc:
        yield _failing_with(exc)
        return
    try:
        yield lambda message, attachments: smtp.send_message(
            build_email(message, sender, now, attachments))
    finally:
        _quit_quietly(smtp)


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                        timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp


def _failing_with(error: Exception) -> Deliver:
    def fail(_message: OutboxMessage, _attachments: Sequence[Attachment]) -> None:
        raise error
    return fail


def _quit_quietly(smtp: smtplib.SMTP) -> None:
    # Every message's outcome is already committed; a failed goodbye changes none.
    try:
        smtp.quit()
    except DELIVERY_ERRORS:
        smtp.close()


def build_email(message: OutboxMessage, sender: str, now: datetime,
                attachments: Sequence[Attachment] = ()) -> EmailMessage:
    """The MIME message: UTF-8 text, the calendar as a text/calendar part,
    then the other attachments.
    Subject, body and calendar are cleaned (plain_text): a title or name
    stored before the input rule must not make the message fail or add a header."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = one_line(message.subject)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2])
    email.set_content(multi_line(message.body))
    if message.calendar:
        email.add_attachment(multi_line(message.calendar), subtype="calendar",
                             filename="invite.ics",
                             params={"method": message.calendar_method or "PUBLISH"})
    for attachment in attachments:
        email.add_attachment(attachment.content, maintype=attachment.maintype,
                             subtype=attachment.subtype, filename=attachment.filename)
    return email


def print_message(message: OutboxMessage, attachments: Sequence[Attachment] = ()) -> None:
    """Development mode: show the email instead of sending it."""
    files = [f"[invite.ics, METHOD:{message.calendar_method or 'PUBLISH'}]"
             ] if message.calendar else []
    files += [f"[{attachment.filename}, {len(attachment.content)} bytes]"
              for attachment in attachments]
    listed = "".join(f"\n{line}" for line in files)
    click.echo(f"To: {message.recipient}\nSubject: {message.subject}\n\n"
               f"{message.body}{listed}\n{'-' * 60}")
