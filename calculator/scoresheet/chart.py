"""Vega-Lite specifications of the frontier chart.

One chart definition serves both places it is drawn: the site build renders it to a
static SVG (so it shows without JavaScript and in print) and the browser draws the
same spec interactively. Two parties go on the axes; with more parties, each pair
gets its own chart (a projection, so efficient points may hide behind each other).
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .frontier import Frontier
from .model import Package, Sheet
from .plain import number
from .vega_text import ROUNDED, tooltip_title

CLOUD_LIMIT = 800
"""At most this many other packages are drawn behind the frontier (sampled above it)."""

_SUBTITLE = "every package, and the efficient ones"
_WIDTH, _HEIGHT = 420, 320  # px, the spec's size (the page fits the width to its column)
# px, the plot's width on a phone: captions are placed apart at it, so that they stay
# apart (and in the plot) on any wider screen too.
_NARROWEST = 270
# px: a marker caption's line, a character on it, its offset from the marker, and a
# marker's half width; a caption's baseline above its marker or below it.
_CAPTION_HEIGHT, _CHAR_WIDTH, _CAPTION_GAP, _MARKER_RADIUS = 13, 6.5, 7, 6
_ABOVE, _BELOW = -_CAPTION_GAP, _CAPTION_GAP + 9
# Characters a crowded caption is cut to, in turn, until it finds a free place.
_CAPTION_CUTS = (24, 16, 8)
Box = tuple[float, float, float, float]  # left, bottom, right, top
Extents = dict[str, tuple[float, float]]  # per axis, its lowest and highest value (or its span)
_COLOURS = {"package": "#b0b7c3", "efficient": "#1f6feb", "marker": "#d4380d"}

_DESCRIPTION = (
    f"xParty + ' points: ' + format(datum.x, '{ROUNDED}') + '; ' + "
    f"yParty + ' points: ' + format(datum.y, '{ROUNDED}') + '; Package: ' + datum.package"
)
# A point's name for screen readers (its aria-label), rounded as the page's tables are:
# Vega-Lite's own listed every channel, unrounded, the line's order ("x: 40") and an
# empty marker name included. Computed in the chart, per efficient point and marker
# only: in the data it would add the package's text again to every row of the page.
_DESCRIBED = {"calculate": _DESCRIPTION, "as": "description"}
# A marker's own name (markers at one spot are read one by one; their shared caption is
# not read at all: the text mark is hidden from screen readers).
_DESCRIBED_MARKER = {"calculate": f"'Marker: ' + datum.label + '; ' + {_DESCRIPTION}", "as": "description"}


def _describe(sheet: Sheet, package: Package) -> str:
    return "; ".join(f"{issue}: {option}" for issue, option in sheet.labels(package).items())


def _row(sheet: Sheet, package: Package, x: int, y: int, kind: str, label: str = "") -> dict[str, Any]:
    # Integer sums on the sheet's common scale: exact, and far faster than Fractions.
    scale = sheet.integer_scale
    x_value = sum(scale.points[x][i][o] for i, o in enumerate(package))
    y_value = sum(scale.points[y][i][o] for i, o in enumerate(package))
    return {
        "x": number(scale.to_fraction(x_value)),
        "y": number(scale.to_fraction(y_value)),
        "kind": kind,
        "label": label,
        "package": _describe(sheet, package),
    }


def _place_captions(markers: list[dict[str, Any]], domains: Extents) -> None:
    """Give each marker row its ``caption``, the text drawn beside it, and where it goes
    (``caption_dx``, ``caption_dy``, ``caption_align``): above the marker and to its right
    (to its left in the plot's right third, so that it stays in the chart on a narrow
    screen), or else the first of below, the other side above, the other side below that
    covers no marker and no earlier caption and stays in the plot; where none is free, the
    caption is shortened ("Table 12 – the l…") until one is. Each row keeps its own
    ``label`` (the page finds a class's group by it); markers at one spot share one
    caption, on the first of them ("Current package / Nash", "Table 3 / Table 7"): labels
    drawn on top of each other could not be read. Each row's ``labels_here`` names all
    the markers at its spot in full, for its tooltip. Judged on the spec's height, with
    the captions' font (11 px) measured roughly, on a phone's width."""
    at_spot: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for row in markers:
        at_spot.setdefault(_spot(row, domains), []).append(row)
    taken = [_marker_box(spot) for spot in at_spot]
    for spot, (first, *others) in at_spot.items():
        labels_here = " / ".join(row["label"] for row in (first, *others))
        side = -1 if spot[0] > _NARROWEST * 2 / 3 else 1
        places = [(dx * _CAPTION_GAP, dy) for dx in (side, -side) for dy in (_ABOVE, _BELOW)]
        tries = [(text, place) for text in _shortened(labels_here) for place in places]
        free = [
            (text, place, box)
            for text, place in tries
            for box in [_caption_box(spot, text, *place)]
            if box[0] >= 0 and box[2] <= _NARROWEST and not any(_overlap(box, other) for other in taken)
        ]
        # Nowhere free: the shortest text in the usual place covers the least.
        caption, (dx, dy), box = free[0] if free else (tries[-len(places)][0], places[0], None)
        taken.append(box or _caption_box(spot, caption, dx, dy))
        for row in (first, *others):  # the others draw an empty caption at the same place
            row.update(caption="", labels_here=labels_here, caption_dx=dx, caption_dy=dy)
            row["caption_align"] = "left" if dx > 0 else "right"
        first["caption"] = caption


def _shortened(caption: str) -> list[str]:
    """A caption, then shorter cuts of it that end in "…" (never under 8 characters)."""
    cuts = [length for length in _CAPTION_CUTS if length < len(caption)]
    return [caption] + [caption[: length - 1].rstrip() + "…" for length in cuts]


def _spot(row: dict[str, Any], domains: Extents) -> tuple[float, float]:
    """A row's place in px, up and right from the plot's bottom left corner, on the axes'
    ``domains`` (``_domain``)."""
    (x_low, x_high), (y_low, y_high) = domains["x"], domains["y"]
    return (
        (row["x"] - x_low) / (x_high - x_low) * _NARROWEST,
        (row["y"] - y_low) / (y_high - y_low) * _HEIGHT,
    )


def _caption_box(spot: tuple[float, float], caption: str, dx: int, dy: int) -> Box:
    """Where a caption is drawn: its start or end ``dx`` px right of its marker (as the
    sign says), its baseline ``dy`` px down."""
    x, y = spot
    width = _CHAR_WIDTH * len(caption)
    left = x + dx if dx > 0 else x + dx - width
    baseline = y - dy
    return (left, baseline - 3, left + width, baseline + _CAPTION_HEIGHT - 3)


def _marker_box(spot: tuple[float, float]) -> Box:
    x, y = spot
    return (x - _MARKER_RADIUS, y - _MARKER_RADIUS, x + _MARKER_RADIUS, y + _MARKER_RADIUS)


def _overlap(a: Box, b: Box) -> bool:
    (left_a, low_a, right_a, high_a), (left_b, low_b, right_b, high_b) = a, b
    return left_a < right_b and left_b < right_a and low_a < high_b and low_b < high_a


def cloud_packages(sheet: Sheet, limit: int = CLOUD_LIMIT, seed: int = 0) -> list[Package]:
    """Every package when there are few, else a seeded random sample of ``limit``."""
    sizes = [len(issue.options) for issue in sheet.issues]
    total = sheet.package_count
    rng = random.Random(seed)
    if total <= limit:
        indexes: list[int] = list(range(total))
    else:
        # randrange, not sample(range(total)): Pyodide's 32-bit build cannot take a range
        # of more than 2**31 items, and sheets here reach 10**15 packages.
        chosen: set[int] = set()
        while len(chosen) < limit:
            chosen.add(rng.randrange(total))
        indexes = sorted(chosen)
    packages = []
    for index in indexes:
        package = []
        for size in reversed(sizes):
            index, option = divmod(index, size)
            package.append(option)
        packages.append(tuple(reversed(package)))
    return packages


def frontier_chart(
    front: Frontier,
    x_party: int = 0,
    y_party: int = 1,
    markers: Sequence[tuple[str, Package]] = (),
    cloud: bool = True,
    title: str = "",
) -> dict[str, Any]:
    """Vega-Lite spec: package cloud, efficient packages, reservation lines, labelled markers."""
    sheet = front.sheet
    x_name, y_name = sheet.party_names[x_party], sheet.party_names[y_party]
    rows: list[dict[str, Any]] = []
    if cloud:
        rows += [_row(sheet, p, x_party, y_party, "package") for p in cloud_packages(sheet)]
    rows += [_row(sheet, point.packages[0], x_party, y_party, "efficient") for point in front.points]
    marker_rows = [_row(sheet, package, x_party, y_party, "marker", label) for label, package in markers]
    rows += marker_rows
    two_parties = len(sheet.parties) == 2
    domains = {
        axis: _domain(extent) for axis, extent in _extents(rows, sheet, {"x": x_party, "y": y_party}).items()
    }
    scales = _scales(domains)
    _place_captions(marker_rows, domains)
    by_x = {"field": "x", "type": "quantitative"}  # the line joins the points left to right
    # Every mark says `invalid: None`: the engine's numbers are never missing, so
    # Vega-Lite need not add a filter of them, run per row (by Vega's interpreter, in the
    # browser: the pages' Content Security Policy forbids compiled expressions).
    # Two parties: the points drawn as Vega-Lite's `point: true` would over a line
    # (filled, opaque); more: plain circles, as before.
    point_look = {"type": "point", "filled": True, "opacity": 1} if two_parties else {"type": "circle"}
    efficient_points = {
        "mark": {**point_look, "color": _COLOURS["efficient"], "invalid": None},
        "encoding": {**_xy(x_name, y_name, scales, marker=False), "order": by_x},
    }
    layers: list[dict[str, Any]] = [
        {
            # The cloud is backdrop: no tooltip and no label per point (hundreds of
            # them would drown a screen reader and cost the browser ~60 ms to compute;
            # the efficient points and the frontier table carry the information).
            "transform": [{"filter": "datum.kind == 'package'"}],
            "mark": {
                "type": "circle",
                "size": 14,
                "opacity": 0.45,
                "color": _COLOURS["package"],
                "aria": False,
                "tooltip": None,
                "invalid": None,
            },
            "encoding": _axes(x_name, y_name, scales),
        },
        {
            "transform": [{"filter": "datum.kind == 'efficient'"}, _DESCRIBED],
            # Two parties: a line through the points. The points carry the tooltips and
            # the labels for screen readers; the line carries neither (one SVG path, which
            # would read as one package, yet cost a tooltip and a label per point).
            "layer": [
                {
                    "mark": {"type": "line", "color": _COLOURS["efficient"], "aria": False, "invalid": None},
                    "encoding": {**_axes(x_name, y_name, scales), "order": by_x},
                },
                efficient_points,
            ]
            if two_parties
            else [efficient_points],
        },
        {
            "transform": [{"filter": "datum.kind == 'marker'"}, _DESCRIBED_MARKER],
            "mark": {
                "type": "point",
                "shape": "diamond",
                "size": 110,
                "filled": True,
                "color": _COLOURS["marker"],
                "invalid": None,
            },
            "encoding": _xy(x_name, y_name, scales, marker=True),
        },
        {
            "transform": [{"filter": "datum.kind == 'marker'"}, _DESCRIBED_MARKER],
            # Where _place_captions put each caption.
            "mark": {
                "type": "text",
                "align": {"expr": "datum.caption_align"},
                "dx": {"expr": "datum.caption_dx"},
                "dy": {"expr": "datum.caption_dy"},
                "fontSize": 11,
                "invalid": None,
                "aria": False,
            },
            "encoding": {**_xy(x_name, y_name, scales, marker=True), "text": {"field": "caption"}},
        },
    ]
    layers += _reservation_rules(sheet, x_party, "x") + _reservation_rules(sheet, y_party, "y")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"Efficient frontier: {x_name} against {y_name}",
        # The parties' names, for the points' descriptions (_DESCRIBED): as signals, not
        # spliced into an expression's text, where a name could break out of its quotes.
        "params": [{"name": "xParty", "value": x_name}, {"name": "yParty", "value": y_name}],
        # The parties first, the rest below: one line of both was cut off on a phone.
        "title": title or {"text": f"{x_name} and {y_name}", "subtitle": _SUBTITLE},
        "width": _WIDTH,
        "height": _HEIGHT,
        "data": {"values": rows},
        "layer": layers,
    }


def _axes(x_name: str, y_name: str, scales: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # A copy of each scale: a spec's layers must not share one dict (changing one changed all).
    x_scale, y_scale = copy.deepcopy(scales["x"]), copy.deepcopy(scales["y"])
    return {
        "x": {"field": "x", "type": "quantitative", "title": f"{x_name} points", "scale": x_scale},
        "y": {"field": "y", "type": "quantitative", "title": f"{y_name} points", "scale": y_scale},
    }


def _extents(rows: list[dict[str, Any]], sheet: Sheet, parties: dict[str, int]) -> Extents:
    """Each axis's lowest and highest value: its data and its party's reservation line."""
    extents: Extents = {}
    for axis, party in parties.items():
        values = [row[axis] for row in rows]
        reservation = sheet.parties[party].reservation
        if reservation is not None:
            values.append(number(reservation))
        extents[axis] = (min(values), max(values))
    return extents


def _scales(domains: Extents) -> dict[str, dict[str, Any]]:
    """Each axis spans its domain (``_domain``), given to the chart explicitly: captions are
    placed (``_spot``) on the very scale that is drawn."""
    return {axis: {"domain": list(domain), "nice": False, "zero": False} for axis, domain in domains.items()}


def _domain(extent: tuple[float, float]) -> tuple[float, float]:
    """An axis's span: its extent widened to round numbers, as Vega's ``nice`` scales
    widen it (d3's linear ``nice``, ten ticks: 3.5..98 becomes 0..100); or, where every
    value is one (a role page's blank estimate of the other side: all zeros), one point
    either side of it, where its only tick had read "0.000000"."""
    low, high = extent
    if low == high:
        return (low - 1, high + 1)
    previous = None
    for _ in range(10):  # d3 stops after ten steps, leaving the span as it was
        if not low < high:  # a span of a few ulps, rounded to nothing: d3 leaves it too
            return extent
        step = _tick_increment(low, high, 10)
        if step == previous:
            return (low, high)
        if step > 0:
            low, high = math.floor(low / step) * step, math.ceil(high / step) * step
        elif step < 0:  # 1 / -step: a step under 1, kept as its inverse to stay exact
            low, high = math.ceil(low * step) / step, math.floor(high * step) / step
        else:
            break
        previous = step
    return extent


def _tick_increment(start: float, stop: float, count: int) -> float:
    """d3-array's tickIncrement: the round step for about ``count`` ticks (negative: its inverse)."""
    step = (stop - start) / count
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = (
        10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    )
    return factor * 10.0**power if power >= 0 else -(10.0**-power) / factor


def _xy(x_name: str, y_name: str, scales: dict[str, dict[str, Any]], marker: bool) -> dict[str, Any]:
    """Axes, the tooltip naming the point's package (and a marker's name), rounded as the
    page's tables are, and the point's name for screen readers (``description``)."""
    tooltip = [
        *([{"field": "labels_here", "title": "Marker"}] if marker else []),
        # "... points", as on the axes: a title that is a bare name could be "__proto__" or
        # "toString", which Vega refuses as a key of the tooltip's object (no chart at all).
        {"field": "x", "title": tooltip_title(f"{x_name} points"), "format": ROUNDED},
        {"field": "y", "title": tooltip_title(f"{y_name} points"), "format": ROUNDED},
        {"field": "package", "title": "Package"},
    ]
    return {**_axes(x_name, y_name, scales), "tooltip": tooltip, "description": {"field": "description"}}


def _reservation_rules(sheet: Sheet, party: int, axis: str) -> list[dict[str, Any]]:
    reservation: Fraction | None = sheet.parties[party].reservation
    if reservation is None:
        return []
    # Named for screen readers here: Vega-Lite's own name would put the axis title (the
    # party's name) into an expression unescaped, and a backslash in it stopped the chart.
    named = f"{axis}Party + ' reservation value: ' + format(datum.value, '{ROUNDED}')"
    return [
        {
            "data": {"values": [{"value": number(reservation)}]},
            "transform": [{"calculate": named, "as": "description"}],
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#8c8c8c"},
            "encoding": {
                axis: {
                    "field": "value",
                    "type": "quantitative",
                    "title": f"{sheet.party_names[party]} points",
                },
                "description": {"field": "description"},
            },
        }
    ]
