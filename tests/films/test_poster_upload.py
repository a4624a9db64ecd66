"""An organiser gives a film its poster through the form: multipart, no JavaScript."""
import io
import random

import pytest
import sqlalchemy as sa
from PIL import Image

from scheduler.accounts.models import Role
from scheduler.films.models import Film
from scheduler.images.services import upload_dir
from tests.factories import make_user
from tests.images.pictures import picture, rotated_exif

FILM = {"title": "Flee", "runtime_minutes": "89"}


@pytest.fixture
def browser(app, db):
    return app.test_client(user=make_user(role=Role.organiser, email="films@example.org"))


def the_film(db) -> Film:
    db.session.rollback()  # see what the requests committed
    return db.session.scalars(sa.select(Film)).one()


def upload(data: bytes, name: str = "poster.jpg"):
    return (io.BytesIO(data), name)


def test_a_poster_is_uploaded_with_its_alt_text(browser, db):
    form = browser.get("/organise/films/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="image_alt_ka"' in form
    sent = browser.post("/organise/films/new", data=FILM | {
        "image": upload(picture("JPEG", (900, 1300), exif=rotated_exif())),
        "image_alt_en": "A boy running", "image_alt_ka": "ბიჭი გარბის"})
    assert sent.status_code == 302
    poster = the_film(db).poster
    assert poster.alt == {"en": "A boy running", "ka": "ბიჭი გარბის"}
    assert (poster.width, poster.height) == (1300, 900)  # turned upright
    assert (upload_dir() / poster.largest).is_file()


def test_a_poster_larger_than_other_bodies_may_be_is_taken(app, browser, db):
    # Random pixels barely compress: a PNG past the 1 MB MAX_CONTENT_LENGTH.
    noise = Image.frombytes("RGB", (800, 800), random.Random(16).randbytes(800 * 800 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > app.config["MAX_CONTENT_LENGTH"]
    sent = browser.post("/organise/films/new", data=FILM | {
        "image": upload(out.getvalue(), "noise.png"), "image_alt_en": "Noise"})
    assert sent.status_code == 302 and the_film(db).poster is not None
    # Elsewhere the limit stays.
    assert app.test_client().post("/sign-in", data={
        "name": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}).status_code == 413


@pytest.mark.parametrize("data, name, message", [
    (b"plain text, not a picture", "poster.png", "not a JPEG, PNG or WebP"),
    (picture("PNG")[:300], "poster.png", "not a JPEG, PNG or WebP"),
])
def test_bad_uploads_are_form_messages(browser, db, data, name, message):
    sent = browser.post("/organise/films/new", data=FILM | {
        "image": upload(data, name), "image_alt_en": "Poster"})
    assert sent.status_code == 422
    assert message in sent.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalars(sa.select(Film)).all() == []


def test_too_many_bytes_or_pixels_are_form_messages(app, browser, db):
    app.config.update(IMAGE_MAX_BYTES=2000)
    sent = browser.post("/organise/films/new", data=FILM | {
        "image": upload(picture("PNG", (600, 600)) + b"\0" * 3000), "image_alt_en": "P"})
    assert sent.status_code == 422 and "larger than" in sent.get_data(as_text=True)
    app.config.update(IMAGE_MAX_BYTES=8 * 1024 * 1024, IMAGE_MAX_PIXELS=10_000)
    sent = browser.post("/organise/films/new", data=FILM | {
        "image": upload(picture("PNG", (200, 200))), "image_alt_en": "P"})
    assert sent.status_code == 422 and "megapixels" in sent.get_data(as_text=True)


def test_an_upload_needs_alt_text(browser, db):
    sent = browser.post("/organise/films/new", data=FILM | {"image": upload(picture())})
    assert sent.status_code == 422
    assert "Describe the image in at least one language" in sent.get_data(as_text=True)


def test_the_poster_is_replaced_described_again_and_removed(browser, db):
    browser.post("/organise/films/new", data=FILM | {
        "image": upload(picture()), "image_alt_en": "First"})
    film = the_film(db)
    first = film.poster_id
    edit = f"/organise/films/{film.id}/edit"
    assert 'value="First"' in browser.get(edit).get_data(as_text=True)
    browser.post(edit, data=FILM | {"image": upload(picture(colour="navy")),
                                    "image_alt_en": "Second"})
    assert the_film(db).poster_id != first and the_film(db).poster.alt == {"en": "Second"}
    browser.post(edit, data=FILM | {"image_alt_en": "Second", "image_alt_ru": "Второй"})
    assert the_film(db).poster.alt == {"en": "Second", "ru": "Второй"}
    browser.post(edit, data=FILM | {"remove_image": "y"})
    assert the_film(db).poster is None
