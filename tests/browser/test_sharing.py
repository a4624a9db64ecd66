"""What the head of a public page adds for previews and search engines works in
a real browser under the site's own CSP: the JSON-LD block is read as data (no
refused inline script), and the icons and the manifest it links load."""
from playwright.sync_api import Page

from tests.browser.conftest import SQLITE_ONLY

pytestmark = SQLITE_ONLY
JSON_LD = 'script[type="application/ld+json"]'


def refusals_of(page: Page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused


def test_structured_data_and_icons_under_the_csp(phone, site):
    refused, programme = refusals_of(phone), site.programme
    for path in (f"/sessions/{programme.screening_id}", f"/events/{programme.event_slug}"):
        phone.goto(path)
        data = phone.evaluate(f"JSON.parse(document.querySelector('{JSON_LD}').textContent)")
        assert data["@context"] == "https://schema.org" and data["startDate"]
    links = phone.eval_on_selector_all(
        'link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]',
        "links => links.map(link => link.href)")
    assert len(links) == 4
    for address in links:
        assert phone.request.get(address).ok, address
    assert refused == []
