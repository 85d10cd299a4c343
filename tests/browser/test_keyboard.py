"""The calculator page from the keyboard only: Tab to a score-sheet field, change it, Tab
to the MESO form, fill it and run the analysis with Enter. No click, no locator.fill:
only page.keyboard (reading the page to know where the focus is)."""

from __future__ import annotations

from typing import Any

from test_calculator import CALC, open_calculator, wait_ready

MAX_TABS = 400


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            const label = e.getAttribute('aria-label')
                || [...(e.labels || [])].map(l => l.textContent).join(' ');
            return {tag: e.tagName, label: label.trim(), text: (e.textContent || '').trim()};
        }"""
    )


def tab_to(page: Any, matches: Any, what: str) -> dict[str, str]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if matches(now):
            return now
    raise AssertionError(f"Tab never reached {what}")


def test_edit_and_analyse_without_the_mouse(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + "calculator/")

    # 1. A score-sheet edit: Tab to the first number field of a party, replace it, leave it.
    field = tab_to(
        page,
        lambda f: f["tag"] == "INPUT" and (": points for " in f["label"] or ": weight of " in f["label"]),
        "a party's number field",
    )
    page.keyboard.press("Control+A")
    page.keyboard.type("77")
    page.keyboard.press("Tab")
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    assert (
        page.evaluate(
            "label => [...document.querySelectorAll('.scoresheet-calculator input')]"
            ".find(i => i.getAttribute('aria-label') === label"
            " || [...i.labels].some(l => l.textContent === label)).value",
            field["label"],
        )
        == "77"
    )

    # 2. An analysis: Tab to the MESO form, fill it, submit with Enter.
    tab_to(page, lambda f: f["label"].startswith("Worth to them"), "the MESO target")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_to(page, lambda f: f["label"].startswith("How many offers"), "the MESO offer count")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    now = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Generate offers", "Generate offers")
    assert now["text"] == "Generate offers"
    page.keyboard.press("Enter")
    wait_ready(page)
    table = page.locator(f"{CALC} table.ssc-meso")
    table.wait_for()
    assert table.evaluate("t => t.tHead.rows[0].cells.length - 1") >= 1
