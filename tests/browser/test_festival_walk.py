"""The festival as its visitors and organisers meet it, end to end: a visitor on a
phone in Georgian picks a day, filters, opens the film, stars the screening,
takes a seat and opens the ticket; an organiser builds a bilingual event around
a film with a poster, which Georgian and English readers then see in their own
language. axe checks every page on the way."""
import re

from babel.support import Translations
from playwright.sync_api import Page, expect

from tests.browser.axe import require_axe
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.programme import FILM_POSTER_ALT_KA, at
from tests.browser.steps import sign_in
from tests.browser.test_accessibility import assert_accessible
from tests.images.pictures import picture
from tests.servers import PROJECT_ROOT

GEORGIAN = Translations.load(str(PROJECT_ROOT / "translations"), ["ka"])
CHECK_IN_CODE = re.compile(r"^[2-9A-Z]{8}$")
SLUG = "winter-screenings-tbilisi"


def ka(message: str) -> str:
    """What the Georgian pages say for `message`: read from the catalogue, so
    the test fails if a string is left untranslated or not shown."""
    translated = GEORGIAN.gettext(message)
    assert translated != message, f"no Georgian for {message!r}"
    return translated


def expect_image_loaded(page: Page, alt: str) -> None:
    image = page.get_by_role("img", name=alt)
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())
    assert "/media/" in (image.get_attribute("src") or "")


def test_a_phone_visitor_walks_the_festival_in_georgian(open_page, site):
    require_axe()  # injected inline, which the site's CSP refuses: hence bypass_csp
    phone, programme = open_page(PHONE, bypass_csp=True), site.programme
    phone.goto(f"/events/{programme.event_slug}?lang=ka")
    expect(phone.get_by_role("heading", name=programme.event_title_ka, level=1)).to_be_visible()
    assert_accessible(phone)

    tabs = phone.locator("nav.day-tabs a")
    tabs.nth(2).click()
    expect(phone.locator("nav.day-tabs a").nth(2)).to_have_attribute("aria-current", "page")
    expect(phone.get_by_role("link", name=programme.talk_title)).to_be_visible()
    phone.locator("nav.day-tabs a").first.click()
    phone.locator("details.day-filters-box summary").click()
    phone.locator("#kind").select_option("film")
    phone.get_by_role("button", name=ka("Show sessions")).click()
    expect(phone).to_have_url(re.compile(r"kind=film"))
    screening = phone.get_by_role("link", name=programme.screening_title_ka, exact=True)
    expect(screening).to_be_visible()
    assert_accessible(phone)

    screening.click()
    expect(phone).to_have_url(re.compile(rf"/sessions/{programme.screening_id}$"))
    phone.locator(f"a[href$='/films/{programme.film_id}']").first.click()
    expect(phone.get_by_role("heading", name=programme.film_title_ka, level=1)).to_be_visible()
    expect_image_loaded(phone, FILM_POSTER_ALT_KA)
    assert_accessible(phone)

    phone.locator(f"a[href$='/sessions/{programme.screening_id}']").first.click()
    phone.get_by_role("button", name=re.compile(rf"^\W*{ka('Star')}\W")).first.click()
    expect(phone.get_by_role("button", name=re.compile(rf"^\W*{ka('Starred')}\W")).first
           ).to_have_attribute("aria-pressed", "true")
    phone.goto("/my-programme")
    expect(phone.get_by_role("link", name=programme.screening_title_ka)).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("link", name=programme.screening_title_ka).click()
    phone.get_by_label(ka("Your name")).fill("თამარ ლომიძე")
    phone.get_by_label(ka("Your email")).fill("tamar@walk.example")
    phone.get_by_role("button", name=ka("Register")).click()
    expect(phone.get_by_role("heading", name=ka("Your registration"), level=1)).to_be_visible()
    expect(phone.locator(".check-in-code")).to_have_text(CHECK_IN_CODE)
    assert_accessible(phone)

    phone.get_by_role("link", name=ka("Printable ticket")).click()
    ticket = phone.locator("article.ticket")
    expect(ticket.get_by_role("heading", name=programme.event_title_ka)).to_be_visible()
    expect(ticket).to_contain_text(programme.screening_title_ka)
    expect(ticket).to_contain_text("თამარ ლომიძე")
    expect(ticket.locator("svg")).to_be_visible()
    assert_accessible(phone)


def test_an_organiser_builds_a_bilingual_event_around_a_film_with_a_poster(
        open_page, site, tmp_path):
    require_axe()
    desk = open_page(DESKTOP, bypass_csp=True)
    sign_in(desk, site.programme.organiser)
    poster = tmp_path / "poster.png"
    poster.write_bytes(picture("PNG", (900, 1350)))

    desk.goto("/organise/films/new")
    desk.get_by_label("Title", exact=True).first.fill("The Crossing")
    desk.get_by_label("Runtime (minutes)").fill("95")
    desk.locator("#translations_ka-title").fill("გადასასვლელი")
    desk.locator("#translations_ka-synopsis").fill("ოჯახი საზღვარს ზამთარში კვეთს.")
    desk.get_by_label("Poster", exact=True).set_input_files(poster)
    desk.get_by_label("Description in English").fill("A boat on a grey sea")
    desk.get_by_label("Description in Georgian").fill("ნავი ნაცრისფერ ზღვაზე")
    desk.get_by_role("button", name="Add film").click()
    expect(desk.locator(".flash-success")).to_be_visible()

    desk.goto("/organise/events/new")
    desk.get_by_label("Title", exact=True).first.fill("Winter Screenings")
    desk.get_by_label("Address").fill(SLUG)
    desk.locator("#translations_ka-title").fill("ზამთრის ჩვენებები")
    desk.get_by_label("Status").select_option("published")
    desk.get_by_role("button", name="Create event").click()
    expect(desk).to_have_url(re.compile(r"/organise/events/\d+$"))
    event_id = int(desk.url.rsplit("/", 1)[1])

    desk.goto(f"/organise/events/{event_id}/sessions/new")
    desk.get_by_label("Venue").select_option(label=site.programme.venue_label)
    film = desk.get_by_label("Film").locator("option", has_text="The Crossing")
    desk.get_by_label("Film").select_option(film.get_attribute("value"))
    day = at(3, 10).date().isoformat()
    desk.get_by_label("Date", exact=True).fill(day)
    desk.get_by_label("Starts", exact=True).fill("10:00")
    desk.get_by_label("Ends", exact=True).fill("11:45")
    desk.get_by_role("button", name="Add session").click()
    expect(desk.get_by_role("status").filter(has_text="Session added.")).to_be_visible()

    desk.goto(f"/events/{SLUG}?lang=ka")
    expect(desk.get_by_role("heading", name="ზამთრის ჩვენებები", level=1)).to_be_visible()
    desk.get_by_role("link", name="გადასასვლელი", exact=True).click()
    desk.locator("a[href*='/films/']").first.click()
    expect(desk.get_by_role("heading", name="გადასასვლელი", level=1)).to_be_visible()
    expect_image_loaded(desk, "ნავი ნაცრისფერ ზღვაზე")
    assert_accessible(desk)

    desk.goto(f"/events/{SLUG}?lang=en")
    expect(desk.get_by_role("heading", name="Winter Screenings", level=1)).to_be_visible()
    expect(desk.get_by_role("link", name="The Crossing", exact=True)).to_be_visible()
