"""Full-page screenshots of the programme, the timetable, the event and a session
page (also in Georgian, and an event day and its timetable), a film page and My
programme, on a phone and at a desk,
saved on every run in test-artifacts/screenshots/ for people to look at. The
test itself holds each page to fitting its screen: nothing scrolls sideways."""
import pytest

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, SQLITE_ONLY

SCREENSHOTS = ARTIFACTS / "screenshots"
PAGES = {"programme": "/programme", "timetable": "/events/{event_slug}/timetable",
         "event": "/events/{event_slug}", "session": "/sessions/{screening_id}",
         "session-ka": "/sessions/{screening_id}?lang=ka",
         "event-day-ka": "/events/{event_slug}?day={talk_day}&lang=ka",
         "timetable-ka": "/events/{event_slug}/timetable?day={talk_day}&lang=ka",
         "event-ka": "/events/{event_slug}?lang=ka",
         "film": "/films/{film_id}", "film-ka": "/films/{film_id}?lang=ka",
         "my-programme": "/my-programme", "password-forgot-ka": "/password/forgot?lang=ka"}
pytestmark = SQLITE_ONLY


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=lambda device: device.name)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(open_page, site, device, name):
    page = open_page(device)
    page.goto(PAGES[name].format(**vars(site.programme)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{device.name}.png", full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {device.name}'s screen"
