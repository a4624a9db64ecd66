"""axe-core finds no serious or critical problem on the main pages: the public
ones on a phone in light and dark mode, the organiser's at a desk."""
import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import blocking_violations, described, require_axe
from tests.browser.conftest import DESKTOP, PHONE, SQLITE_ONLY
from tests.browser.steps import register_as_guest, sign_in

pytestmark = SQLITE_ONLY
PUBLIC_PAGES = ["/", "/events/{event_slug}", "/sessions/{screening_id}", "/films/{film_id}",
                "/sign-in"]


def assert_accessible(page: Page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{described(violations)}"


# axe is injected as an inline script, which the site's CSP rightly refuses.
@pytest.fixture(params=["light", "dark"])
def checked_phone(open_page, request) -> Page:
    require_axe()
    return open_page(PHONE, bypass_csp=True, color_scheme=request.param)


@pytest.fixture
def checked_desktop(open_page) -> Page:
    require_axe()
    return open_page(DESKTOP, bypass_csp=True)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages(checked_phone, site, path):
    checked_phone.goto(path.format(**vars(site.programme)))
    assert_accessible(checked_phone)


@pytest.mark.parametrize("path", ["/?lang=ka", "/sessions/{screening_id}?lang=ka",
                                  "/programme?lang=ru"])
def test_public_pages_in_georgian_and_russian(checked_phone, site, path):
    checked_phone.goto(path.format(**vars(site.programme)))
    assert_accessible(checked_phone)


def test_registration_confirmation_and_refused_form(checked_phone, site, request):
    checked_phone.goto(f"/sessions/{site.programme.screening_id}")
    checked_phone.get_by_label("Your email").fill("not an email")
    checked_phone.get_by_role("button", name="Register").click()
    expect(checked_phone.locator(".field-error").first).to_be_visible()
    assert_accessible(checked_phone)  # the form again, with its error messages
    register_as_guest(checked_phone, name="Eka Axe",
                      email=f"eka-{request.node.callspec.id}@axe.example")
    assert_accessible(checked_phone)


def test_ticket_page_in_georgian(checked_phone, site, request):
    checked_phone.goto(f"/sessions/{site.programme.talk_id}")
    register_as_guest(checked_phone, name="ეკა აქსი",
                      email=f"eka-{request.node.callspec.id}@ticket.example")
    ticket = checked_phone.get_by_role("link", name="Printable ticket").get_attribute("href")
    checked_phone.goto(f"{ticket}&lang=ka")
    expect(checked_phone.locator("article.ticket svg")).to_be_visible()
    assert_accessible(checked_phone)


def test_organiser_pages(checked_desktop, site):
    sign_in(checked_desktop, site.programme.organiser)
    event = f"/organise/events/{site.programme.event_id}"
    for path in ("/organise", f"{event}/sessions/new", f"{event}/edit", f"{event}/organisers",
                 f"/organise/films/{site.programme.film_id}/edit"):
        checked_desktop.goto(path)
        assert_accessible(checked_desktop)


def test_admin_users_page(checked_desktop, site):
    sign_in(checked_desktop, site.programme.admin)
    checked_desktop.goto("/admin/users")
    expect(checked_desktop.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(checked_desktop)
    checked_desktop.goto("/admin/users?lang=ka")
    assert_accessible(checked_desktop)


def test_writing_to_attendees(checked_desktop, site):
    """The form, refused and filled, and its preview (not sent: the site is shared)."""
    sign_in(checked_desktop, site.programme.organiser)
    messages = f"/organise/events/{site.programme.event_id}/messages"
    checked_desktop.goto(messages)
    assert_accessible(checked_desktop)
    checked_desktop.get_by_role("button", name="Write a message").click()
    checked_desktop.get_by_role("button", name="Preview").click()
    expect(checked_desktop.locator(".field-error").first).to_be_visible()
    assert_accessible(checked_desktop)  # the form again, with its error messages
    checked_desktop.get_by_label("Subject").fill("Doors open at 18:30")
    checked_desktop.get_by_label("Message").fill("Please come early.")
    checked_desktop.get_by_role("button", name="Preview").click()
    expect(checked_desktop.get_by_text("This will send")).to_be_visible()
    assert_accessible(checked_desktop)
