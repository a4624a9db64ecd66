"""Where JavaScript runs, a session page keeps its seat count fresh and sends
the register form without a page load; without JavaScript both still work."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import register_as_guest, seats_left

# Set on the window before an action: still there afterwards means no page load.
MARK = "window.noPageLoadSince = true"
STILL_MARKED = "() => window.noPageLoadSince === true"


def test_seats_left_drop_while_the_page_stays_open(open_page, site):
    watcher, other = open_page(PHONE), open_page(DESKTOP)
    session_url = f"/sessions/{site.programme.screening_id}"
    watcher.goto(session_url)
    before = seats_left(watcher)
    watcher.evaluate(MARK)

    other.goto(session_url)
    register_as_guest(other, name="Elene Abashidze", email="elene@live.example")

    register = watcher.get_by_role("region", name="Register")
    expect(register.get_by_text(f"{before - 1} of")).to_be_visible()
    expect(watcher.locator("#session-badge")).to_contain_text(str(before - 1))
    assert watcher.evaluate(STILL_MARKED)


def test_registering_swaps_in_the_confirmation_without_a_page_load(phone, site):
    session_url = f"/sessions/{site.programme.screening_id}"
    phone.goto(session_url)
    phone.evaluate(MARK)
    phone.get_by_label("Your email").fill("not an email")
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_text("Invalid email address.")).to_be_visible()
    assert phone.url.endswith(session_url)  # not the POST-only form address

    register_as_guest(phone, name="Davit Lomidze", email="davit@live.example")
    expect(phone.get_by_role("status").filter(has_text="Your seat is confirmed.")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/registrations/\d+\?token="))
    assert phone.evaluate(STILL_MARKED)

    phone.go_back()
    expect(phone).to_have_url(re.compile(rf"{session_url}$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(site.programme.screening_title)


def test_without_javascript_the_form_and_the_count_still_work(open_page, site):
    phone = open_page(PHONE, java_script_enabled=False)
    phone.goto(f"/sessions/{site.programme.screening_id}")
    before = seats_left(phone)
    register_as_guest(phone, name="Salome Jorbenadze", email="salome@nojs.example")
    expect(phone.get_by_role("status").filter(has_text="Your seat is confirmed.")).to_be_visible()
    phone.goto(f"/sessions/{site.programme.screening_id}")
    assert seats_left(phone) == before - 1
