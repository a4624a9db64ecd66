"""The committed catalogues are complete: messages.pot holds every marked string
of the sources, and Russian and Georgian translate each of them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from scheduler.languages import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "messages.pot"
TRANSLATED = sorted(set(LANGUAGES) - {DEFAULT})


def msgids(path: Path) -> set:
    with path.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


def test_the_template_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l",
                    "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    committed, extracted = msgids(POT), msgids(fresh)
    assert extracted - committed == set(), "new strings: run `make translations`"
    assert committed - extracted == set(), "strings no longer used: run `make translations`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated(code):
    path = ROOT / "translations" / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=code)
    assert not catalog.fuzzy
    assert {m.id for m in catalog if m.id} == msgids(POT)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{code}: fuzzy {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(strings) == (catalog.num_plurals if message.pluralizable else 1)
        assert all(strings), f"{code}: untranslated {message.id!r}"
    assert not catalog.obsolete
    assert not list(catalog.check()), f"{code}: placeholders differ"
