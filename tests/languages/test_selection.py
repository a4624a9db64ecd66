"""Which language a page is in: the explicit choice, remembered in a cookie, else
the browser's Accept-Language, else English; an unsupported code is refused politely."""
from __future__ import annotations

import re

import pytest

from scheduler.languages import COOKIE


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def lang_cookie(response) -> str | None:
    return next((c for c in response.headers.getlist("Set-Cookie")
                   if c.startswith(f"{COOKIE}=")), None)


def test_english_without_any_preference(client):
    response = client.get("/programme")
    assert html_lang(response) == "en"
    assert ">Programme</a>" in response.get_data(as_text=True)
    assert lang_cookie(response) is None


@pytest.mark.parametrize("header, expected", [
    ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
    ("ka", "ka"),
    ("de-DE,ka;q=0.5,ru;q=0.3", "ka"),
    ("de-DE,fr;q=0.8", "en"),
])
def test_accept_language_picks_the_best_match(client, header, expected):
    response = client.get("/programme", headers={"Accept-Language": header})
    assert html_lang(response) == expected


def test_the_switcher_choice_is_remembered_in_a_cookie(client):
    response = client.get("/programme?lang=ka")
    assert html_lang(response) == "ka"
    cookie = lang_cookie(response)
    assert cookie.startswith("lang=ka;") and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    # The next page, with no ?lang= and a browser asking for Russian, stays Georgian.
    later = client.get("/sign-in", headers={"Accept-Language": "ru"})
    assert html_lang(later) == "ka"
    assert "პროგრამა" in later.get_data(as_text=True)


def test_the_cookie_beats_accept_language_and_a_new_choice_beats_the_cookie(client):
    client.set_cookie(COOKIE, "ru")
    assert html_lang(client.get("/", headers={"Accept-Language": "ka"})) == "ru"
    assert html_lang(client.get("/?lang=en")) == "en"
    assert html_lang(client.get("/")) == "en"


def test_every_page_links_to_each_language_keeping_its_arguments(client):
    body = client.get("/programme?q=film&lang=ru").get_data(as_text=True)
    for code in ("en", "ru", "ka"):
        assert f'href="/programme?q=film&amp;lang={code}"' in body
    assert 'lang="ru" hreflang="ru" aria-current="true">Русский</a>' in body


@pytest.mark.parametrize("path", ["/programme?lang=xx", "/?lang=%3Cscript%3E",
                                  "/sign-in?lang=" + "z" * 500])
def test_an_unsupported_code_gives_the_normal_page_with_a_message(client, path):
    response = client.get(path, headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    assert html_lang(response) == "ru"
    body = response.get_data(as_text=True)
    assert "недоступен" in body
    assert "<script>" not in body and "z" * 21 not in body
    assert lang_cookie(response) is None


def test_an_unsupported_cookie_is_dropped_with_a_message(client):
    client.set_cookie(COOKIE, "xx")
    response = client.get("/programme")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "The language “xx” is not available; this page is in English." in (
        response.get_data(as_text=True))
    assert lang_cookie(response).startswith("lang=;")
