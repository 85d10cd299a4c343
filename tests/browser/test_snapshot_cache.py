"""The memory snapshot kept for later visits (docs/assets/calculator/snapshot.mjs), in
real Chromium: the first visit downloads and inflates it, then keeps the sparse bytes
in Cache Storage; the next visit starts from them without downloading it; a kept copy
that does not restore is dropped and the calculator starts anyway; another build's
copy is dropped when this build's is kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scoresheet import service

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 90_000  # ms: a cold Pyodide start on a slow CI machine
CACHE = "scoresheet-snapshot"
SHEET = (Path(__file__).parents[1] / "calculator" / "sheets" / "job-offer.json").read_text(encoding="utf-8")

KEPT = f"""async () => {{
  const cache = await caches.open("{CACHE}");
  return (await cache.keys()).map((request) => request.url);
}}"""


def snapshot_url(page: Any, site_url: str) -> str:
    url: str = page.evaluate(
        """async (site) => {
          const runtime = (await import(new URL("assets/calculator/runtime.mjs", site).href)).default;
          return new URL(runtime.snapshot, new URL("assets/calculator/", site)).href;
        }""",
        site_url,
    )
    return url


def open_calculator(page: Any, site_url: str) -> None:
    page.goto(site_url + "calculator/")
    page.wait_for_function(
        "document.querySelector('.scoresheet-calculator')?.dataset.state === 'ready'", timeout=LOAD_TIMEOUT
    )


def kept(page: Any) -> list[str]:
    urls: list[str] = page.evaluate(KEPT)
    return urls


def wait_kept(page: Any, url: str) -> None:
    page.wait_for_function(f"({KEPT})().then((urls) => urls.includes({url!r}))", timeout=15_000)


def snapshot_downloads(page_record: Any, url: str) -> int:
    return sum(1 for request in page_record.requests if request == url)


def test_the_next_visit_starts_from_the_kept_snapshot(page: Any, site_url: str, page_record: Any) -> None:
    open_calculator(page, site_url)
    url = snapshot_url(page, site_url)
    assert snapshot_downloads(page_record, url) == 1
    wait_kept(page, url)
    page_record.requests.clear()
    open_calculator(page, site_url)
    assert snapshot_downloads(page_record, url) == 0
    # Python restored from the kept bytes computes as the engine does.
    reply = page.evaluate(
        """async ([site, sheet]) => {
          const { getCalculator } = await import(new URL("assets/calculator/client.mjs", site).href);
          return getCalculator().call("analyse", sheet);
        }""",
        [site_url, SHEET],
    )
    assert reply == json.loads(json.dumps(service.analyse(SHEET)))


def test_a_kept_copy_that_does_not_restore_is_dropped(page: Any, site_url: str, page_record: Any) -> None:
    page.goto(site_url + "guides/")
    url = snapshot_url(page, site_url)
    page.evaluate(
        """async ([name, url]) => {
          const cache = await caches.open(name);
          await cache.put(url, new Response(new Uint8Array(64 * 1024).fill(7)));
        }""",
        [CACHE, url],
    )
    open_calculator(page, site_url)  # started without the snapshot: still ready
    assert snapshot_downloads(page_record, url) == 0
    page.wait_for_function(f"({KEPT})().then((urls) => !urls.includes({url!r}))", timeout=15_000)
    page_record.requests.clear()
    open_calculator(page, site_url)
    assert snapshot_downloads(page_record, url) == 1


def test_another_builds_copy_is_dropped(page: Any, site_url: str) -> None:
    page.goto(site_url + "guides/")
    url = snapshot_url(page, site_url)
    other = url.rsplit("/", 1)[0] + "/snapshot.000000000000.bin.gz"
    page.evaluate(
        """async ([name, url]) => (await caches.open(name)).put(url, new Response("an older build's"))""",
        [CACHE, other],
    )
    open_calculator(page, site_url)
    wait_kept(page, url)
    assert kept(page) == [url]
