"""A phone visitor browses the festival in Georgian, day by day with a filter, and
an organiser reads an attendee list on a phone: nothing scrolls sideways and axe
finds no serious problem."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import blocking_violations, described, require_axe
from tests.browser.conftest import SQLITE_ONLY, Device
from tests.browser.steps import sign_in

pytestmark = SQLITE_ONLY
SMALL_PHONE = Device("phone-375", {"viewport": {"width": 375, "height": 800},
                                   "is_mobile": True, "has_touch": True,
                                   "device_scale_factor": 2})
PUBLIC = ["/events/{event_slug}", "/events/{event_slug}/timetable", "/programme"]


def assert_fits_and_accessible(page: Page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{described(violations)}"


@pytest.fixture
def georgian_phone(open_page) -> Page:
    require_axe()  # axe is injected as an inline script, which the site's CSP refuses
    return open_page(SMALL_PHONE, bypass_csp=True)


@pytest.mark.parametrize("path", PUBLIC)
def test_public_listings_fit_a_small_phone_in_georgian(georgian_phone, site, path):
    georgian_phone.goto(path.format(**vars(site.programme)) + "?lang=ka")
    expect(georgian_phone.locator("html")).to_have_attribute("lang", "ka")
    assert_fits_and_accessible(georgian_phone)


def test_the_timetable_is_a_list_per_venue_on_a_phone(georgian_phone, site):
    georgian_phone.goto(f"/events/{site.programme.event_slug}/timetable?lang=ka")
    expect(georgian_phone.locator("table.timetable")).to_be_hidden()
    expect(georgian_phone.locator(".timetable-list")).to_be_visible()
    screening = georgian_phone.get_by_role("link", name=site.programme.screening_title_ka)
    expect(screening).to_be_visible()


def test_a_day_tab_and_a_filter_on_a_phone(georgian_phone, site):
    programme = site.programme
    georgian_phone.goto(f"/events/{programme.event_slug}?lang=ka")
    tabs = georgian_phone.locator("nav.day-tabs a")
    expect(tabs.first).to_have_attribute("aria-current", "page")
    expect(georgian_phone.get_by_role("link", name=programme.screening_title_ka)).to_be_visible()
    expect(georgian_phone.get_by_role("link", name=programme.talk_title)).to_have_count(0)

    tabs.nth(2).click()
    expect(georgian_phone.locator("nav.day-tabs a").nth(2)).to_have_attribute(
        "aria-current", "page")
    expect(georgian_phone.get_by_role("link", name=programme.talk_title)).to_be_visible()
    assert_fits_and_accessible(georgian_phone)

    # Films only: the talk's day has none, and the page says so with a way back.
    georgian_phone.locator("details.day-filters-box summary").click()
    georgian_phone.locator("#kind").select_option("film")
    georgian_phone.locator("form.day-filters button[type=submit]").click()
    expect(georgian_phone).to_have_url(re.compile(r"kind=film"))
    expect(georgian_phone.get_by_role("link", name=programme.talk_title)).to_have_count(0)
    clear = georgian_phone.locator("main p[role=status] a")
    expect(clear).to_be_visible()
    assert_fits_and_accessible(georgian_phone)

    georgian_phone.locator("nav.day-tabs a").first.click()  # the filter goes along
    expect(georgian_phone).to_have_url(re.compile(r"kind=film.*day="))
    expect(georgian_phone.get_by_role("link", name=programme.screening_title_ka)).to_be_visible()
    georgian_phone.locator("form.day-filters a").click()
    expect(georgian_phone).not_to_have_url(re.compile(r"kind="))


def test_the_attendee_list_fits_a_small_phone(georgian_phone, site):
    sign_in(georgian_phone, site.programme.organiser)
    georgian_phone.goto(f"/organise/sessions/{site.programme.screening_id}/attendees?lang=ka")
    expect(georgian_phone.get_by_text("early0@festival.example")).to_be_visible()
    assert_fits_and_accessible(georgian_phone)
