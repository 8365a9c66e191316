"""The HTML report in a real browser (Debian's Chromium, driven by Playwright): it loads nothing but itself, shows a
hostile rule name as text without running it, and its filters hide and show the rows they should; with scripts
off, everything is shown.

These tests fail, and never skip, without Playwright or Chromium: the Makefile installs Playwright with the test
requirements and checks for Chromium (ENTRA_CHROMIUM names another binary).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_html import render_html
from report_results import HOSTILE, HOSTILE_RULE, IMAGE_PAYLOAD, USER_JOIN, VERSION_RULES, drift, identical

try:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
except ImportError:  # pragma: no cover - the message is the point
    pytest.fail(
        "Playwright is missing: install requirements/test.txt (make test does) to run the HTML report's browser tests",
        pytrace=False,
    )

CHROMIUM = os.environ.get("ENTRA_CHROMIUM", "/usr/bin/chromium")
# No sandbox: tests may run as root in a container. The rest keeps Chromium from calling home on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# In the drift result: 6 sync_rule, 4 connector, 1 global_setting, 1 metaverse; 41 version_change, 2 server_role.
DRIFT_ROWS = 12
EXPECTED_ROWS = VERSION_RULES + 1 + 2


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: apt-get install -y --no-install-recommends chromium, or set "
            "ENTRA_CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("html-reports")
    urls = {}
    for name, result in (("drift", drift()), ("identical", identical())):
        path = folder / f"{name}.html"
        path.write_bytes(render_html(result).encode("utf-8"))
        urls[name] = path.as_uri()
    return urls


@dataclass
class Opened:
    """A page and everything it did that a test may want to see: requests, console errors, dialogs."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    # url -> why it failed: a request the policy blocks is still announced, then fails.
    failed: dict[str, str] = field(default_factory=dict)
    # Requests that got as far as the network layer; aborted there, so a test never reaches the network.
    routed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def visible_rows(self) -> int:
        return self.page.locator("tr.difference:visible").count()

    def problems(self) -> list[str]:
        elsewhere = [url for url in self.requests if url != self.url]
        elsewhere += [f"{url} ({why})" for url, why in self.failed.items()]
        elsewhere += [f"{url} (reached the network layer)" for url in self.routed]
        return [*(f"request {u}" for u in elsewhere), *self.errors, *(f"dialog {d}" for d in self.dialogs)]


def _open(browser: Browser, url: str, scripts: bool = True) -> tuple[BrowserContext, Opened]:
    context = browser.new_context(java_script_enabled=scripts, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    opened = Opened(page, url)
    context.on("request", lambda request: opened.requests.append(request.url))
    context.on("requestfailed", lambda request: opened.failed.update({request.url: request.failure or ""}))

    def guard(route: Route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            opened.routed.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))

    def dismiss(dialog) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(url, wait_until="load")
    return context, opened


@pytest.fixture
def report(browser: Browser, pages: dict[str, str]) -> Iterator[Opened]:
    context, opened = _open(browser, pages["drift"])
    yield opened
    context.close()


def test_the_page_loads_nothing_but_itself(report: Opened) -> None:
    assert report.requests == [report.url]
    assert report.page.evaluate("performance.getEntriesByType('resource').length") == 0
    assert report.page.locator("#filters").is_visible()
    assert not report.page.locator("#scripts-off").is_visible()
    assert report.problems() == []


def test_the_policy_stops_a_script_or_an_image_that_is_not_the_pages_own(
    browser: Browser, pages: dict[str, str], tmp_path: Path
) -> None:
    # Should escaping ever fail, the policy is the second wall: an injected script does not run, nothing loads.
    page = Path(pages["drift"].removeprefix("file://")).read_text(encoding="utf-8")
    injected = '<main><script>window.injected = 1;</script><img src="https://example.invalid/x.png">'
    tampered = tmp_path / "tampered.html"
    tampered.write_text(page.replace("<main>", injected, 1), encoding="utf-8")
    context, opened = _open(browser, tampered.as_uri())
    try:
        assert opened.page.evaluate("window.injected") is None
        # The page's own script still runs: its filters are shown.
        assert opened.page.locator("#filters").is_visible()
        assert opened.requests == [opened.url, "https://example.invalid/x.png"]
        # Blocked by the page's policy, in the browser: it never reached the network layer.
        assert opened.failed == {"https://example.invalid/x.png": "csp"}
        assert opened.routed == []
        assert any("Content Security Policy" in error for error in opened.errors)
    finally:
        context.close()


def test_a_hostile_rule_name_shows_as_text_and_runs_nothing(report: Opened) -> None:
    page = report.page
    names = page.locator("details.object .object-name").all_text_contents()
    assert HOSTILE_RULE in names
    assert page.get_by_text(IMAGE_PAYLOAD, exact=True).count() == 1
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("main img, main script").count() == 0
    page.fill("#filter", HOSTILE)
    assert report.visible_rows() == 1
    assert report.problems() == []


def test_the_banner_and_the_counts(report: Opened, browser: Browser, pages: dict[str, str]) -> None:
    assert report.page.locator("#verdict .verdict").text_content() == "DRIFT"
    assert (
        report.page.locator("#shown").text_content()
        == f"{DRIFT_ROWS} of {DRIFT_ROWS + EXPECTED_ROWS} difference(s) shown"
    )
    context, other = _open(browser, pages["identical"])
    try:
        assert other.page.locator("#verdict .verdict").text_content() == "IDENTICAL"
        # Nothing unexpected, and the expected differences hidden until asked for.
        assert other.visible_rows() == 0
        assert other.page.locator("#nothing").is_visible()
        other.page.check("#show-expected")
        assert other.visible_rows() == 3
        assert not other.page.locator("#nothing").is_visible()
        assert other.problems() == []
    finally:
        context.close()


def test_the_text_filter_narrows_the_rows_to_what_it_names(report: Opened) -> None:
    page = report.page
    assert report.visible_rows() == DRIFT_ROWS
    page.locator("#filter").press_sequentially("user join")
    assert report.visible_rows() == 4
    assert page.locator("details.object:visible .object-name").all_text_contents() == [USER_JOIN]
    # A value is found too: the join expression, in one row.
    page.fill("#filter", "sourceAnchorBinary")
    assert report.visible_rows() == 1
    page.fill("#filter", "no such thing anywhere")
    assert report.visible_rows() == 0
    assert page.locator("#nothing").is_visible()
    assert page.locator("section.category:visible").count() == 0
    page.fill("#filter", "")
    assert report.visible_rows() == DRIFT_ROWS
    assert report.problems() == []


def test_a_category_off_and_the_expected_differences_on(report: Opened) -> None:
    page = report.page
    assert not page.locator("#category-version_change").is_visible()
    page.uncheck('input.category-filter[value="sync_rule"]')
    assert report.visible_rows() == DRIFT_ROWS - 6
    assert not page.locator("#category-sync_rule").is_visible()
    page.check("#show-expected")
    assert report.visible_rows() == DRIFT_ROWS - 6 + EXPECTED_ROWS
    assert page.locator("#category-version_change tr.difference:visible").count() == VERSION_RULES + 1
    # The text filter applies on top: one standard rule of the forty.
    page.fill("#filter", "Standard 07")
    assert report.visible_rows() == 1
    page.uncheck('input.category-filter[value="version_change"]')
    assert report.visible_rows() == 0
    assert report.problems() == []


def test_printed_the_filters_do_not_show(report: Opened) -> None:
    report.page.emulate_media(media="print")
    assert not report.page.locator("#filters").is_visible()
    assert report.page.locator("#verdict").is_visible()


def test_with_scripts_off_everything_is_shown(browser: Browser, pages: dict[str, str]) -> None:
    context, opened = _open(browser, pages["drift"], scripts=False)
    try:
        assert opened.visible_rows() == DRIFT_ROWS + EXPECTED_ROWS
        assert not opened.page.locator("#filters").is_visible()
        assert opened.page.get_by_text("Scripts are off").is_visible()
        assert opened.page.locator("details.object:not([open])").count() == 0
        assert opened.problems() == []
    finally:
        context.close()
