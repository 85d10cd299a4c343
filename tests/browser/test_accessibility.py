"""axe-core (npm, exact-pinned in package.json, read from node_modules: no network) in
Chromium against every kind of page, in the light and the dark palette: no serious or
critical violation; the others are printed.

axe is evaluated through the DevTools protocol (page.evaluate) rather than
add_script_tag: the pages' Content Security Policy rightly refuses an inline script
tag, and the page fixture fails on any violation."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT
from test_calculator import CALC, wait_ready
from test_debrief_page import CASE, PANEL, a_class, paste, pasted_table

from build_scripts.cases import load_case

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "guide": "guides/prepare-with-a-score-sheet/",
    "case index": "cases/",
    "case overview": "cases/job-offer/",
    "role page": "cases/job-offer/candidate/",
    "teaching note": "cases/job-offer/teaching-note/",
    "calculator": "calculator/",
    "search results": "",
}
BLOCKING = {"serious", "critical"}


def run_axe(page: Any) -> list[dict[str, Any]]:
    # The calculator's big blocks skip rendering while off screen (content-visibility:
    # auto) and are drawn when scrolled to; axe finds colours by hit-testing, which
    # skipped content takes no part in. Audit them drawn, as a reader sees each of them.
    page.evaluate(
        """() => {
            const drawn = new CSSStyleSheet();
            drawn.replaceSync("* { content-visibility: visible !important; }");
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, drawn];
        }"""
    )
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) =>
                n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(0, 3).join(" ")),
            count: v.nodes.length,
        }))"""
    )
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violations(page: Any, site_url: str, kind: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # the palette follows the system's until toggled
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + PAGES[kind])
    page.wait_for_load_state("load")
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    if page.locator(CALC).count():
        wait_ready(page)
    if kind in ("teaching note", "calculator"):
        page.wait_for_selector(f"{CALC} .ssc-chart svg")
    if kind == "teaching note":
        # The class results with a class in them: table, figures, problems and chart.
        sheet = load_case(CASE).sheet
        paste(page, pasted_table(sheet, a_class(sheet), malformed_at=3)[0])
        page.wait_for_selector(f"{PANEL} .ssd-chart svg")
    if kind == "search results":
        page.keyboard.press("/")  # Material's shortcut opens the search
        page.keyboard.type("frontier")
        page.wait_for_selector(".md-search-result__item")
    # Colours mid-transition (search results fading in, the palette switching) would be
    # judged at a passing instant: let running animations and transitions finish first.
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
            new Promise((resolve) => setTimeout(resolve, 2000)),  // an endless one: go on
        ])"""
    )
    violations = run_axe(page)
    for v in violations:
        print(f"[{kind}, {scheme}] {v['impact']}: {v['id']} ({v['count']}): {v['help']}")
        for node in v["nodes"][:5]:
            print("    ", node)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{kind} ({scheme}): " + "; ".join(
        f"{v['id']}: {v['help']} at {v['nodes']}" for v in blocking
    )
