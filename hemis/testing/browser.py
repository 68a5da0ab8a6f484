"""Browser-test fixtures: Playwright driving the system's Chromium, and an axe-core check.

Registered for the whole suite by `pytest_plugins` in hemis/conftest.py. A browser test asks for
`page` (a fresh browser context whose base URL is the live server, so `page.goto("/en/")` works),
marks itself `@pytest.mark.browser`, and calls `assert_accessible(page)` on each page it visits.
The browser's language is the `browser_locale` fixture ("en"); override it for one test with
`@pytest.mark.parametrize("browser_locale", ["es"])`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API runs an event loop in the test's thread, which Django would otherwise
# take for async code and refuse ORM calls from (fixtures and assertions query the database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ERR_NO_CHROMIUM = (
    f"Browser tests drive the system's Chromium, and {CHROMIUM} is missing. Install it with "
    "`apt-get install chromium` (CI does); never `playwright install`."
)
# axe-core rule tags for WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
# Only the live server may be reached: tests use no network.
_OFF_SITE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)(:\d+)?/)[a-z]+://")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (per xdist worker)."""
    if not CHROMIUM.exists():
        pytest.fail(ERR_NO_CHROMIUM, pytrace=False)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps database connections in an asgiref Local, which hands out other connection
    # objects once an event loop runs in the thread, as Playwright's does from now on. Keep the
    # ones the suite already uses: the test database's serialized contents (for the serialized
    # rollback below) hang on them, and one connection sees its own transactions.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (its Accept-Language header and `navigator.language`)."""
    return "en"


@pytest.fixture
def browser_context_args(browser_locale: str, live_server) -> dict[str, Any]:
    """Options for each test's browser context; override the fixture to change them."""
    return {"locale": browser_locale, "viewport": DESKTOP, "base_url": live_server.url}


@pytest.fixture
def page(
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server,
    django_db_serialized_rollback,
) -> Iterator[Page]:
    """A page in a new browser context, against the live server.

    It fails the test on an uncaught JavaScript error and on any Content-Security-Policy
    violation, so that no page can come to need inline script, inline style or eval unnoticed.

    The live server needs a transactional database, which is emptied after each test; the
    serialized rollback puts the reference data (member states, subregions) back for the next.
    """
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    context.route(_OFF_SITE, lambda route: route.abort())
    new_page = context.new_page()
    errors: list[str] = []
    violations: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    # Chromium reports each violation on the console; the event names the directive and source.
    new_page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    yield new_page
    context.close()
    if violations:
        pytest.fail(
            "Content-Security-Policy violations on the page:\n" + "\n".join(violations),
            pytrace=False,
        )
    if errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(errors), pytrace=False)


# Logged in each page before its own scripts run (init scripts are not subject to the policy).
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `Content Security Policy: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


@functools.cache
def _axe():
    """One axe-core runner: its 500 kB script is read once."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(page: Page, *, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now, for the WCAG 2.1 AA rules by default."""
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_21_AA},
        "resultTypes": ["violations"],
    }
    return _axe().run(page, options=options).response["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(str(part) for part in node['target'])}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, tags: list[str] | None = None) -> None:
    """Fail, listing each rule broken and where, unless axe-core finds no WCAG 2.1 AA violation."""
    violations = axe_violations(page, tags=tags)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + describe_violations(violations),
            pytrace=False,
        )


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot as <name>.png when HEMIS_SCREENSHOTS names a directory."""
    directory = os.environ.get("HEMIS_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def sign_in_as(page: Page, email: str, password: str, *, totp_key: bytes | None = None) -> None:
    """Sign in from the menu of the current page, entering the two-factor code if asked."""
    from django_otp.oath import TOTP

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    if totp_key is not None:
        page.get_by_label("Code").fill(f"{TOTP(totp_key).token():06d}")
        page.get_by_role("button", name="Verify").click()


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
