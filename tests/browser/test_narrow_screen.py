"""Pages on a phone (375 px wide): the page itself never scrolls sideways; a wide table
scrolls inside its own box, and forms shrink or wrap to the screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


@pytest.mark.parametrize(
    "path",
    [
        # Class-results drop-downs with long option names (395 and 399 px wide pages).
        "cases/joint-venture-3party/teaching-note/",
        "cases/software-licence-contingent/teaching-note/",
        # Outcome forms with long issue names in their header (402 and 428 px).
        "cases/supply-contract/instructor-packet/",
        "cases/technology-transfer/instructor-packet/",
    ],
)
def test_no_sideways_scroll_on_a_phone(page, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    if "teaching-note" in path:
        page.wait_for_selector('.scoresheet-debrief[data-state="ready"]', timeout=90_000)
        page.wait_for_selector('.scoresheet-calculator[data-state="ready"]', timeout=90_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
          .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 0.5)
          .filter((e) => !e.parentElement.closest('.md-typeset__scrollwrap, .ssc-scroll'))
          .slice(0, 5).map((e) => `${e.tagName}.${e.className}`)"""
    )
    assert width <= PHONE["width"], (width, wide)
