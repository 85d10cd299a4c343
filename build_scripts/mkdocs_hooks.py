"""MkDocs hooks: wire the case pages into the site. The real work is in site_pages.

Cases are loaded and validated in ``on_config``, before MkDocs cleans the output
folder, so a broken case stops the build with the previous site left as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path; make the build_scripts package importable from it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_scripts.cases import CaseError
from build_scripts.charts import ChartError
from build_scripts.site_pages import SiteContent, site_content

_content = SiteContent({}, {})


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    global _content
    try:
        _content = site_content()
    except CaseError as error:
        raise PluginError(f"broken case or guide files:\n{error}") from None
    except ChartError as error:
        raise PluginError(str(error)) from None
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    for path, content in _content.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    return markdown + _content.guide_endings.get(page.file.src_uri, "")
