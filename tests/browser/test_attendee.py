"""A signed-in attendee registers in one click and finds it under My registrations."""
from playwright.sync_api import expect

from tests.browser.steps import SEATS_LEFT, seats_left, sign_in


def test_signed_in_attendee_registers_in_one_click(phone, site):
    programme, attendee = site.programme, site.programme.attendee
    sign_in(phone, attendee)
    phone.goto(f"/sessions/{programme.panel_id}")
    register = phone.get_by_role("region", name="Register")
    expect(register).to_contain_text(f"You register as {attendee.name} ({attendee.email})")
    expect(register.get_by_label("Your email")).to_have_count(0)
    before = seats_left(phone)
    register.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("status").filter(has_text="Your seat is confirmed.")).to_be_visible()

    phone.get_by_role("link", name="My registrations").click()
    row = phone.get_by_role("row").filter(has_text=programme.panel_title)
    expect(row).to_contain_text("Confirmed")
    expect(row.get_by_role("button", name="Cancel")).to_be_visible()
    row.get_by_role("link", name=programme.panel_title).click()
    # The session page now shows the attendee's own registration, not the form.
    mine = phone.get_by_role("region", name="Your registration")
    expect(mine).to_contain_text("Confirmed")
    expect(mine.get_by_role("button", name="Cancel")).to_be_visible()
    phone.goto(f"/sessions/{programme.panel_id}/seats")
    assert int(SEATS_LEFT.search(phone.inner_text("body")).group(1)) == before - 1
