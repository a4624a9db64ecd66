"""Latin letters for Georgian and Russian text, and slugs made from them.

Georgian follows the national romanisation of 2002 without its apostrophes
(კ k, ტ t, პ p, ჭ ch, წ ts), as addresses carry no punctuation; Russian
follows the passport table (ICAO Doc 9303, 2013). Other scripts are left to
python-slugify, which spells them out letter by letter."""
from __future__ import annotations

from slugify import slugify

GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh",
     "r", "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh",
     "j", "h"], strict=True))
# Mtavruli, the capitals used in headings, sit 0x0BC0 above the ordinary letters.
MTAVRULI_OFFSET = 0x1C90 - 0x10D0
RUSSIAN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o",
     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e",
     "iu", "ia"], strict=True))
# Georgian has no case: Mtavruli is a style, romanised in lower case like the rest.
GEORGIAN_ANY = GEORGIAN | {chr(ord(letter) + MTAVRULI_OFFSET): latin
                           for letter, latin in GEORGIAN.items()}
SLUG_MIN, SLUG_MAX = 3, 120
# Made from a title: shorter than the longest allowed, to leave room for "-2".
TITLE_SLUG_MAX = 80


def transliterate(text: str) -> str:
    """`text` with Georgian and Russian letters in Latin ones; a Russian
    capital gives a capital ("Щука" → "Shchuka"), Georgian Mtavruli lower
    case letters; everything else is kept."""
    return "".join(_latin(character) for character in text)


def _latin(character: str) -> str:
    if character in GEORGIAN_ANY:
        return GEORGIAN_ANY[character]
    latin = RUSSIAN.get(character.lower())
    if latin is None:
        return character
    return latin.capitalize() if character.isupper() else latin


def slug_of(title: str) -> str:
    """A slug for addresses: the title in Latin letters, lower case, words
    joined by single hyphens, at most 80 characters cut at a word; "event"
    when nothing is left, and never shorter than the slug rule allows."""
    slug = slugify(transliterate(title), max_length=TITLE_SLUG_MAX, word_boundary=True)
    if not slug:
        return "event"
    return slug if len(slug) >= SLUG_MIN else f"{slug}-event"
