"""The axe-core accessibility checker, from the npm registry (tests/browser/js),
injected into a page under test."""
from __future__ import annotations

from playwright.sync_api import Page

from tests.databases import missing_service
from tests.servers import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "tests/browser/js/node_modules/axe-core/axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def require_axe() -> None:
    """Skip (fail in CI) when `make setup` could not install axe-core."""
    if not AXE_SCRIPT.exists():
        missing_service(f"axe-core is not installed at {AXE_SCRIPT}: run `make setup` "
                        "(it runs `npm ci --prefix tests/browser/js`; needs npm).")


def blocking_violations(page: Page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now.
    The page's context must bypass CSP: the injected script is inline."""
    require_axe()
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def described(violations: list[dict]) -> str:
    """One paragraph per violation: the rule, its help, and where it is."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        lines += [f"    {node['target']}: {node['failureSummary']}"
                  for node in violation["nodes"][:5]]
    return "\n".join(lines)
