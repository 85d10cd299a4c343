"""A calculator's first results, computed when the site was built, show while Python
loads; Python's own reply then confirms them or replaces them.

Python is held back by holding the WebAssembly download until the test lets it go.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from test_calculator import CALC, TEACHING_NOTE, choose, current_choice, read, sheet_on_page, wait_ready

from build_scripts.initial_analysis import PROPOSALS
from scoresheet import dumps_sheet, service

pytestmark = pytest.mark.browser

CHART_SVG = "document.querySelector('.scoresheet-calculator .ssc-chart svg')"
ANALYSIS = re.compile(r'(<template class="scoresheet-initial-analysis"[^>]*>)(.*?)(</template>)', re.DOTALL)


def hold_python(page: Any) -> list[Any]:
    held: list[Any] = []
    page.route("**/*.wasm", lambda route: held.append(route))  # neither answered nor refused: it waits
    return held


def let_python_go(page: Any, held: list[Any]) -> None:
    for route in held:
        route.continue_()
    page.unroute("**/*.wasm")


def state(page: Any) -> str:
    return str(page.get_attribute(CALC, "data-state"))


def test_results_show_while_python_loads_and_stay_when_it_agrees(page: Any, site_url: str) -> None:
    held = hold_python(page)
    page.goto(site_url + TEACHING_NOTE)
    page.wait_for_selector(f"{CALC} .ssc-chart svg", state="attached")
    assert state(page) == "loading"
    assert held, "the WebAssembly was never requested"
    shown = read(page, f"{CALC} .ssc-scores-box")
    efficient = page.get_attribute(f"{CALC} .ssc-chart", "data-efficient-points")
    page.evaluate(f"() => {{ window.firstChart = {CHART_SVG}; }}")

    let_python_go(page, held)
    wait_ready(page)
    sheet = sheet_on_page(page)
    engine = service.analyse(dumps_sheet(sheet), None, PROPOSALS)["result"]
    assert efficient == str(sum(1 for row in engine["chart"]["data"]["values"] if row["kind"] == "efficient"))
    for name, party in engine["package"]["parties"].items():
        assert name in shown and str(party["points"]) in shown
    # Python gave the same reply: nothing was drawn again.
    assert read(page, f"{CALC} .ssc-scores-box") == shown
    assert page.evaluate(f"() => {CHART_SVG} === window.firstChart")


def test_a_wrong_copy_is_replaced_by_pythons_results(page: Any, site_url: str) -> None:
    def doctored(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        match = ANALYSIS.search(body)
        assert match, "the teaching note carries no first results"
        reply = json.loads(html.unescape(match.group(2)))
        for party in reply["result"]["package"]["parties"].values():
            party["points"] = 4321
        text = html.escape(json.dumps(reply), quote=False)
        route.fulfill(response=response, body=body[: match.start(2)] + text + body[match.end(2) :])

    page.route(site_url + TEACHING_NOTE, doctored)
    held = hold_python(page)
    page.goto(site_url + TEACHING_NOTE)
    page.wait_for_selector(f"{CALC} .ssc-chart svg", state="attached")
    assert "4321" in read(page, f"{CALC} .ssc-scores-box")

    let_python_go(page, held)
    wait_ready(page)
    shown = read(page, f"{CALC} .ssc-scores-box")
    assert "4321" not in shown
    engine = service.analyse(dumps_sheet(sheet_on_page(page)), None, PROPOSALS)["result"]
    for party in engine["package"]["parties"].values():
        assert str(party["points"]) in shown


def test_a_second_visit_shows_them_too_unless_another_package_was_chosen(page: Any, site_url: str) -> None:
    # First visit: the calculator saves the sheet with the engine's starting package chosen.
    page.goto(site_url + TEACHING_NOTE)
    wait_ready(page)
    starting = current_choice(page)

    held = hold_python(page)
    page.reload()
    page.wait_for_selector(f"{CALC} .ssc-chart svg", state="attached")
    assert state(page) == "loading" and held
    assert current_choice(page) == starting
    let_python_go(page, held)
    wait_ready(page)

    # Another package chosen: the built-in results answer for a package that is not the
    # reader's, so they wait for Python.
    issue = next(iter(starting))
    sheet = sheet_on_page(page)
    other = next(o for o in sheet.issues[sheet.issue_names.index(issue)].options if o != starting[issue])
    choose(page, {issue: other})
    held = hold_python(page)
    page.reload()
    page.wait_for_selector(f"{CALC} .ssc-builder select")
    page.wait_for_timeout(1000)  # time to draw them, were they (wrongly) to be drawn
    assert state(page) == "loading" and held
    assert page.query_selector(f"{CALC} .ssc-chart svg") is None
    let_python_go(page, held)
    wait_ready(page)
    assert current_choice(page)[issue] == other


# Counts the chart code's uses of Vega-Lite's compiler (chart.mjs reads `compile` from the
# `vegaLite` global that vega-lite.min.js sets).
COUNT_COMPILES = """
(() => {
  let library = null;
  let counting = null;
  window.__vegaLiteCompiles = 0;
  Object.defineProperty(window, "vegaLite", {
    configurable: true,
    set(value) { library = value; counting = null; },
    get() {
      if (!library) return library;
      counting ??= new Proxy(library, {
        get(target, key) {
          if (key === "compile") window.__vegaLiteCompiles += 1;
          return Reflect.get(target, key);
        },
      });
      return counting;
    },
  });
})();
"""
PRECOMPILED = re.compile(r'\n?<template class="scoresheet-initial-chart"[^>]*>.*?</template>', re.DOTALL)


def first_chart(page: Any, url: str, *, scheme: str, precompiled: bool) -> tuple[str, int, bool]:
    """The first results' chart as drawn while Python is held back (its SVG), how many
    times Vega-Lite compiled meanwhile, and whether Vega-Lite's script was fetched by then;
    without the page's build-time compile if not `precompiled`."""
    compiler: list[str] = []

    def listen(request: Any) -> None:
        if request.url.endswith("/vega-lite.min.js"):
            compiler.append(request.url)

    page.on("request", listen)
    if not precompiled:

        def without_it(route: Any) -> None:
            response = route.fetch()
            body, count = PRECOMPILED.subn("", response.text())
            assert count == 1, "the page carries no precompiled chart"
            route.fulfill(response=response, body=body)

        page.route(url, without_it)
    page.emulate_media(color_scheme=scheme)  # the palette follows the system's until toggled
    held = hold_python(page)
    page.goto(url)
    page.wait_for_selector(f"{CALC} .ssc-chart[data-efficient-points] svg", state="attached")
    assert state(page) == "loading" and held
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    svg = str(page.evaluate(f"() => {CHART_SVG}.outerHTML"))
    compiles = int(page.evaluate("window.__vegaLiteCompiles"))
    fetched = bool(compiler)
    page.remove_listener("request", listen)
    let_python_go(page, held)
    page.unroute(url)
    return svg, compiles, fetched


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_chart_comes_compiled_and_draws_as_a_compile_in_the_page_would(
    page: Any, site_url: str, scheme: str
) -> None:
    page.add_init_script(COUNT_COMPILES)
    url = site_url + TEACHING_NOTE
    drawn, compiles, fetched = first_chart(page, url, scheme=scheme, precompiled=True)
    assert compiles == 0, "Vega-Lite compiled the chart that the build had compiled"
    assert not fetched, "Vega-Lite's compiler was loaded for a chart that needs none"
    # The same page without the build's compile: Vega-Lite compiles it here, in the
    # page's colours and font. The build's placeholders, swapped, give the same drawing.
    expected, compiles, fetched = first_chart(page, url, scheme=scheme, precompiled=False)
    assert compiles == 1 and fetched
    assert "<text" in drawn and "#e0e0e" not in drawn and "ssc-chart-font" not in drawn
    assert drawn == expected


def test_vega_lite_warms_up_once_the_page_is_quiet_not_while_it_loads(page: Any, site_url: str) -> None:
    # The first chart needed no compile; the reader's first edit will. Its first compile
    # (cold code, ~100 ms) runs in a quiet moment after the page is ready instead. (The
    # calculator page: a teaching note's class-results panel compiles its own chart.)
    page.add_init_script(COUNT_COMPILES)
    page.goto(site_url + "calculator/")
    wait_ready(page)
    assert page.evaluate("window.__vegaLiteCompiles") == 0
    # chart.mjs waits 2 s (QUIET_MS), then for an idle moment, then loads the compiler.
    page.wait_for_function("window.__vegaLiteCompiles >= 1", timeout=20_000)
    page.wait_for_timeout(1000)  # time for a second compile, were there (wrongly) to be one
    assert page.evaluate("window.__vegaLiteCompiles") == 1
