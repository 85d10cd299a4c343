"""Text that the engine's Vega-Lite specs (chart.py, counterpart_estimate.py) put in a chart."""

from __future__ import annotations

ROUNDED = ".2~f"
"""d3-format for points in tooltips: at most two decimals, no trailing zeros, as the
page's tables show them (dom.mjs num)."""


def tooltip_title(text: str) -> str:
    """A tooltip entry's title as Vega-Lite needs it: it puts titles into an expression
    without escaping backslashes, so a party named "A\\" stopped the chart (a parse error)."""
    return text.replace("\\", "\\\\")
