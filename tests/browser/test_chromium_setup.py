"""Getting chromium: installed with apt-get when missing, else a skip with a
how-to outside CI and a failure in CI. A stand-in apt-get on PATH plays Debian's."""
import os
import stat

import pytest

from tests.browser.chromium import ensure_chromium


def stand_in_apt_get(folder, script: str) -> None:
    tool = folder / "apt-get"
    tool.write_text(f"#!/bin/sh\n{script}\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def as_root(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_an_installed_chromium_is_used_as_it_is(tmp_path):
    executable = tmp_path / "chromium"
    executable.touch()
    assert ensure_chromium(say=pytest.fail, executable=executable) == executable


def test_a_missing_chromium_is_installed_and_said_so(as_root):
    executable = as_root / "chromium"
    log = as_root / "apt.log"
    stand_in_apt_get(as_root,
                     f'echo "$@" >> {log}\n[ "$1" = install ] && touch {executable}; exit 0')
    said = []
    assert ensure_chromium(say=said.append, executable=executable) == executable
    assert log.read_text().splitlines() == ["update", "install -y chromium fonts-dejavu-core"]
    assert "installing Debian's chromium" in said[0]


def test_a_failed_install_fails_in_ci(as_root, monkeypatch):
    monkeypatch.setenv("CI", "true")
    stand_in_apt_get(as_root, 'echo "E: Unable to locate package chromium" >&2; exit 100')
    with pytest.raises(pytest.fail.Exception, match="Unable to locate package"):
        ensure_chromium(say=print, executable=as_root / "chromium")


def test_without_root_it_skips_outside_ci_and_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        ensure_chromium(say=pytest.fail, executable=tmp_path / "chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        ensure_chromium(say=pytest.fail, executable=tmp_path / "chromium")
