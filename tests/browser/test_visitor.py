"""A visitor on a phone finds a session, registers as a guest, and cancels
through the link on the confirmation."""
import re

from playwright.sync_api import expect

from tests.browser.steps import register_as_guest, seats_left

CHECK_IN_CODE = re.compile(r"^[2-9A-Z]{8}$")


def test_guest_registers_and_cancels_through_the_link(phone, site):
    programme = site.programme
    phone.goto(f"/events/{programme.event_slug}")
    expect(phone.get_by_role("heading", name=programme.event_title, level=1)).to_be_visible()
    phone.get_by_role("navigation", name="Days").get_by_role("link").nth(2).click()
    phone.get_by_role("link", name=programme.talk_title).click()
    expect(phone).to_have_url(re.compile(rf"/sessions/{programme.talk_id}$"))
    before = seats_left(phone)

    register_as_guest(phone, name="Ana Tsereteli", email="ana@visitor.example")
    expect(phone.get_by_role("status").filter(has_text="Your seat is confirmed.")).to_be_visible()
    expect(phone.get_by_text("Confirmed", exact=True)).to_be_visible()
    expect(phone.locator(".check-in-code")).to_have_text(CHECK_IN_CODE)
    confirmation = phone.url

    phone.get_by_role("link", name=programme.talk_title).click()
    assert seats_left(phone) == before - 1

    phone.goto(confirmation)
    phone.get_by_role("link", name="Cancel this registration…").click()
    expect(phone.get_by_role("heading", name="Cancel your registration?")).to_be_visible()
    assert "/cancel?token=" in phone.url
    phone.get_by_role("button", name="Yes, cancel my registration").click()
    expect(phone.get_by_role("status").filter(
        has_text="Your registration is cancelled.")).to_be_visible()
    expect(phone.get_by_text("Cancelled", exact=True)).to_be_visible()

    phone.get_by_role("link", name=programme.talk_title).click()
    assert seats_left(phone) == before
