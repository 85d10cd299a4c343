"""Shared by the site build's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_markdown() -> Callable[[str], str]:
    """HTML as MkDocs renders the site's Markdown: its built-in extensions (toc, tables,
    fenced_code) and those mkdocs.yml adds."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    added = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    extensions = list(dict.fromkeys(["toc", "tables", "fenced_code", *added]))
    return lambda text: markdown.markdown(text, extensions=extensions)
