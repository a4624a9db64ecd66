"""What a person does on the site, in the words they would use, shared by the flows."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.programme import Account

SEATS_LEFT = re.compile(r"(\d+) of \d+ seats left")


def seats_left(page: Page) -> int:
    """The open seats a session page announces in its Register section."""
    line = page.get_by_role("region", name="Register").get_by_text(SEATS_LEFT)
    return int(SEATS_LEFT.search(line.inner_text()).group(1))


def register_as_guest(page: Page, *, name: str, email: str) -> None:
    """On a session page: fill in the register form and send it."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email").fill(email)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Your registration", level=1)).to_be_visible()


def sign_in(page: Page, account: Account) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
