"""A real SMTP server on loopback (aiosmtpd) that records what it accepts,
and can go down or answer 4xx on request."""
from __future__ import annotations

import asyncio
import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.servers import free_port

SENDER = "Scheduler <no-reply@scheduler.test>"


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """The handler aiosmtpd calls: keeps each accepted message, parsed."""

    received: list[Received] = field(default_factory=list)
    refusal: str | None = None  # e.g. "451 4.3.0 Try again later"
    delay_seconds: float = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        if self.refusal:
            return self.refusal
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(r for item in self.received for r in item.envelope_to)


class SmtpServer:
    """Started on a free loopback port; `stop()` and `start()` make an outage."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app, smtp_server):
    """The app, sending through the loopback server without TLS."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                      MAIL_USE_TLS=False, MAIL_FROM=SENDER)
    return app
