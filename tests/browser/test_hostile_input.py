"""The hostile-string corpus (tests/hostile/hostile-strings.json) fed to the calculator
page as an imported JSON sheet, a share link and GENIUS XML files: nothing runs (every
payload would set window.__pwned), the text shows literally, the layout holds at
1280 px. The page fixture also fails on any Content Security Policy violation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from test_calculator import CALC, exported, open_calculator, wait_ready

from scoresheet import loads_sheet

CORPUS = Path(__file__).resolve().parents[1] / "hostile" / "hostile-strings.json"
STRINGS: list[str] = json.loads(CORPUS.read_text(encoding="utf-8"))["strings"]
NAMES = [s for s in STRINGS if len(s) <= 200]  # the engine's longest name
VIEWPORT = {"width": 1280, "height": 900}


def test_the_corpus_is_big_and_armed() -> None:
    assert len(STRINGS) >= 30
    assert all("__pwned" in s for s in STRINGS)
    assert len(set(STRINGS)) == len(STRINGS)


def hostile_sheet() -> dict[str, Any]:
    names = NAMES
    issues = {names[i]: [names[12 + 2 * i], names[13 + 2 * i]] for i in range(12)}
    return {
        "version": 1,
        "title": names[1],
        "description": "\n".join(STRINGS),
        "issues": issues,
        "parties": {
            names[36]: {"points": {k: {v[0]: i, v[1]: 0} for i, (k, v) in enumerate(issues.items())}},
            names[0]: {"points": {k: {v[0]: 0, v[1]: 12 - i} for i, (k, v) in enumerate(issues.items())}},
        },
    }


def assert_inert_and_laid_out(page: Any) -> None:
    assert page.evaluate("() => window.__pwned") is None, "a hostile string ran"
    assert page.locator(f"{CALC} img, {CALC} iframe, {CALC} object, {CALC} embed").count() == 0
    overflow = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, view: innerWidth,
                   root: document.querySelector('.scoresheet-calculator').getBoundingClientRect().right})"""
    )
    assert overflow["scroll"] <= overflow["view"], f"horizontal scroll: {overflow}"
    assert overflow["root"] <= overflow["view"], f"calculator wider than the viewport: {overflow}"


def assert_names_shown(page: Any, sheet: dict[str, Any]) -> None:
    text = page.text_content(f"{CALC} .ssc-builder") or ""
    for issue, options in sheet["issues"].items():
        assert issue in text
        assert all(option in text for option in options)
    scores = page.text_content(f"{CALC} .ssc-scores") or ""
    assert all(party in scores for party in sheet["parties"])
    assert page.get_by_label("Sheet title").input_value() == sheet["title"]


def test_hostile_json_sheet_import(page: Any, site_url: str) -> None:
    page.set_viewport_size(VIEWPORT)
    sheet = hostile_sheet()
    text = json.dumps(sheet, ensure_ascii=False)
    loads_sheet(text)  # the engine takes it: the page must show it, not refuse it
    open_calculator(page, site_url + "calculator/")
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "hostile.json", "mimeType": "application/json", "buffer": text.encode()},
    )
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    assert_names_shown(page, sheet)
    page.wait_for_selector(f"{CALC} .ssc-chart svg")
    assert_inert_and_laid_out(page)
    assert loads_sheet(exported(page)).issue_names == tuple(sheet["issues"])


def test_hostile_share_link(page: Any, site_url: str) -> None:
    from base64 import urlsafe_b64encode

    page.set_viewport_size(VIEWPORT)
    sheet = hostile_sheet()
    encoded = urlsafe_b64encode(json.dumps(sheet, ensure_ascii=False).encode()).decode().rstrip("=")
    open_calculator(page, site_url + f"calculator/#sheet={encoded}")
    assert "shared sheet is loaded" in page.inner_text(f"{CALC} .ssc-message")
    assert_names_shown(page, sheet)
    assert_inert_and_laid_out(page)


def test_hostile_share_link_that_is_not_a_sheet(page: Any, site_url: str) -> None:
    from base64 import urlsafe_b64encode

    page.set_viewport_size(VIEWPORT)
    for text in STRINGS[:5]:
        encoded = urlsafe_b64encode(text.encode()).decode().rstrip("=")
        open_calculator(page, site_url + f"calculator/#sheet={encoded}")
        assert "was not loaded" in page.inner_text(f"{CALC} .ssc-message")
        page.goto("about:blank")
    open_calculator(page, site_url + "calculator/#sheet=" + STRINGS[0])  # raw, not base64url
    assert_inert_and_laid_out(page)


def _genius_files(names: list[str]) -> tuple[bytes, list[bytes]]:
    issues = [(names[i], [names[8 + 2 * i], names[9 + 2 * i]]) for i in range(4)]
    items = "".join(
        f'<issue index="{i + 1}" etype="discrete" type="discrete" name={quoteattr(name)}>'
        + "".join(f'<item index="{j + 1}" value={quoteattr(v)} cost="0"/>' for j, v in enumerate(values))
        + "</issue>"
        for i, (name, values) in enumerate(issues)
    )
    objective = f'<objective index="0" name={quoteattr(names[0])}>'
    space = f"<utility_space>{objective}{items}</objective></utility_space>"
    domain = f"<negotiation_template>{space}</negotiation_template>"

    def profile(flip: bool) -> bytes:
        body = "".join(
            f'<issue index="{i + 1}" type="discrete" name={quoteattr(name)}>'
            + "".join(
                f'<item index="{j + 1}" value={quoteattr(v)} evaluation="{(j if flip else 1 - j) + 1}"/>'
                for j, v in enumerate(values)
            )
            + "</issue>"
            for i, (name, values) in enumerate(issues)
        )
        weights = "".join(f'<weight index="{i + 1}" value="0.25"/>' for i in range(4))
        return f"<utility_space>{objective}{body}{weights}</objective></utility_space>".encode()

    return domain.encode(), [profile(False), profile(True)]


def test_hostile_genius_import(page: Any, site_url: str) -> None:
    page.set_viewport_size(VIEWPORT)
    names = [s for s in NAMES if all(ord(c) >= 32 for c in s)]  # XML cannot hold control characters
    domain, profiles = _genius_files(names)
    open_calculator(page, site_url + "calculator/")
    page.click(f"{CALC} .ssc-genius summary")
    page.set_input_files(
        f"{CALC} .ssc-genius-domain", {"name": "hostile_domain.xml", "mimeType": "text/xml", "buffer": domain}
    )
    page.set_input_files(
        f"{CALC} .ssc-genius-profiles",
        [
            {"name": f"{names[1]}.xml", "mimeType": "text/xml", "buffer": profiles[0]},
            {"name": f"{names[2]}.xml", "mimeType": "text/xml", "buffer": profiles[1]},
        ],
    )
    page.click(f"{CALC} .ssc-genius-import")
    wait_ready(page)
    assert "Imported the GENIUS domain" in page.inner_text(f"{CALC} .ssc-message")
    text = page.text_content(f"{CALC} .ssc-builder") or ""
    for i in range(4):
        assert names[i] in text and names[8 + 2 * i] in text and names[9 + 2 * i] in text
    assert_inert_and_laid_out(page)
