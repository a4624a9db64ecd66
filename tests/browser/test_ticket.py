"""A guest on a phone registers, finds the calendar links beside the seat, and
opens the printable ticket; printed, the ticket keeps its facts and drops the
site's navigation."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import register_as_guest
from tests.pdfs import pdf_pages, pdf_text

NAME = "ნინო ბერიძე"


def test_guest_registers_and_opens_the_ticket(phone, site):
    programme = site.programme
    phone.goto(f"/sessions/{programme.talk_id}")
    register_as_guest(phone, name=NAME, email="nino@ticket.example")
    expect(phone.get_by_text("Confirmed", exact=True)).to_be_visible()
    calendar = phone.locator(".add-to-calendar")
    expect(calendar.get_by_role("link", name="Google")).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?action=TEMPLATE"))
    expect(calendar.get_by_role("link", name="Outlook (work)")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.office\.com/calendar/0/deeplink/compose\?"))
    expect(calendar.get_by_role("link", name="Outlook.com (personal)")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.live\.com/calendar/0/deeplink/compose\?"))
    expect(calendar.get_by_role("link", name=".ics file")).to_have_attribute(
        "href", re.compile(rf"/sessions/{programme.talk_id}\.ics\?lang=en$"))
    code = phone.locator(".check-in-code").inner_text()

    phone.get_by_role("link", name="Printable ticket").click()
    expect(phone).to_have_url(re.compile(r"/registrations/\d+/ticket\?token="))
    ticket = phone.locator("article.ticket")
    expect(ticket.get_by_role("heading", name=programme.event_title, level=1)).to_be_visible()
    expect(ticket).to_contain_text(programme.talk_title)
    expect(ticket).to_contain_text(NAME)
    expect(ticket).to_contain_text(code)
    expect(ticket.locator("svg")).to_be_visible()
    screenshots = ARTIFACTS / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=screenshots / "ticket-phone.png", full_page=True)

    phone.emulate_media(media="print")
    expect(phone.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(ticket.locator("svg")).to_be_visible()
    phone.screenshot(path=screenshots / "ticket-print.png", full_page=True)
    for paper in ("A4", "Letter"):
        printed = phone.pdf(format=paper)
        assert pdf_pages(printed) == 1, paper
        assert NAME in pdf_text(printed) and "Programme" not in pdf_text(printed)
