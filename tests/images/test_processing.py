"""Upload checks: only images that decode are taken, re-encoded without metadata."""
import io

import pytest
from PIL import Image

from scheduler.images.processing import ImageRefused, prepare, widths_for
from tests.images.pictures import bomb, picture, rotated_exif

LIMITS = {"max_bytes": 8 * 1024 * 1024, "max_pixels": 40_000_000}


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_images_are_taken_and_stored_as_webp(fmt):
    prepared = prepare(picture(fmt, (1500, 1000)), **LIMITS)
    assert (prepared.width, prepared.height) == (1500, 1000)
    assert sorted(prepared.files) == [320, 640, 1280]
    for width, content in prepared.files.items():
        assert opened(content).format == "WEBP"
        assert opened(content).size == (width, round(1000 * width / 1500))


def test_small_images_are_never_upscaled():
    assert widths_for(200) == [200]
    assert widths_for(800) == [320, 640, 800]
    assert widths_for(4000) == [320, 640, 1280]
    assert sorted(prepare(picture("PNG", (500, 300)), **LIMITS).files) == [320, 500]


def test_the_name_is_a_hash_of_the_content():
    first, again = prepare(picture(), **LIMITS), prepare(picture(), **LIMITS)
    other = prepare(picture(colour="navy"), **LIMITS)
    assert first.name == again.name != other.name
    assert len(first.name) == 32 and int(first.name, 16) >= 0


def test_exif_is_applied_then_removed():
    prepared = prepare(picture("JPEG", (800, 400), exif=rotated_exif()), **LIMITS)
    # Turned upright: the 800x400 landscape is shown 400x800.
    assert (prepared.width, prepared.height) == (400, 800)
    for content in prepared.files.values():
        stored = opened(content)
        assert not stored.getexif() and "exif" not in stored.info
        assert b"Secret Camera" not in content


@pytest.mark.parametrize("data", [
    b"just some text, named poster.png",
    b"GIF89a" + b"\x00" * 100,
    picture("GIF"),
    picture("PNG")[:300],
    picture("JPEG")[:200],
    b"",
], ids=["text", "fake-gif", "gif", "truncated-png", "truncated-jpeg", "empty"])
def test_what_is_not_a_whole_jpeg_png_or_webp_is_refused(data):
    with pytest.raises(ImageRefused) as refused:
        prepare(data, **LIMITS)
    assert "not a JPEG, PNG or WebP" in refused.value.message


def test_too_many_bytes_are_refused():
    with pytest.raises(ImageRefused, match="larger than"):
        prepare(picture(), max_bytes=100, max_pixels=40_000_000)


def test_too_many_pixels_are_refused_before_decoding():
    with pytest.raises(ImageRefused, match="megapixels"):
        prepare(picture("PNG", (3000, 2000)), max_bytes=LIMITS["max_bytes"],
                max_pixels=5_000_000)


def test_a_decompression_bomb_is_refused():
    # A few bytes of PNG that claim 400 megapixels (more than Pillow's own
    # bomb limit), and 50 (more than ours, less than Pillow's).
    for claimed in (bomb(20_000, 20_000), bomb(10_000, 5_000)):
        assert len(claimed) < 1000
        with pytest.raises(ImageRefused, match="megapixels"):
            prepare(claimed, **LIMITS)
