"""A visitor switches the site to Georgian or Russian, the choice stays as they
move around, and they register as a guest and cancel in that language."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect


@dataclass(frozen=True)
class Words:
    """What the visitor reads and clicks, in their language."""

    code: str
    language: str  # the switcher's link
    programme: str
    register: str  # the section's heading and its button
    seats_left: re.Pattern
    your_name: str
    your_email: str
    your_registration: str
    confirmed: str
    cancel_link: str
    cancel_heading: str
    cancel_button: str
    cancelled: str


GEORGIAN = Words(
    "ka", "ქართული", "პროგრამა", "რეგისტრაცია", re.compile(r"თავისუფალია (\d+) ადგილი"),
    "თქვენი სახელი", "თქვენი ელფოსტა", "თქვენი რეგისტრაცია", "თქვენი ადგილი დადასტურებულია.",
    "ამ რეგისტრაციის გაუქმება…", "გავაუქმოთ თქვენი რეგისტრაცია?",
    "დიახ, გააუქმეთ ჩემი რეგისტრაცია", "თქვენი რეგისტრაცია გაუქმდა.")
RUSSIAN = Words(
    "ru", "Русский", "Программа", "Зарегистрироваться", re.compile(r"Свободно (\d+) из \d+ мест"),
    "Ваше имя", "Ваша электронная почта", "Ваша регистрация", "Ваше место подтверждено.",
    "Отменить эту регистрацию…", "Отменить вашу регистрацию?",
    "Да, отменить мою регистрацию", "Ваша регистрация отменена.")


def seats_left(page: Page, words: Words) -> int:
    line = page.locator("section.register").get_by_text(words.seats_left)
    return int(words.seats_left.search(line.inner_text()).group(1))


def expect_language(page: Page, words: Words) -> None:
    expect(page.locator("html")).to_have_attribute("lang", words.code)
    expect(page.get_by_role("link", name=words.language)).to_have_attribute(
        "aria-current", "true")


@pytest.mark.parametrize("words", [GEORGIAN, RUSSIAN], ids=lambda words: words.code)
def test_a_visitor_registers_and_cancels_in_their_language(phone, site, words):
    programme = site.programme
    phone.goto("/")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.get_by_role("link", name=words.language).click()
    expect_language(phone, words)
    expect(phone.get_by_role("heading", name=words.programme, level=1)).to_be_visible()

    # The choice is a cookie: plain links, without ?lang=, keep the language.
    phone.get_by_role("link", name=words.programme, exact=True).first.click()
    expect(phone).to_have_url(re.compile(r"/programme$"))
    expect_language(phone, words)
    phone.goto(f"/events/{programme.event_slug}")
    expect_language(phone, words)
    phone.locator("nav.day-tabs a").nth(2).click()  # the talk is on the third day
    phone.get_by_role("link", name=programme.talk_title).click()
    expect_language(phone, words)
    before = seats_left(phone, words)

    phone.get_by_label(words.your_name).fill("Tamar Abashidze")
    phone.get_by_label(words.your_email).fill(f"tamar-{words.code}@visitor.example")
    phone.get_by_role("button", name=words.register).click()
    expect(phone.get_by_role("heading", name=words.your_registration, level=1)).to_be_visible()
    expect(phone.get_by_role("status").filter(has_text=words.confirmed)).to_be_visible()
    confirmation = phone.url
    phone.get_by_role("link", name=programme.talk_title).click()
    assert seats_left(phone, words) == before - 1

    phone.goto(confirmation)
    phone.get_by_role("link", name=words.cancel_link).click()
    expect(phone.get_by_role("heading", name=words.cancel_heading)).to_be_visible()
    phone.get_by_role("button", name=words.cancel_button).click()
    expect(phone.get_by_role("status").filter(has_text=words.cancelled)).to_be_visible()
    phone.get_by_role("link", name=programme.talk_title).click()
    assert seats_left(phone, words) == before
