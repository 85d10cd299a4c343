"""The hostile-string corpus pasted into a teaching note's class results: as group names
and as cells that match no option. Nothing runs (every payload would set
window.__pwned), names show literally in the results, unmatched cells are reported by
row and column with their text, the chart still draws, and the layout holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_debrief_page import PANEL, all_packages, open_debrief, paste, shown_outcomes

from build_scripts.cases import load_case

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hostile" / "hostile-strings.json"
STRINGS: list[str] = json.loads(CORPUS.read_text(encoding="utf-8"))["strings"]
BAD_CELLS = STRINGS[:6]


def hostile_class() -> tuple[str, list[str]]:
    """CSV (quoted as a spreadsheet exports it): a deal per corpus string named by it,
    then rows whose second issue is a corpus string. Returns the text and the names."""
    sheet = load_case(ROOT / "cases" / "job-offer.yaml").sheet
    packages = all_packages(sheet)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Group", *(issue.name for issue in sheet.issues)])
    for n, name in enumerate(STRINGS):
        package = packages[(n * 37) % len(packages)]
        writer.writerow([name, *(issue.options[o] for issue, o in zip(sheet.issues, package))])
    for n, cell in enumerate(BAD_CELLS):
        options = [issue.options[0] for issue in sheet.issues]
        options[1] = cell
        writer.writerow([f"Bad {n}", *options])
    return out.getvalue(), [issue.name for issue in sheet.issues]


def test_hostile_class_results_stay_text(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    text, issues = hostile_class()
    open_debrief(page, site_url)
    paste(page, text)

    assert page.evaluate("() => window.__pwned") is None, "a hostile string ran"
    markup = ", ".join(f"{PANEL} {tag}" for tag in ("img", "iframe", "object", "embed", "script"))
    assert page.locator(markup).count() == 0

    # Every deal is there under its name, shown as the text it is (names in the corpus
    # with control characters are shown as the browser keeps them in text).
    shown = [row[0] for row in shown_outcomes(page)]
    assert len(shown) == len(STRINGS)
    for name, cell in zip(STRINGS, shown):
        assert cell.strip() == name.strip() or cell == name.replace("\x00", "\ufffd"), (name[:60], cell[:60])

    # Unmatched cells: reported by row and column, with their text literal.
    problems = page.eval_on_selector_all(f"{PANEL} .ssd-problem", "items => items.map(i => i.textContent)")
    assert len(problems) == len(BAD_CELLS)
    for n, (problem, cell) in enumerate(zip(problems, BAD_CELLS)):
        assert problem.startswith(f"row {len(STRINGS) + 2 + n}, column {issues[1]}: unknown option"), problem
        assert cell in problem

    # The chart draws every deal; its labels are SVG text, not markup.
    page.wait_for_selector(f"{PANEL} .ssd-chart svg")
    assert page.locator(f"{PANEL} .ssd-chart svg foreignObject").count() == 0

    width = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, view: innerWidth,
                   panel: document.querySelector('.scoresheet-debrief').getBoundingClientRect().right})"""
    )
    assert width["scroll"] <= width["view"] and width["panel"] <= width["view"], width
