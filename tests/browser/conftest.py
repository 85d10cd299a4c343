"""Real-browser fixtures: the built site served on localhost, Debian's Chromium driven by
Playwright. Every page records requests and console errors; a request to any host but
the local server, an error in the console, or a Content Security Policy violation
fails the test that caused it."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The benchmarks' generated sheets (tests/benchmarks/generated.py), shared with the tests.
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
CHROMIUM = "/usr/bin/chromium"
# Flags this machine's headless Chromium needs (no sandbox as root, no background traffic).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser

# Every Content Security Policy violation a document reports goes to the test (the
# listener is in place before any page script runs).
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective}: ${event.blockedURI || "inline"}` +
      ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
  );
});
"""


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("browser-site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that drops a connection mid-download is not a test failure


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class PageRecord:
    """What a page did that a test may want to assert on afterwards."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.csp_violations: list[str] = []


def _poll_function(
    page: object, expression: str, *, arg: object = None, timeout: float = 30_000, polling: object = None
) -> object:
    """page.wait_for_function without eval in the page: Playwright compiles a string
    predicate with `new Function` inside the page, which the pages' Content Security
    Policy refuses. page.evaluate goes through DevTools, which the policy does not cover."""
    import time

    body = expression.strip()
    is_function = body.startswith(("(", "async ", "function")) or "=>" in body.split("\n", 1)[0]
    script = body if is_function else f"() => ({body})"
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            value = page.evaluate(script, arg) if is_function else page.evaluate(script)  # type: ignore[attr-defined]
        except Exception as error:  # the page navigated meanwhile: ask the next one
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"wait_for_function timed out after {timeout} ms: {expression}")
        page.wait_for_timeout(50)  # type: ignore[attr-defined]


def follow_link(page: object, selector: str, url: str) -> None:
    """Click a link of the site and wait until Material's instant navigation has put the
    new page in. Material pushes the new URL at the click, before it fetches the page,
    so waiting on the URL alone can still see the old page's content (and its ready
    calculator)."""
    container = "document.querySelector('[data-md-component=container]')"
    page.evaluate(f"{container}.leftBehind = true")  # type: ignore[attr-defined]
    page.click(selector)  # type: ignore[attr-defined]
    page.wait_for_url(url)  # type: ignore[attr-defined]
    page.wait_for_function(f"(() => {{ const c = {container}; return c !== null && !c.leftBehind; }})")  # type: ignore[attr-defined]


@pytest.fixture()
def page_record() -> PageRecord:
    return PageRecord()


@pytest.fixture()
def page(browser, site_url: str, page_record: PageRecord):  # type: ignore[no-untyped-def]
    """A fresh browser context and page; fails the test on foreign requests or console errors."""
    context = browser.new_context()
    context.expose_function("__reportCspViolation", lambda text: page_record.csp_violations.append(text))
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.wait_for_function = functools.partial(_poll_function, page)
    page.on("request", lambda request: page_record.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page_record.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page_record.page_errors.append(str(error)))
    yield page
    context.close()
    assert not page_record.csp_violations, f"Content Security Policy violations: {page_record.csp_violations}"
    local = urlparse(site_url).netloc
    foreign = [
        u
        for u in page_record.requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != local
    ]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not page_record.page_errors, f"uncaught errors: {page_record.page_errors}"
    assert not page_record.console_errors, f"console errors: {page_record.console_errors}"
