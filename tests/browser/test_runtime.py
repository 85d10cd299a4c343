"""The calculator's runtime in real Chromium: Pyodide in a module worker, driven through
client.mjs exactly as the UI drives it (imported with page.evaluate on the site's pages).

Replies are compared with the Python engine itself, run here in CPython on the same
input. The `page` fixture fails a test on any request to another host, and on any
console error unless the test expected it and removed it from `page_record`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import follow_link

from scoresheet import dumps_sheet, service

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from generated import generated_sheet  # noqa: E402

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 90_000  # ms: a cold Pyodide start on a slow CI machine
SHEET = (ROOT / "tests" / "calculator" / "sheets" / "job-offer.json").read_text(encoding="utf-8")

# Runs in the page: imports client.mjs from the site and exposes a few helpers.
SETUP = """async (site) => {
  const client = await import(new URL("assets/calculator/client.mjs", site).href);
  const within = (promise, ms, what) => Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
  const settle = (promise) => promise.then(
    (value) => ({ value }),
    (error) => ({ error: { name: error.name, message: error.message } }),
  );
  window.rt = { client, within, settle };
  return true;
}"""


def setup(page: Any, site_url: str, path: str = "calculator/") -> None:
    page.goto(site_url + path)
    page.evaluate(SETUP, site_url)


def wait_ready(page: Any) -> None:
    page.wait_for_function("window.rt.client.getCalculator().state === 'ready'", timeout=LOAD_TIMEOUT)


def call(page: Any, name: str, *args: Any) -> dict[str, Any]:
    """calc.call(name, ...args) in the page: {"value": reply} or {"error": {name, message}}."""
    result: dict[str, Any] = page.evaluate(
        """async ([name, args, timeout]) => {
          const calc = rt.client.getCalculator();
          return rt.settle(rt.within(calc.call(name, ...args), timeout, name));
        }""",
        [name, list(args), LOAD_TIMEOUT],
    )
    return result


def calculator_workers(page: Any) -> list[str]:
    # The worker a page's head starts is addressed "worker.mjs#held" (see worker.mjs).
    return [w.url for w in page.workers if w.url.split("#")[0].endswith("/assets/calculator/worker.mjs")]


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def test_the_calculator_page_loads_python_in_a_worker(page: Any, site_url: str, page_record: Any) -> None:
    setup(page, site_url)
    statuses = page.evaluate(
        """async (timeout) => {
          const calc = rt.client.getCalculator();
          const seen = [];
          const off = calc.onStatus((status) => seen.push(status));
          await rt.within(calc.ready, timeout, "ready");
          off();
          return { seen, same: calc === rt.client.getCalculator(), state: calc.state };
        }""",
        LOAD_TIMEOUT,
    )
    assert statuses["same"]
    seen = statuses["seen"]
    assert seen[0]["state"] in ("loading", "ready", "busy")  # called at once with the current status
    assert all(set(s) == {"state", "message", "progress"} for s in seen)
    assert all(s["message"] for s in seen)
    progress = [s["progress"] for s in seen if s["state"] == "loading" and s["progress"] is not None]
    assert progress == sorted(progress) and all(0 <= p <= 1 for p in progress)
    # Python runs in a module worker, not on the page.
    assert calculator_workers(page), [w.url for w in page.workers]
    assert not page.evaluate("'pyodide' in window || 'loadPyodide' in window")
    # Everything came from the site: the runtime, and the wheel under assets/ (fetched once
    # Python is ready when it starts from the memory snapshot, which has it imported).
    assert any("/assets/pyodide/" in url and url.endswith(".wasm") for url in page_record.requests)
    for _ in range(100):
        if any("/assets/wheels/" in url and url.endswith(".whl") for url in page_record.requests):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError(f"the wheel was never fetched: {page_record.requests}")


def test_analyse_matches_the_python_engine(page: Any, site_url: str) -> None:
    setup(page, site_url)
    choice = {"Salary": "$95k", "Start": "June", "Location": "Chicago"}
    answer = call(page, "analyse", SHEET, choice)
    assert answer.get("value") == plain(service.analyse(SHEET, choice))
    assert answer["value"]["ok"] is True

    meso = call(page, "meso_offers", SHEET, "Candidate", 45, 3)
    assert meso.get("value") == plain(service.meso_offers(SHEET, "Candidate", 45, 3))
    trades = call(page, "trades_between", SHEET, "Employer", "Candidate")
    assert trades.get("value") == plain(service.trades_between(SHEET, "Employer", "Candidate"))


def test_a_broken_sheet_gets_problems_with_paths(page: Any, site_url: str) -> None:
    setup(page, site_url)
    broken = json.loads(SHEET)
    broken["parties"]["Candidate"]["points"]["Salary"]["$90k"] = "lots"
    del broken["parties"]["Employer"]["weights"]["Start"]
    text = json.dumps(broken)
    answer = call(page, "analyse", text)
    expected = plain(service.analyse(text))
    assert answer.get("value") == expected
    assert expected["ok"] is False and len(expected["problems"]) >= 2
    assert call(page, "validate", "{").get("value") == plain(service.validate("{"))
    deep = "[" * 100_000 + "]" * 100_000  # nested too deeply: a problem, not a crash
    assert call(page, "validate", deep).get("value") == plain(service.validate(deep))


def test_failures_arrive_as_readable_calculator_errors(page: Any, site_url: str) -> None:
    setup(page, site_url)
    for name, args in [
        ("no_such_function", []),
        ("__import__", ["os"]),
        ("validate", []),  # missing argument: a TypeError in Python
        ("analyse", [SHEET, "not a package"]),
    ]:
        error = call(page, name, *args).get("error")
        assert error is not None, name
        assert error["name"] == "CalculatorError"
        assert error["message"] and "\n" not in error["message"]
        assert "Traceback" not in error["message"] and 'File "' not in error["message"]
    assert "no function" in call(page, "no_such_function")["error"]["message"]
    # The calculator still works afterwards.
    assert call(page, "validate", SHEET)["value"]["ok"] is True


def test_cancel_stops_a_long_computation_and_recovers(page: Any, site_url: str) -> None:
    setup(page, site_url)
    wait_ready(page)
    huge = dumps_sheet(generated_sheet(10, 15, 3))  # 10^15 packages, 3 parties: many seconds
    outcome = page.evaluate(
        """async ([huge, small, timeout]) => {
          const calc = rt.client.getCalculator();
          const states = [];
          const off = calc.onStatus((s) => states.push(s.state));
          const running = rt.settle(calc.call("analyse", huge));
          await new Promise((resolve) => setTimeout(resolve, 300));
          const busy = calc.state;
          const t0 = performance.now();
          calc.cancel();
          const cancelled = await rt.within(running, 5000, "the cancelled call");
          const rejectedAfter = performance.now() - t0;
          await rt.within(calc.ready, timeout, "ready again");
          while (calc.state !== "ready") await new Promise((r) => setTimeout(r, 20));
          const again = await rt.settle(calc.call("validate", small));
          off();
          return { busy, cancelled, rejectedAfter, states, again, state: calc.state };
        }""",
        [huge, SHEET, LOAD_TIMEOUT],
    )
    assert outcome["busy"] == "busy"
    assert outcome["cancelled"]["error"]["name"] == "CancelledError"
    assert outcome["rejectedAfter"] < 1000
    states = outcome["states"]
    assert "loading" in states[states.index("busy") :]
    assert outcome["again"]["value"]["ok"] is True
    assert outcome["state"] == "ready"
    for _ in range(50):  # the old worker is gone (terminated workers close asynchronously)
        if len(calculator_workers(page)) == 1:
            break
        page.wait_for_timeout(100)
    assert len(calculator_workers(page)) == 1


def worker_steps(page: Any) -> dict[str, float]:
    """The loading steps the worker reported with "ready" (ms on its own clock)."""
    steps: dict[str, float] = page.evaluate(
        """async (timeout) => {
          const calc = rt.client.getCalculator();
          await rt.within(calc.ready, timeout, "ready");
          return calc.timings.worker;
        }""",
        LOAD_TIMEOUT,
    )
    return steps


def test_the_head_started_worker_waits_for_the_theme_and_no_other_does(page: Any, site_url: str) -> None:
    # On a calculator page the head's script starts the worker before Material's bundle
    # runs; the worker starts Python only once the page says the bundle has run.
    setup(page, site_url)
    steps = worker_steps(page)
    assert "theme started" in steps, steps
    heavy_steps = ("snapshot inflated", "python restored from snapshot", "python started")
    heavy = [steps[step] for step in heavy_steps if step in steps]
    assert heavy and all(steps["theme started"] <= at for at in heavy), steps
    # A worker the client starts itself (here on a page without a calculator, as after
    # instant navigation) waits for nothing.
    setup(page, site_url, "guides/")
    assert "not held" in worker_steps(page)


def test_the_page_stays_responsive_while_python_loads(page: Any, site_url: str) -> None:
    # A page without a calculator, so that only the runtime loads; longest gap between
    # 10 ms timer ticks from the first call to getCalculator() until it is ready.
    page.goto(site_url + "guides/")
    page.wait_for_load_state("load")
    page.evaluate(SETUP, site_url)
    worst = page.evaluate(
        """async (timeout) => {
          await new Promise((resolve) => setTimeout(resolve, 300));  // let the page settle
          let last = performance.now();
          let worst = 0;
          const timer = setInterval(() => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
          }, 10);
          await rt.within(rt.client.getCalculator().ready, timeout, "ready");
          clearInterval(timer);
          return worst;
        }""",
        LOAD_TIMEOUT,
    )
    # Pyodide on the main thread blocks it for seconds; in the worker the page keeps ticking.
    assert worst < 250, f"the main thread was blocked for {worst:.0f} ms"


def test_the_worker_survives_instant_navigation(page: Any, site_url: str, built_site: Path) -> None:
    # Material navigates "instantly" (without reloading) to the pages listed in
    # sitemap.xml at the site's own address: MkDocs writes them only when site_url is
    # set, and the test server's address is not known at build time. Serve the list.
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    urls = "".join(f"<url><loc>{site_url}{'' if p == '.' else p + '/'}</loc></url>" for p in pages)
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset>{urls}</urlset>'
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    setup(page, site_url)
    wait_ready(page)
    page.evaluate("window.marker = rt.client.getCalculator()")
    page.wait_for_function("document$ !== undefined")
    page.wait_for_timeout(500)  # Material fetches the sitemap once the page is up
    follow_link(page, 'a.md-tabs__link:has-text("Cases")', site_url + "cases/")
    # a case, then its teaching note, with a calculator
    follow_link(page, '.md-content a[href*="job-offer/"] >> nth=0', site_url + "cases/job-offer/")
    teaching_note = site_url + "cases/job-offer/teaching-note/"
    follow_link(page, '.md-content a[href*="teaching-note/"] >> nth=0', teaching_note)
    page.wait_for_selector('.scoresheet-calculator[data-state="ready"]', timeout=LOAD_TIMEOUT)
    assert page.evaluate("window.marker === rt.client.getCalculator()")  # same document, same worker
    assert len(calculator_workers(page)) == 1
    assert call(page, "validate", SHEET)["value"]["ok"] is True


def test_without_the_snapshot_python_starts_the_normal_way(
    page: Any, site_url: str, page_record: Any
) -> None:
    page.route("**/assets/pyodide/*/snapshot.*", lambda route: route.fulfill(status=404, body="gone"))
    setup(page, site_url)
    choice = {"Salary": "$100k", "Start": "July", "Location": "San Francisco"}
    assert call(page, "analyse", SHEET, choice).get("value") == plain(service.analyse(SHEET, choice))
    assert any("python_stdlib." in url for url in page_record.requests)
    page_record.console_errors[:] = [e for e in page_record.console_errors if "404" not in e]


def test_a_runtime_that_cannot_load_says_so_and_recovers(page: Any, site_url: str, page_record: Any) -> None:
    page.route("**/*.wasm", lambda route: route.abort())
    setup(page, site_url)
    page.wait_for_function("window.rt.client.getCalculator().state === 'error'", timeout=LOAD_TIMEOUT)
    status = page.evaluate("new Promise((resolve) => rt.client.getCalculator().onStatus(resolve))")
    assert status["message"].startswith("The calculator could not start")
    assert "Traceback" not in status["message"]
    failed = call(page, "validate", SHEET)["error"]
    assert failed["name"] == "CalculatorError" and failed["message"] == status["message"]
    ready_rejected = page.evaluate("rt.settle(rt.client.getCalculator().ready)")
    assert ready_rejected["error"]["name"] == "CalculatorError"

    page.unroute("**/*.wasm")
    page.evaluate("rt.client.getCalculator().cancel()")  # cancel() also restarts
    wait_ready(page)
    assert call(page, "validate", SHEET)["value"]["ok"] is True
    # The aborted download is the one error the browser reports.
    page_record.console_errors[:] = [
        e for e in page_record.console_errors if "ERR_FAILED" not in e and "wasm" not in e.lower()
    ]
