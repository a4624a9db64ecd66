"""The Share a page builds, and the text trimmed for previews."""
from __future__ import annotations

import pytest
from flask import render_template_string

from scheduler.discovery.pages import share_page
from scheduler.discovery.text import summary
from tests.discovery.conftest import BASE, HeadReader

PARTIAL = '{% include "partials/_share.html" %}'


@pytest.mark.parametrize("text, limit, expected", [
    ("  One\n\ntwo\tthree  ", 200, "One two three"),
    ("short enough", 12, "short enough"),
    ("cut at a word boundary", 12, "cut at a…"),
    ("ends right here. next", 17, "ends right here…"),
    ("Unspaced" * 10, 10, "UnspacedU…"),
    ("", 200, ""),
])
def test_summary(text, limit, expected):
    assert summary(text, limit) == expected
    assert len(summary(text, limit)) <= limit


def render_head(app, share) -> HeadReader:
    reader = HeadReader()
    reader.feed(render_template_string(PARTIAL, share=share))
    return reader


def test_a_page_with_an_image_gets_the_large_card(app):
    # How a film page passes its poster: an absolute address and its alt text.
    with app.test_request_context("/sessions/7?lang=ru"):
        share = share_page("Flee", "Amin tells his story.", "public.session_page",
                           image_url=f"{BASE}/uploads/flee-1200.webp",
                           image_alt="Poster of Flee", session_id=7)
        head = render_head(app, share).head
    assert head.one("og:image") == f"{BASE}/uploads/flee-1200.webp"
    assert head.one("og:image:alt") == "Poster of Flee"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.canonical == f"{BASE}/sessions/7?lang=ru"


def test_an_unsupported_language_in_the_address_is_not_canonical(app):
    with app.test_request_context("/programme?lang=xx"):
        share = share_page("Programme", "", "public.programme_page")
    assert share.address.canonical == f"{BASE}/programme"
    assert share.locale == "en_GB" and share.description == ""
