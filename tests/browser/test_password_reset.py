"""A new visitor signs up (and is signed in), forgets the password, asks for a
link, opens it from the email in the outbox and signs in with the new one;
axe finds no serious problem on the two new pages."""
from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from scheduler import create_app, extensions
from scheduler.mail.models import OutboxMessage
from tests.browser.axe import blocking_violations, described, require_axe
from tests.browser.conftest import DESKTOP, SECRET_KEY
from tests.conftest import config_for

EMAIL = "forgetful@example.org"
FIRST, SECOND = "the first password", "the second password"


def emailed_link(site, recipient: str) -> str:
    """The reset link in the newest email to `recipient`, read from the outbox."""
    app = create_app(config_for(site.database_url) | {"SECRET_KEY": SECRET_KEY})
    with app.app_context():
        body = extensions.db.session.scalars(
            sa.select(OutboxMessage.body).where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id.desc())).first()
        extensions.db.engine.dispose()
    assert body, f"no email to {recipient}"
    match = re.search(r"(http://\S+/password/reset/\S+)", body)
    assert match, body
    return match.group(1)


def assert_accessible(page: Page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{described(violations)}"


def test_sign_up_then_reset_a_forgotten_password(open_page, site):
    require_axe()
    page = open_page(DESKTOP, bypass_csp=True)
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Forgetful Fikria")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(FIRST)
    page.get_by_label("Password again").fill(FIRST)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_text("you are signed in", exact=False)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto("/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("we have sent it a link", exact=False)).to_be_visible()

    link = emailed_link(site, EMAIL)
    assert link.startswith(site.base_url)
    page.goto(link)
    expect(page.get_by_role("heading", name="Set a new password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(SECOND)
    page.get_by_label("New password again").fill(SECOND)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_text("Your new password is set", exact=False)).to_be_visible()

    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(SECOND)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The link worked once.
    page.goto(link)
    expect(page.get_by_text("expired or was used already", exact=False)).to_be_visible()
