"""Material's search beside the calculator, in real Chromium: on a calculator page the
search index downloads only once the calculator has been ready for a second (its start
has both cores to itself), at once when the reader reaches for the search box, after
15 s at the latest; on other pages at once. The head script of
build_scripts/theme/main.html holds it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 90_000  # ms: a cold Pyodide start on a slow CI machine

# When the first calculator root said "ready" (page clock), recorded from the start.
RECORD_READY = """
new MutationObserver((_, observer) => {
  if (document.querySelector('.scoresheet-calculator[data-state="ready"]')) {
    window.__readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributeFilter: ["data-state"] });
"""

INDEX_STARTS = """() => performance.getEntriesByType("resource")
  .filter((entry) => entry.name.endsWith("/search/search_index.json"))
  .map((entry) => entry.startTime)"""


# The head script's cap: the index downloads 15 s after the page started at the latest,
# whatever the calculator does (a cold start on a slow machine can come close to it).
CAP = 15_000 - 10  # ms, less a timer's slack


def index_starts(page: Any) -> list[float]:
    starts: list[float] = page.evaluate(INDEX_STARTS)
    return starts


def wait_index(page: Any, timeout: float) -> float:
    page.wait_for_function(f"({INDEX_STARTS})().length > 0", timeout=timeout)
    return index_starts(page)[0]


def search_finds(page: Any, query: str) -> int:
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    count: int = page.locator(".md-search-result__item").count()
    return count


def hold_the_runtime(page: Any) -> list[Any]:
    """Holds Pyodide's WebAssembly download, so the calculator stays loading."""
    held: list[Any] = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    return held


def let_go(page: Any, held: list[Any]) -> None:
    for route in held:
        route.continue_()
    page.wait_for_function("document.querySelector('.scoresheet-calculator').dataset.state === 'ready'",
                           timeout=LOAD_TIMEOUT)  # fmt: skip


def test_the_index_downloads_once_the_calculator_is_ready(page: Any, site_url: str) -> None:
    page.add_init_script(RECORD_READY)
    page.goto(site_url + "calculator/")
    page.wait_for_function("window.__readyAt !== undefined", timeout=LOAD_TIMEOUT)
    started = wait_index(page, 20_000)
    # A second after ready at the earliest (or at the cap, should that come first).
    assert started >= min(page.evaluate("window.__readyAt") + 990, CAP)
    assert search_finds(page, "MESO") > 0


# From the moment the calculator is first ready, busy again and again (as a reader at
# work), never a second settled. Started in the same microtask as that first "ready", so
# the page's own one-second wait has no head start on the test.
KEEP_BUSY = """
new MutationObserver((_, observer) => {
  const root = document.querySelector('.scoresheet-calculator[data-state="ready"]');
  if (!root) return;
  observer.disconnect();
  window.__busyFrom = performance.now();
  const work = () => {
    root.dataset.state = "busy";
    setTimeout(() => (root.dataset.state = "ready"), 300);
  };
  work();
  window.__busy = setInterval(work, 600);
}).observe(document, { subtree: true, attributeFilter: ["data-state"] });
"""


def test_the_index_waits_while_the_calculator_computes(page: Any, site_url: str) -> None:
    page.add_init_script(KEEP_BUSY)
    page.goto(site_url + "calculator/")
    page.wait_for_function("window.__busyFrom !== undefined", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(3000)
    starts = index_starts(page)
    assert all(start >= CAP for start in starts), "the index downloaded while the calculator was busy"
    page.evaluate("clearInterval(window.__busy)")
    wait_index(page, 5_000)


def test_reaching_for_the_search_box_downloads_the_index_at_once(page: Any, site_url: str) -> None:
    held = hold_the_runtime(page)
    page.goto(site_url + "calculator/")
    for _ in range(300):  # up to 30 s for the worker to ask for the runtime
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the runtime's download was not held"
    page.wait_for_timeout(1500)  # time for the index to download, were it (wrongly) to
    assert index_starts(page) == [], "the index downloaded while the calculator was loading"
    assert search_finds(page, "MESO") > 0
    assert page.evaluate("document.querySelector('.scoresheet-calculator').dataset.state") == "loading"
    let_go(page, held)


def test_the_index_downloads_after_15_s_if_the_calculator_never_gets_ready(page: Any, site_url: str) -> None:
    held = hold_the_runtime(page)
    page.goto(site_url + "calculator/")
    started = wait_index(page, 25_000)
    assert started >= 15_000
    assert search_finds(page, "MESO") > 0
    let_go(page, held)


def test_other_pages_download_the_index_at_once(page: Any, site_url: str) -> None:
    page.goto(site_url + "guides/")
    assert wait_index(page, 5_000) < 5_000
    assert search_finds(page, "MESO") > 0
