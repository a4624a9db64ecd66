"""A guest stars two sessions, finds them in My programme, signs in, and the
stars are the account's now."""
import re

from playwright.sync_api import expect

from tests.browser.axe import require_axe
from tests.browser.conftest import DESKTOP, SQLITE_ONLY
from tests.browser.steps import sign_in
from tests.browser.test_accessibility import assert_accessible

pytestmark = SQLITE_ONLY


def test_guest_stars_are_kept_when_they_sign_in(open_page, site):
    require_axe()
    page, programme = open_page(DESKTOP, bypass_csp=True), site.programme
    page.goto(f"/events/{programme.event_slug}")
    row = page.get_by_role("row").filter(has_text=programme.screening_title).first
    row.get_by_role("button", name=re.compile(r"^Star\W")).click()
    # Swapped in place (htmx): the same row now says it is starred.
    starred = row.get_by_role("button", name=re.compile(r"^Starred\W"))
    expect(starred).to_have_attribute("aria-pressed", "true")
    page.goto(f"/sessions/{programme.panel_id}")
    page.get_by_role("button", name=re.compile(r"^Star\W")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Starred\W"))).to_be_visible()

    page.get_by_role("link", name="My programme").click()
    expect(page.get_by_role("heading", name="My programme", level=1)).to_be_visible()
    for title in (programme.screening_title, programme.panel_title):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)

    sign_in(page, programme.attendee)
    page.get_by_role("link", name="My programme").click()
    for title in (programme.screening_title, programme.panel_title):
        item = page.get_by_role("listitem").filter(has_text=title)
        expect(item.get_by_role("button", name=re.compile(r"^Starred\W"))).to_be_visible()
    assert_accessible(page)
    assert not [c for c in page.context.cookies() if c["name"] == "stars"]
