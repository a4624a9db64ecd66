"""Georgian (national romanisation of 2002) and Russian (passport, ICAO 2013)
in Latin letters, and the slugs made from them."""
import pytest

from scheduler.transliteration import slug_of, transliterate


def test_every_georgian_letter():
    assert transliterate("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ") == (
        "abgdevztiklmnopzhrstupkghqshchtsdztschkhjh")


def test_every_russian_letter_and_capitals():
    assert transliterate("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") == (
        "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia")
    assert transliterate("Щука, Жанна и Юлия") == "Shchuka, Zhanna i Iuliia"


def test_mtavruli_capitals_read_as_the_letters_they_style():
    assert transliterate("ᲛᲘᲒᲠᲐᲪᲘᲐ") == transliterate("მიგრაცია") == "migratsia"


@pytest.mark.parametrize("title, slug", [
    ("მიგრაციის გლობალური კინოფესტივალი 2026", "migratsiis-globaluri-kinopestivali-2026"),
    ("ჭადრაკი და წყალი", "chadraki-da-tsqali"),
    ("Противодействие торговле людьми", "protivodeistvie-torgovle-liudmi"),
    ("Объявление: Щёлково, подъезд", "obieiavlenie-shchelkovo-podieezd"),
    ("Тбилиси · თბილისი · Tbilisi", "tbilisi-tbilisi-tbilisi"),
    ("Kino & Вино — ღვინო", "kino-vino-ghvino"),
    ("Café Zürich", "cafe-zurich"),
])
def test_slugs_of_each_alphabet_and_mixed_titles(title, slug):
    assert slug_of(title) == slug


def test_slugs_are_never_empty_nor_too_short_and_cut_at_a_word():
    assert slug_of("!!!") == "event"
    assert slug_of("AI") == "ai-event"
    long = slug_of("კინო " * 40)
    assert len(long) <= 80 and long.endswith("kino") and "--" not in long
