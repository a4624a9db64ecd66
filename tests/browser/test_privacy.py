"""The account page's privacy part, as an attendee meets it: axe finds no
serious problem on the account page, the deletion page, and its refusal."""
from playwright.sync_api import Page, expect

from tests.browser.axe import blocking_violations, described, require_axe
from tests.browser.conftest import DESKTOP, SQLITE_ONLY
from tests.browser.steps import sign_in

pytestmark = SQLITE_ONLY


def assert_accessible(page: Page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{described(violations)}"


def test_download_and_a_refused_deletion_are_accessible(open_page, site):
    require_axe()
    page = open_page(DESKTOP, bypass_csp=True)
    sign_in(page, site.programme.attendee)
    page.goto("/account")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert download.value.suggested_filename.startswith("my-data-")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_label("Your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("that is not your current password", exact=False)).to_be_visible()
    assert_accessible(page)
