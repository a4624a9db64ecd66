"""An organiser gives a film its poster through the form, and the film page shows it."""
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.images.pictures import picture


def test_organiser_uploads_a_poster_seen_on_the_film_page(desktop, site, tmp_path):
    programme = site.programme
    poster = tmp_path / "poster.jpg"
    poster.write_bytes(picture("JPEG", (900, 1350)))
    sign_in(desktop, programme.organiser)
    desktop.goto(f"/organise/films/{programme.film_id}/edit")
    desktop.get_by_label("Poster", exact=True).set_input_files(poster)
    desktop.get_by_label("Description in English").fill("Orange and teal halves")
    desktop.get_by_role("button", name="Save film").click()
    expect(desktop.locator(".flash-success")).to_be_visible()

    desktop.goto(f"/films/{programme.film_id}")
    image = desktop.get_by_role("img", name="Orange and teal halves")
    expect(image).to_be_visible()
    # Loaded from /media/, not a broken link: the browser decoded it.
    desktop.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "/media/" in (image.get_attribute("src") or "")
