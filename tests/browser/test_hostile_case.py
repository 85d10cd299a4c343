"""A case made of the hostile-string corpus (tests/hostile/hostile-strings.json: titles,
bodies, party, issue and option names, debrief questions), built in a temporary project
and opened in Chromium: nothing runs (window.__pwned stays unset; the page fixture also
fails on console errors and CSP violations), the strings show literally, and no page
scrolls sideways at 1280 px."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import ROOT, _QuietHandler, _QuietServer
from test_calculator import CALC, wait_ready

CORPUS = ROOT / "tests" / "hostile" / "hostile-strings.json"
TEMPLATE = ROOT / "tests" / "build" / "hostile" / "hostile-strings.yaml"
STRINGS: list[str] = json.loads(CORPUS.read_text(encoding="utf-8"))["strings"]
# YAML and the case rules take no control characters; names are at most 200 characters.
PRINTABLE = [s for s in STRINGS if all(ord(c) >= 32 for c in s)]
NAMES = [s for s in PRINTABLE if len(s) <= 200]
SLUG = "hostile-corpus"
WEIGHTS = (5, 10, 15, 20, 25, 25)  # each role's best package is worth 100, as every case's


def corpus_case() -> dict[str, Any]:
    case = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    body = "\n\n".join(PRINTABLE)
    issues = {NAMES[2 + i]: [NAMES[10 + 2 * i], NAMES[11 + 2 * i]] for i in range(6)}
    case.update(
        slug=SLUG,
        title=NAMES[0],
        summary=NAMES[1],
        background=body,
        teaching_note=body,
        debrief_questions=NAMES,
        issues=issues,
    )
    for r, role in enumerate(case["roles"]):
        role.update(
            name=NAMES[24 + r], title=NAMES[26 + r], instructions=body, reservation_story=NAMES[28 + r]
        )
        role["sheet"]["points"] = {
            issue: {options[0]: weight * r, options[1]: weight * (1 - r)}
            for weight, (issue, options) in zip(WEIGHTS, issues.items(), strict=True)
        }
    return case


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's pages come from a site with the corpus case in it."""
    project = tmp_path_factory.mktemp("hostile-corpus") / "project"
    for part in ("docs", "build_scripts", "cases"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "cases" / f"{SLUG}.yaml").write_text(
        yaml.safe_dump(corpus_case(), allow_unicode=True), encoding="utf-8"
    )
    site = project / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def assert_inert(page: Any) -> None:
    assert page.evaluate("() => window.__pwned") is None, "a hostile string ran"
    injected = page.locator(
        "article iframe, article object, article embed, article img[src='x'], article svg[onload]"
    )
    assert injected.count() == 0
    layout = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, view: innerWidth})")
    assert layout["scroll"] <= layout["view"], f"the page scrolls sideways: {layout}"


@pytest.mark.parametrize("path", ["", "buyer/", "seller/", "teaching-note/"])
def test_corpus_case_pages(page: Any, site_url: str, path: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    # `![x](x" onerror=...)` is a Markdown image (inert: its address is the whole text);
    # answer its request rather than let the 404 fail the test.
    page.route(lambda url: "__pwned" in url, lambda route: route.fulfill(status=204))
    page.goto(f"{site_url}cases/{SLUG}/{path}")
    page.wait_for_load_state("load")
    if path == "teaching-note/":
        wait_ready(page)
        builder = page.text_content(f"{CALC} .ssc-builder") or ""
        assert NAMES[2] in builder and NAMES[10] in builder
    text = page.text_content("article") or ""
    # Bodies are Markdown: strings with Markdown syntax are formatted (made inert, checked
    # below); every other string shows literally, markup and all.
    shown = [s for s in PRINTABLE if s not in text and not any(c in s for c in "[]*_`!")]
    assert NAMES[0] in text  # the title
    if path in ("", "teaching-note/"):
        # Every body string shows literally (Markdown made inert, not interpreted).
        assert not shown, f"not shown literally: {shown[:3]}"
    page.wait_for_timeout(300)  # handlers such as onload/onfocus would have fired by now
    assert_inert(page)


def test_corpus_case_in_the_index_and_search(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "cases/")
    assert NAMES[0] in (page.text_content("article") or "")
    assert_inert(page)
