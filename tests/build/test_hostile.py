"""A case whose every field tries to inject HTML or script builds into inert pages."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_site import ROOT, build

from build_scripts.safe_markdown import is_safe_address

HOSTILE = Path(__file__).parent / "hostile" / "hostile-strings.yaml"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.addresses: list[str] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.addresses.append(value)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    for part in ("docs", "build_scripts", "cases"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copy(HOSTILE, project / "cases" / HOSTILE.name)
    site = project / "site"
    done = build(project, site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.mark.parametrize("page", ["", "buyer/", "seller/", "teaching-note/", "instructor-packet/"])
def test_hostile_text_stays_text(hostile_site: Path, page: str) -> None:
    html = (hostile_site / "cases" / "hostile-strings" / page / "index.html").read_text(encoding="utf-8")
    found = _Elements()
    found.feed(html)
    assert not [s for s in found.scripts if "__pwned" in s], "a case string became a script"
    assert not found.handlers, f"event handlers from case text: {found.handlers}"
    assert all(is_safe_address(a) for a in found.addresses), [
        a for a in found.addresses if not is_safe_address(a)
    ]
    assert "iframe" not in found.tags
    # The strings are shown, literally.
    text = re.sub(r"<[^>]+>", "", html)
    assert "window.__pwned=1" in text


def test_address_check_knows_its_tricks() -> None:
    assert not is_safe_address("javascript:alert(1)")
    assert not is_safe_address(" JaVa\tScRiPt:alert(1)")
    assert not is_safe_address("data:text/html,<script>")
    assert (
        is_safe_address("../guides/meso.md")
        and is_safe_address("https://example.org")
        and is_safe_address("#x")
    )
