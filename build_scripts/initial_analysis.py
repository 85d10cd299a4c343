"""The calculator's first results, computed while the site is built.

A page with a calculator embeds its sheet (``<template class="scoresheet-initial">``).
Once Python has started in the reader's browser, the calculator's first call analyses
that sheet and draws the results. The same engine gives the same answer at build time,
so each calculator root also gets that answer, the reply of
``scoresheet.service.analyse(sheet, None, PROPOSALS)`` (no package chosen yet), in
``<template class="scoresheet-initial-analysis">``: the page draws it while Python is
still loading, and when Python's own reply comes it redraws only if the two differ
(calculator.mjs). Nothing in the page depends on the copy being right, only the speed:
it takes the drawing out of the time between Python being ready and the calculator being
ready. (The build does: the engine's chart must compile without a Vega-Lite error or
warning, or the build stops.)

The reply's chart comes compiled to Vega too (``<template
class="scoresheet-initial-chart">``, by the same Vega-Lite under Node, with placeholders
for the reader's colours and font: chart.mjs, chart-theme.mjs). The page draws it without
loading Vega-Lite's compiler onto its main thread: on cold code, that first compile was
the longest task of the calculator's own while the page loaded. A chart the build cannot
compile safely (chart-theme.mjs, precompile) is left to the page.

Sheets whose reply would weigh more than ``MAX_BYTES`` (the chart not counted) are left
to the browser.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from typing import Any

from scoresheet import service

# calculator.mjs asks for this many post-settlement proposals (its PROPOSALS).
PROPOSALS = 5
MAX_BYTES = 200_000

# A calculator root and the sheet template that opens it (templates/role.md.j2,
# teaching_note.md.j2, docs/calculator/index.md).
_ROOT_AND_SHEET = re.compile(
    r'(<div class="scoresheet-calculator"[^>]*>\s*<template class="scoresheet-initial"[^>]*>)'
    r"(.*?)(</template>)",
    re.DOTALL,
)


def embed_initial_analyses(
    page_html: str, compile_chart: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> str:
    """``page_html`` with each calculator root's first reply after its sheet, and that
    reply's chart as ``compile_chart`` (charts.ChartCompiler.compile) makes it."""
    return _ROOT_AND_SHEET.sub(functools.partial(_with_analysis, compile_chart=compile_chart), page_html)


def _with_analysis(
    match: re.Match[str], compile_chart: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> str:
    sheet_text = html.unescape(match.group(2))  # what the browser reads: template.content.textContent
    reply = service.analyse(sheet_text, None, PROPOSALS)
    if not reply.get("ok"):
        return match.group(0)  # the browser shows the sheet's problems itself
    text = json.dumps(reply, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_BYTES:
        return match.group(0)
    embedded = match.group(0) + _template("scoresheet-initial-analysis", text)
    chart = compile_chart(reply["result"]["chart"])
    if chart is None:
        return embedded
    return embedded + _template(
        "scoresheet-initial-chart", json.dumps(chart, ensure_ascii=False, separators=(",", ":"))
    )


def _template(name: str, text: str) -> str:
    return f'\n<template class="{name}" data-search-exclude>{html.escape(text, quote=False)}</template>'
