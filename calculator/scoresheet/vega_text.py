"""Text that the engine's Vega-Lite specs (chart.py, counterpart_estimate.py) put in a chart."""

from __future__ import annotations

ROUNDED = ".2~f"
"""d3-format for points in tooltips: at most two decimals, no trailing zeros, as the
page's tables show them (dom.mjs num)."""


# What a string literal in a Vega expression must escape, besides the quote Vega-Lite does.
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def tooltip_title(text: str) -> str:
    """A tooltip entry's title as Vega-Lite needs it: it puts titles into an expression
    escaping only quotes, so a party named "A\\" or with a line break stopped the chart
    (a parse error). Marks' screen-reader names are made in the chart from signals
    instead (chart.py), never from titles."""
    return "".join(_ESCAPES.get(character, character) for character in text)
