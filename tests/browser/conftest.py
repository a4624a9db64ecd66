"""Browser tests: the real app served by gunicorn on loopback, seeded with a
small festival, driven in Debian's chromium by Playwright.

Fixtures: `site` (the served app and its Programme), `phone` and `desktop`
(a fresh page each, in a context of its own), and `open_page` for more pages or
other context options (locale, color_scheme, ...). A failing test leaves a
screenshot of each of its pages, and the server's log, in
test-artifacts/browser-failures/."""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright

from scheduler import create_app, extensions
from tests.browser.chromium import LAUNCH_ARGS, ensure_chromium
from tests.browser.programme import Programme, seed_programme
from tests.conftest import config_for
from tests.databases import BACKENDS, throwaway_database
from tests.servers import PROJECT_ROOT, gunicorn

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
FAILURE_SHOTS = ARTIFACTS / "browser-failures"
SECRET_KEY = "browser-tests"
# People click faster than the default limits allow a whole test run.
UNTHROTTLED = dict.fromkeys(
    ("RATELIMIT_SIGN_IN", "RATELIMIT_SIGN_UP", "RATELIMIT_REGISTRATION",
     "RATELIMIT_PASSWORD_RESET"), "10000 per minute")
# Session pages re-check their seats every second, so a test sees the count move soon.
SEATS_REFRESH = {"SEATS_REFRESH_SECONDS": "1"}
ACTION_TIMEOUT_MS = 10_000
CALL_REPORT = pytest.StashKey[pytest.TestReport]()
# For checks of markup alone, which the database cannot change: `pytestmark = SQLITE_ONLY`.
SQLITE_ONLY = pytest.mark.parametrize("site", ["sqlite"], indirect=True)


@dataclass(frozen=True)
class Device:
    name: str
    options: dict


PHONE = Device("phone", {"viewport": {"width": 360, "height": 780}, "is_mobile": True,
                         "has_touch": True, "device_scale_factor": 2})
DESKTOP = Device("desktop", {"viewport": {"width": 1280, "height": 900}})


@dataclass(frozen=True)
class Site:
    base_url: str
    programme: Programme
    log: Path
    database_url: str = ""


# First, so that -m and xdist's grouping see the marks.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(_browser_group(item)))


def _browser_group(item: pytest.Item) -> str:
    """One group per backend: an xdist worker then serves one `site` and its browser."""
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("site") if callspec else None
    return f"browser-{backend}" if backend else "browser"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


@pytest.fixture(scope="session", params=BACKENDS)
def site(request, tmp_path_factory) -> Iterator[Site]:
    """The app under gunicorn on a fresh, migrated database holding the programme."""
    folder = tmp_path_factory.mktemp(f"browser-{request.param}")
    uploads = str(folder / "uploads")  # the seed's poster, then the server's uploads
    with throwaway_database(request.param, folder) as url:
        app = create_app(config_for(url) | {"SECRET_KEY": SECRET_KEY, "UPLOAD_DIR": uploads})
        with app.app_context():
            upgrade()
            programme = seed_programme()
            extensions.db.engine.dispose()
        log = folder / "gunicorn.log"
        with gunicorn(url, workers=2, log=log,
                      env={"SECRET_KEY": SECRET_KEY, "UPLOAD_DIR": uploads}
                      | UNTHROTTLED | SEATS_REFRESH) as base_url:
            yield Site(base_url, programme, log, url)


@pytest.fixture(scope="session")
def browser(request) -> Iterator[Browser]:
    executable = ensure_chromium(say=lambda line: _say(request.config, line))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable),
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _say(config: pytest.Config, line: str) -> None:
    """Print past pytest's capturing: installing a browser deserves a word."""
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n[browser tests] {line}", flush=True)


@pytest.fixture
def open_page(browser, site, request) -> Iterator[Callable[..., Page]]:
    """open_page(device, **context_options): a page on `site` in a new context."""
    opened: list[tuple[Device, Page]] = []

    def open_(device: Device, **context_options) -> Page:
        context = browser.new_context(base_url=site.base_url,
                                      **(device.options | context_options))
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        opened.append((device, page))
        return page

    yield open_
    report = request.node.stash.get(CALL_REPORT, None)
    failed = report is not None and report.failed
    for number, (device, page) in enumerate(opened, 1):
        if failed:
            _save_failure_shot(request.node.nodeid, number, device, page)
        page.context.close()
    if failed:  # the server's side of the story: requests, tracebacks
        FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(site.log, FAILURE_SHOTS / f"{site.log.parent.name}-gunicorn.log")


def _save_failure_shot(nodeid: str, number: int, device: Device, page: Page) -> None:
    FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.removeprefix("tests/browser/"))
    path = FAILURE_SHOTS / f"{name}-{number}-{device.name}.png"
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as exc:  # a crashed page must not hide the test's own failure
        print(f"No screenshot of {page.url}: {exc}")
    else:
        print(f"Screenshot of the failing page {page.url}: {path}")


@pytest.fixture
def phone(open_page) -> Page:
    return open_page(PHONE)


@pytest.fixture
def desktop(open_page) -> Page:
    return open_page(DESKTOP)
