"""An organiser at a desk signs in, adds a session, and finds it on the public page."""
from playwright.sync_api import expect

from tests.browser.programme import at
from tests.browser.steps import sign_in

TITLE = "Closing night: audience award screening"


def test_organiser_adds_a_session_that_appears_on_the_event_page(desktop, site):
    programme = site.programme
    sign_in(desktop, programme.organiser)
    desktop.get_by_role("link", name="Organise").click()
    desktop.get_by_role("link", name=programme.event_title).click()
    desktop.get_by_role("button", name="Add a session").click()
    assert desktop.url.endswith(f"/organise/events/{programme.event_id}/sessions/new")

    desktop.get_by_label("Venue").select_option(label=programme.venue_label)
    desktop.locator("#title").fill(TITLE)  # the Title field, not its translations
    desktop.get_by_label("Seats", exact=True).fill("50")
    closing_day = at(3, 20).date()
    desktop.get_by_label("Date", exact=True).fill(closing_day.isoformat())
    desktop.get_by_label("Starts", exact=True).fill("20:00")
    desktop.get_by_label("Ends", exact=True).fill("22:30")
    desktop.get_by_role("button", name="Add session").click()
    expect(desktop.get_by_role("status").filter(has_text="Session added.")).to_be_visible()

    desktop.goto(f"/events/{programme.event_slug}?day={closing_day.isoformat()}")
    new_row = desktop.get_by_role("row").filter(has_text=TITLE)
    expect(new_row).to_contain_text("20:00")
    expect(new_row).to_contain_text("50 seats left")
