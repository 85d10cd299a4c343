"""MkDocs hooks: wire the case pages and the calculator's runtime into the site. The real
work is in site_pages and browser_assets.

Cases are loaded and validated in ``on_config``, before MkDocs cleans the output
folder, so a broken case stops the build with the previous site left as it was. Chart
SVGs are drawn in the background and collected in ``on_env``, before files are copied.
"""

from __future__ import annotations

import contextlib
import mimetypes
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path; make the build_scripts package importable from it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_scripts.browser_assets import BrowserAssetsError, copy_browser_assets
from build_scripts.cases import CaseError
from build_scripts.charts import ChartCompiler, ChartError
from build_scripts.csp import add_policy
from build_scripts.eager_compile import EagerCompileError, mark_eager_scripts
from build_scripts.initial_analysis import embed_initial_analyses
from build_scripts.safe_markdown import SafeLinks
from build_scripts.site_pages import SiteContent, site_content

_content: SiteContent | None = None
_chart_compiler: ChartCompiler | None = None  # one per build: the pages' first charts

# `mkdocs serve` serves files with the types Python's mimetypes knows: Pyodide needs these.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    global _content
    config.markdown_extensions.append(SafeLinks())
    try:
        _content = site_content()
    except CaseError as error:
        raise PluginError(f"broken case or guide files:\n{error}") from None
    except ChartError as error:
        raise PluginError(str(error)) from None
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    assert _content is not None
    for path, content in _content.pages.items():
        files.append(File.generated(config, path, content=content))
    for path, svg_file in _content.chart_files.items():
        files.append(File.generated(config, path, abs_src_path=str(svg_file)))
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    assert _content is not None
    return markdown + _content.guide_endings.get(page.file.src_uri, "")


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Pages are rendered; the charts drew meanwhile. Collect them before files are copied.
    assert _content is not None
    try:
        _content.charts.wait()
    except ChartError as error:
        raise PluginError(str(error)) from None
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Each calculator's first results, drawn while Python loads (initial_analysis.py).
    global _chart_compiler
    _chart_compiler = _chart_compiler or ChartCompiler()
    try:
        return embed_initial_analyses(output, _chart_compiler.compile)
    except ChartError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """The calculator's runtime (Pyodide, the scoresheet wheel, vendor libraries) into the
    site, the Content Security Policy into every page (build_scripts/csp.py), and the
    compile hint into the scripts that run at load (build_scripts/eager_compile.py)."""
    _close_chart_compiler()
    add_policy(Path(config.site_dir))
    try:
        copy_browser_assets(Path(config.site_dir), Path(config.config_file_path).resolve().parent)
        mark_eager_scripts(Path(config.site_dir))
    except BrowserAssetsError as error:
        raise PluginError(f"calculator runtime: {error}") from None
    except EagerCompileError as error:
        raise PluginError(str(error)) from None


def on_build_error(error: Exception, **kwargs: Any) -> None:
    with contextlib.suppress(PluginError):  # the build's own error is the one to report
        _close_chart_compiler()


def _close_chart_compiler() -> None:
    global _chart_compiler
    compiler, _chart_compiler = _chart_compiler, None
    if compiler is not None:
        try:
            compiler.close()
        except ChartError as error:
            raise PluginError(str(error)) from None
