"""The "Read the other side" panel in real Chromium, on a role page of a two-party case.

The buyers' page knows only the buyers' sheet. The test plays the seller honestly from
the seller's real sheet (loaded from the case file): it states the seller's favourite
option on every issue, asks the panel for MESOs, records the offer the real seller
values most, and checks the estimate against the Python engine itself; then it records
two statements that cannot both hold, drops one with the panel's own button, reloads,
and finds everything restored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from build_scripts.cases import load_case
from build_scripts.render import COUNTERPART_GUESS, role_sheet
from scoresheet import service, sheet_to_dict

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CALC = ".scoresheet-calculator"
PANEL = f"{CALC} .ssc-counterpart"
LOAD_TIMEOUT = 90_000


def wait_ready(page: Any) -> None:
    page.wait_for_selector(f'{CALC}[data-state="ready"]', timeout=LOAD_TIMEOUT)


def unfold(page: Any) -> None:
    """Open the folded panel, which estimates only once open."""
    section = f"{CALC} details.ssc-cp-section"
    assert page.get_attribute(section, "open") is None
    assert "when you open this section" in (page.text_content(f"{PANEL} .ssc-cp-ranges") or "")
    page.click(f"{section} > summary")
    # The details element's toggle event comes in a task after the click: until its
    # estimate is in, the root may still say "ready" from before.
    page.wait_for_selector(f"{PANEL}[data-consistent]", state="attached", timeout=LOAD_TIMEOUT)
    wait_ready(page)


def weight_ranges(page: Any) -> dict[str, tuple[float, float]]:
    rows = page.eval_on_selector_all(
        f"{PANEL} .ssc-cp-weights tbody tr[data-issue]",
        "rows => rows.map(r => [r.dataset.issue, Number(r.dataset.low), Number(r.dataset.high)])",
    )
    return {issue: (low, high) for issue, low, high in rows}


def width(ranges: dict[str, tuple[float, float]]) -> float:
    return sum(high - low for low, high in ranges.values())


def meso_offers(page: Any, issues: list[str]) -> list[dict[str, str]]:
    """The suggested offers, read from the table: one column per offer."""
    rows = page.eval_on_selector_all(
        f"{PANEL} .ssc-cp-meso-table tbody tr",
        """rows => rows.map(r => [
            r.querySelector('th').textContent,
            [...r.querySelectorAll('td')].map(c => c.textContent),
        ])""",
    )
    cells = {name: values for name, values in rows if name in issues}
    count = len(cells[issues[0]])
    return [{issue: cells[issue][k] for issue in issues} for k in range(count)]


def evidence_texts(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        f"{PANEL} .ssc-cp-evidence li .ssc-cp-statement", "items => items.map(i => i.textContent)"
    )


def aside(page: Any, path: str) -> bool:
    """Whether the evidence list shows the statement at `path` as set aside."""
    item = page.locator(f'{PANEL} .ssc-cp-evidence li[data-path="{path}"]')
    return item.get_attribute("class") == "ssc-cp-aside"


def test_reading_the_seller_from_the_buyers_page(page: Any, site_url: str) -> None:
    case = load_case(ROOT / "cases" / "house-purchase.yaml")
    buyers, seller = case.roles
    mine = role_sheet(case, buyers)
    sheet_text = json.dumps(sheet_to_dict(mine))
    user = mine.parties[0].name
    issues = list(sheet_to_dict(mine)["issues"])
    hidden = sheet_to_dict(case.sheet)["parties"][case.sheet.parties[seller.party].name]["points"]
    favourite = {issue: max(hidden[issue], key=lambda option: hidden[issue][option]) for issue in issues}

    def hidden_value(offer: dict[str, str]) -> int:
        return sum(hidden[issue][offer[issue]] for issue in issues)

    page.goto(f"{site_url}cases/{case.slug}/{buyers.slug}/")
    wait_ready(page)
    unfold(page)
    panel = page.locator(PANEL)
    assert panel.locator(".ssc-cp-user").input_value() == user
    assert panel.locator(".ssc-cp-them").input_value() == COUNTERPART_GUESS

    # Beliefs: the seller's favourite option on every issue, chosen from the keyboard's controls.
    for issue in issues:
        select = panel.locator(".ssc-cp-prefers").nth(issues.index(issue))
        assert select.get_attribute("aria-label") == f"What they prefer on {issue}"
        select.select_option(value=f"favourite:{favourite[issue]}")
        wait_ready(page)
    beliefs = {"counterpart": COUNTERPART_GUESS, "issues": {i: {"favourite": favourite[i]} for i in issues}}
    before = weight_ranges(page)
    assert set(before) == set(issues)
    assert panel.locator(".ssc-cp-proposal").count() > 0

    # MESO rounds: the real seller picks the offer worth most to it, until the estimate narrows.
    evidence: list[dict[str, Any]] = []
    for _round in range(3):
        panel.locator(".ssc-cp-suggest").click()
        wait_ready(page)
        offers = meso_offers(page, issues)
        assert len(offers) == 3
        values = [hidden_value(offer) for offer in offers]
        chosen = values.index(max(values))
        panel.locator(f'.ssc-cp-pick[data-offer="{chosen}"]').click()
        wait_ready(page)
        evidence.append({"kind": "preferred", "offers": offers, "chosen": chosen})
        if width(weight_ranges(page)) < width(before):
            break
    after = weight_ranges(page)
    assert width(after) < width(before), (before, after)
    assert panel.get_attribute("data-consistent") == "true"
    assert len(evidence_texts(page)) == len(evidence)
    assert all(text.startswith("They preferred offer") for text in evidence_texts(page))

    # The bounds on the page are the engine's own.
    check = service.counterpart_check(sheet_text, user, beliefs, evidence)
    assert check["ok"], check
    for issue, bounds in check["result"]["weights"].items():
        assert after[issue] == pytest.approx((bounds["low"], bounds["high"]), abs=1e-9)
    # The packages to propose: the honest answers never rule out the real seller.
    assert panel.locator(".ssc-cp-proposal").count() > 0
    assert page.locator(f"{PANEL} .ssc-cp-chart svg").count() == 1

    # Contradictory evidence: the current package both accepted and rejected.
    panel.locator(".ssc-cp-accepted").click()
    wait_ready(page)
    assert panel.get_attribute("data-consistent") == "true"
    panel.locator(".ssc-cp-rejected").click()
    wait_ready(page)
    assert panel.get_attribute("data-consistent") == "false"
    conflict = page.eval_on_selector_all(
        f"{PANEL} .ssc-cp-conflict-list li", "items => items.map(i => i.dataset.path)"
    )
    accepted, rejected = f"evidence[{len(evidence)}]", f"evidence[{len(evidence) + 1}]"
    assert sorted(conflict) == sorted([accepted, rejected])
    drops = panel.locator(".ssc-cp-drop")
    assert drops.count() >= 1
    # The newest statement is suggested first.
    assert drops.first.get_attribute("data-paths") == rejected
    assert drops.first.text_content().startswith("Set aside: They rejected Price: ")
    drops.first.focus()
    page.keyboard.press("Enter")
    wait_ready(page)
    assert panel.get_attribute("data-consistent") == "true"
    assert page.locator(f"{PANEL} .ssc-cp-conflict-list").count() == 0
    assert aside(page, rejected)
    shown = evidence_texts(page)
    ranges = weight_ranges(page)

    # Reload: beliefs and evidence come back from this browser's storage.
    page.reload()
    wait_ready(page)
    assert page.get_attribute(f"{CALC} details.ssc-cp-section", "open") is not None  # kept open
    assert evidence_texts(page) == shown
    assert aside(page, rejected)
    assert panel.get_attribute("data-consistent") == "true"
    for k, issue in enumerate(issues):
        assert panel.locator(".ssc-cp-prefers").nth(k).input_value() == f"favourite:{favourite[issue]}"
    assert weight_ranges(page) == ranges

    # Using the dropped statement again brings the conflict back.
    panel.locator(f'.ssc-cp-evidence li[data-path="{rejected}"] .ssc-cp-toggle').click()
    wait_ready(page)
    assert panel.get_attribute("data-consistent") == "false"
