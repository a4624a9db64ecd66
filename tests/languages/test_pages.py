"""The public pages in Russian and Georgian: the interface translated, dates and
counts formatted for the locale, the venue's own clock and zone kept, and what
organisers wrote shown as written."""
from __future__ import annotations

import html

import pytest

from tests.factories import make_event, make_session
from tests.public.conftest import page_of, utc

# 15:00 UTC is 19:00 in Tbilisi (+04), on a Thursday.
STARTS = utc(2030, 1, 10, 15)

EXPECTED = {
    "en": {"day": "Thu, Jan 10, 2030", "count": "1 session", "badge": "22 seats left",
           "register": "Register", "left": "22 of 22 seats left", "name": "Your name"},
    "ru": {"day": "чт, 10 янв. 2030 г.", "count": "1 сеанс", "badge": "Осталось 22 места",
           "register": "Зарегистрироваться", "left": "Свободно 22 из 22 мест",
           "name": "Ваше имя"},
    "ka": {"day": "ხუთ, 10 იან. 2030", "count": "1 სეანსი", "badge": "დარჩა 22 ადგილი",
           "register": "რეგისტრაცია", "left": "თავისუფალია 22 ადგილი 22-დან",
           "name": "თქვენი სახელი"},
}


@pytest.fixture
def talk(db, owner, venues):
    event = make_event(owner, title="Дни кино · კინოს დღეები", slug="days")
    return make_session(event, venues["amirani"], starts_at=STARTS, capacity=22,
                        title="Morning talk", description="Written once, in English.")


def shown(client, url: str, language: str) -> str:
    """The page's text, its CLDR no-break spaces (as in "10 янв. 2030 г.") plain."""
    text = html.unescape(page_of(client, f"{url}?lang={language}"))
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("language", EXPECTED)
def test_the_programme_in_each_language(client, talk, language):
    body, expected = shown(client, "/programme", language), EXPECTED[language]
    assert f'<html lang="{language}">' in body
    assert f'<h2 class="day">{expected["day"]}</h2>' in body
    assert f'{expected["count"]}.' in body
    assert expected["badge"] in body
    assert "19:00–21:00 +04" in body
    assert "Дни кино · კინოს დღეები" in body


@pytest.mark.parametrize("language", EXPECTED)
def test_the_session_page_in_each_language(client, talk, language):
    body, expected = shown(client, f"/sessions/{talk.id}", language), EXPECTED[language]
    assert f'{expected["day"]}, 19:00–21:00 +04' in body
    assert f'>{expected["register"]}</button>' in body
    assert f'{expected["left"]}.' in body
    assert f'>{expected["name"]}</label>' in body
    assert "Written once, in English." in body


def test_russian_plural_forms(client, owner, venues):
    event = make_event(owner, slug="plurals")
    for capacity in (21, 23, 25):  # место, места, мест
        make_session(event, venues["rustaveli"], capacity=capacity,
                     starts_at=utc(2030, 2, 1, capacity - 20))
    body = shown(client, "/events/plurals", "ru")
    assert "Осталось 21 место" in body
    assert "Осталось 23 места" in body
    assert "Осталось 25 мест" in body


def test_large_numbers_are_grouped_for_the_locale(client, owner, venues):
    make_session(make_event(owner), venues["amirani"], capacity=1500, starts_at=STARTS)
    assert "1,500 seats left" in shown(client, "/programme", "en")
    assert "Осталось 1 500 мест" in shown(client, "/programme", "ru")


@pytest.mark.parametrize("language, required, not_an_email", [
    ("en", "This field is required.", "Invalid email address."),
    ("ru", "Обязательное поле.", "Неверный адрес электронной почты."),
    ("ka", "ამ ველის შევსება სავალდებულოა.", "ელფოსტის მისამართი არასწორია."),
])
def test_form_errors_are_translated(client, talk, language, required, not_an_email):
    response = client.post(f"/sessions/{talk.id}/register?lang={language}",
                           data={"name": "", "email": "not an email"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert required in body and not_an_email in body
