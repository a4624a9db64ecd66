"""An organiser builds a registration form of several kinds in three languages,
checks its preview, and a guest answers it on a phone in Georgian; the answers
reach the attendee list. The questions are removed at the end (answered ones
retire), so the other flows meet the form they expect."""
import re

from playwright.sync_api import Page, expect

from tests.browser.axe import require_axe
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import sign_in
from tests.browser.test_accessibility import assert_accessible

QUESTIONS = [
    ("choice", {"en": "Sector", "ka": "სექტორი"},
     "ngo | NGO | НКО | არასამთავრობო\ngovernment | Government | Госсектор | სახელმწიფო"),
    ("country", {"en": "Country", "ru": "Страна", "ka": "ქვეყანა"}, ""),
    ("consent", {"en": "I agree to be photographed", "ka": "ვეთანხმები ფოტოგადაღებას"}, ""),
]
LANGUAGES = {"en": "English", "ru": "Russian", "ka": "Georgian"}


def add_question(page: Page, kind: str, labels: dict, options: str) -> None:
    page.get_by_label("Kind of answer").select_option(kind)
    for code, text in labels.items():
        page.get_by_label(f"Question in {LANGUAGES[code]}").fill(text)
    page.get_by_label("Options").fill(options)
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_role("status").filter(has_text="Question added.")).to_be_visible()


def test_a_form_built_in_three_languages_is_answered_in_georgian(open_page, site):
    require_axe()
    programme = site.programme
    desktop = open_page(DESKTOP, bypass_csp=True)
    sign_in(desktop, programme.organiser)
    desktop.goto(f"/organise/events/{programme.event_id}")
    desktop.get_by_role("button", name="Registration questions").click()
    for kind, labels, options in QUESTIONS:
        add_question(desktop, kind, labels, options)
    preview = desktop.get_by_role("region", name="Preview")
    expect(preview.get_by_label("NGO")).to_be_visible()
    expect(preview.get_by_label("Country")).to_be_visible()
    assert_accessible(desktop)

    phone = open_page(PHONE)
    phone.goto(f"/sessions/{programme.screening_id}?lang=ka")
    phone.locator("#name").fill("ნინო ბერიძე")
    phone.locator("#email").fill("nino.questions@example.org")
    phone.get_by_label("არასამთავრობო").check()
    phone.get_by_label("ქვეყანა").select_option("GE")
    phone.get_by_label("ვეთანხმები ფოტოგადაღებას").check()
    phone.locator("form[action$='/register'] button[type=submit]").click()
    answers = phone.locator("dl.answers")
    expect(answers).to_contain_text("არასამთავრობო")
    expect(answers).to_contain_text("საქართველო")

    desktop.goto(f"/organise/sessions/{programme.screening_id}/attendees?lang=en")
    row = desktop.get_by_role("row").filter(has_text="nino.questions@example.org")
    expect(row).to_contain_text("NGO")
    expect(row).to_contain_text("Georgia")
    desktop.goto(f"/organise/events/{programme.event_id}/questions")
    for _ in QUESTIONS:
        desktop.get_by_role("button", name="Remove").first.click()
    expect(desktop.get_by_role("button", name="Remove")).to_have_count(0)
    expect(desktop.get_by_text(re.compile("retired"))).to_have_count(len(QUESTIONS))
