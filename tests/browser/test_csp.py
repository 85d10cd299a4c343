"""The Content Security Policy (build_scripts/csp.py): in every built page, first in
<head>, with a hash for every inline script; and the browser enforces it (the page
fixture in conftest.py fails any test on a reported violation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.csp import inline_script_hashes

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_every_page_has_the_policy_first_and_hashes_its_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = re.search(r"<head\b[^>]*>\s*", html)
        assert head, path
        found = META.match(html, head.end())
        assert found, f"{path.relative_to(built_site)}: no CSP meta first in <head>"
        assert len(META.findall(html)) == 1, path
        directives = _directives(found.group(1))
        scripts = directives["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert set(scripts) >= {"'self'"}
        for key in ("default-src", "connect-src", "worker-src"):
            assert directives[key] == ["'self'"], (path, key)
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        missing = inline_script_hashes(html) - set(scripts)
        assert not missing, f"{path.relative_to(built_site)}: inline scripts without a hash: {missing}"
        # No inline event handlers or javascript: URLs, which hashes do not allow.
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert "javascript:" not in html.lower(), path


def test_the_browser_blocks_an_unhashed_inline_script(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url)
        violations = page.evaluate(
            """() => new Promise((resolve) => {
                document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective));
                const script = document.createElement("script");
                script.textContent = "window.__pwned = 1";
                document.body.append(script);
                setTimeout(() => resolve(null), 2000);
            })"""
        )
        assert violations and violations.startswith("script-src")
        assert page.evaluate("() => window.__pwned") is None
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "calculator/"])
def test_pages_load_without_violations(page, site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
