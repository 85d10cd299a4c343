"""Vega-Lite specifications of the frontier chart.

One chart definition serves both places it is drawn: the site build renders it to a
static SVG (so it shows without JavaScript and in print) and the browser draws the
same spec interactively. Two parties go on the axes; with more parties, each pair
gets its own chart (a projection, so efficient points may hide behind each other).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .frontier import Frontier
from .model import Package, Sheet
from .plain import number

CLOUD_LIMIT = 800
"""At most this many other packages are drawn behind the frontier (sampled above it)."""

_SUBTITLE = "every package, and the efficient ones"
_RIGHT_THIRD = "scale('x', datum.x) > width * 2 / 3"  # a Vega expression
_COLOURS = {"package": "#b0b7c3", "efficient": "#1f6feb", "marker": "#d4380d"}


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


def _marker_rows(
    sheet: Sheet, markers: Sequence[tuple[str, Package]], x: int, y: int
) -> list[dict[str, Any]]:
    """One row per marker, each with its own ``label`` (the page finds a class's group by
    it); its ``caption``, the text drawn beside it, is shared by markers at one spot
    ("Current package / Nash", on the first of them): labels drawn on top of each other
    could not be read."""
    rows = [_row(sheet, package, x, y, "marker", label) for label, package in markers]
    first_at: dict[tuple[Any, Any], dict[str, Any]] = {}
    for row in rows:
        first = first_at.setdefault((row["x"], row["y"]), row)
        if first is row:
            row["caption"] = row["label"]
        else:
            row["caption"] = ""
            first["caption"] += f" / {row['label']}"
    return rows


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
    rows += _marker_rows(sheet, markers, x_party, y_party)
    two_parties = len(sheet.parties) == 2
    scales = _scales(rows, sheet, {"x": x_party, "y": y_party})
    by_x = {"field": "x", "type": "quantitative"}  # the line joins the points left to right
    # Every mark says `invalid: None`: the engine's numbers are never missing, so
    # Vega-Lite need not add a filter of them, run per row (by Vega's interpreter, in the
    # browser: the pages' Content Security Policy forbids compiled expressions).
    # Two parties: the points drawn as Vega-Lite's `point: true` would over a line
    # (filled, opaque); more: plain circles, as before.
    point_look = {"type": "point", "filled": True, "opacity": 1} if two_parties else {"type": "circle"}
    efficient_points = {
        "mark": {**point_look, "color": _COLOURS["efficient"], "invalid": None},
        "encoding": {**_xy(x_name, y_name, scales), "order": by_x},
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
            "transform": [{"filter": "datum.kind == 'efficient'"}],
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
            "transform": [{"filter": "datum.kind == 'marker'"}],
            "mark": {
                "type": "point",
                "shape": "diamond",
                "size": 110,
                "filled": True,
                "color": _COLOURS["marker"],
                "invalid": None,
            },
            "encoding": _xy(x_name, y_name, scales),
        },
        {
            "transform": [{"filter": "datum.kind == 'marker'"}],
            # Right of the marker, or left of it in the plot's right third, so that a
            # caption near the right edge stays in the chart on a narrow screen.
            "mark": {
                "type": "text",
                "align": {"expr": f"{_RIGHT_THIRD} ? 'right' : 'left'"},
                "dx": {"expr": f"{_RIGHT_THIRD} ? -7 : 7"},
                "dy": -7,
                "fontSize": 11,
                "invalid": None,
            },
            "encoding": {**_xy(x_name, y_name, scales), "text": {"field": "caption"}},
        },
    ]
    layers += _reservation_rules(sheet, x_party, "x") + _reservation_rules(sheet, y_party, "y")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"Efficient frontier: {x_name} against {y_name}",
        # The parties first, the rest below: one line of both was cut off on a phone.
        "title": title or {"text": f"{x_name} and {y_name}", "subtitle": _SUBTITLE},
        "width": 420,
        "height": 320,
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


def _scales(rows: list[dict[str, Any]], sheet: Sheet, parties: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Each axis fits its data and its party's reservation line; an axis on which all of
    them have one value (a role page's blank estimate of the other side: all zeros) spans
    one point either side of it, where its only tick had read "0.000000"."""
    scales: dict[str, dict[str, Any]] = {}
    for axis, party in parties.items():
        values = {row[axis] for row in rows}
        reservation = sheet.parties[party].reservation
        if reservation is not None:
            values.add(number(reservation))
        scales[axis] = {"zero": False}
        if len(values) == 1:
            (value,) = values
            scales[axis]["domain"] = [value - 1, value + 1]
    return scales


def _xy(x_name: str, y_name: str, scales: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Axes plus the tooltip (and the SVG's aria-label) naming the point's package."""
    tooltip = [
        {"field": "label", "title": "Marker"},
        {"field": "x", "title": x_name},
        {"field": "y", "title": y_name},
        {"field": "package", "title": "Package"},
    ]
    return {**_axes(x_name, y_name, scales), "tooltip": tooltip}


def _reservation_rules(sheet: Sheet, party: int, axis: str) -> list[dict[str, Any]]:
    reservation: Fraction | None = sheet.parties[party].reservation
    if reservation is None:
        return []
    return [
        {
            "data": {"values": [{"value": number(reservation)}]},
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#8c8c8c"},
            "encoding": {
                axis: {
                    "field": "value",
                    "type": "quantitative",
                    "title": f"{sheet.party_names[party]} points",
                }
            },
        }
    ]
