"""Stored images: written once under their hash, served for a year, nothing else served."""
import pytest

from scheduler.errors import DomainError
from scheduler.images.inputs import AltInput
from scheduler.images.services import store_image, upload_dir
from scheduler.transactions import unit_of_work
from tests.images.pictures import picture

ALT = AltInput.parse({"en": "Two halves, orange and teal", "ka": "ორი ნახევარი"})


@pytest.fixture
def image(app, db):
    with unit_of_work():
        return store_image(picture("JPEG", (900, 600)), ALT)


def test_an_upload_is_kept_in_each_width_under_its_hash(app, image):
    assert image.widths == [320, 640, 900]
    assert (image.width, image.height) == (900, 600)
    for width in image.widths:
        assert (upload_dir() / f"{image.name}-{width}.webp").is_file()
    assert image.alt == {"en": "Two halves, orange and teal", "ka": "ორი ნახევარი"}
    assert image.alt_in("ka") == "ორი ნახევარი"
    # No Russian text: the first language that has one.
    assert image.alt_in("ru") == "Two halves, orange and teal"


def test_alt_text_is_asked_for_in_at_least_one_language(app):
    with pytest.raises(DomainError, match="at least one language"):
        AltInput.parse({"en": " ", "ru": ""})
    with pytest.raises(DomainError) as refused:
        AltInput.parse({"en": "two\nlines"})
    assert "en" in refused.value.fields


def test_media_is_served_for_a_year_as_webp(client, image):
    response = client.get(f"/media/{image.largest}")
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cache = response.cache_control
    assert cache.public and cache.immutable and cache.max_age == 31536000
    assert response.data == (upload_dir() / image.largest).read_bytes()


@pytest.mark.parametrize("name", [
    "0" * 32 + "-640.webp",  # well formed, never stored
    "../secret_key", "..%2Fsecret_key", "%2e%2e%2fscheduler.db",
    "{hash}-640.webp/../../secret_key", "{hash}-640.png", "{hash}-640.webp.",
    "{hash_upper}-640.webp", "notes.txt", ".upload-x",
])
def test_unknown_names_and_traversal_are_404(client, image, name):
    # A file in the folder that is not one of ours.
    (upload_dir() / "notes.txt").write_text("hush")
    name = name.format(hash=image.name, hash_upper=image.name.upper())
    response = client.get(f"/media/{name}")
    assert response.status_code == 404
    assert b"hush" not in response.data
