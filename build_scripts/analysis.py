"""What the teaching note shows about a case, computed by the calculator at build time."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from build_scripts.cases import Case
from scoresheet import (
    EfficiencyReport,
    Frontier,
    ReferencePoints,
    TradeReport,
    efficiency,
    frontier,
    midpoint_compromise,
    reference_points,
    trades,
)
from scoresheet.chart import frontier_chart
from scoresheet.model import Package


@dataclass(frozen=True, slots=True)
class CaseAnalysis:
    case: Case
    frontier: Frontier
    reference: ReferencePoints
    midpoint: Package
    midpoint_report: EfficiencyReport
    trades: tuple[TradeReport, ...]
    """One report per pair of parties."""
    charts: tuple[tuple[str, dict[str, Any]], ...]
    """(file name, Vega-Lite spec) for each pair of parties."""


def analyse(case: Case) -> CaseAnalysis:
    sheet = case.sheet
    front = frontier(sheet)
    reference = reference_points(sheet, front)
    midpoint = midpoint_compromise(sheet)
    # One marker per package, its labels joined, so coinciding points don't overprint.
    labels: dict[Package, list[str]] = {midpoint: ["Split the difference"]}
    for label, point in (
        ("Joint maximum", reference.joint_maximum),
        ("Nash", reference.nash),
        ("Kalai-Smorodinsky", reference.kalai_smorodinsky),
    ):
        if point is not None:
            labels.setdefault(point.packages[0], []).append(label)
    markers = [(" = ".join(names), package) for package, names in labels.items()]
    pairs = list(combinations(range(len(sheet.parties)), 2))
    charts = tuple(
        (
            f"frontier-{case.roles[a].slug}-{case.roles[b].slug}.svg",
            frontier_chart(front, a, b, markers, title=f"{sheet.party_names[a]} and {sheet.party_names[b]}"),
        )
        for a, b in pairs
    )
    return CaseAnalysis(
        case=case,
        frontier=front,
        reference=reference,
        midpoint=midpoint,
        midpoint_report=efficiency(sheet, midpoint, max_proposals=5, front=front),
        trades=tuple(trades(sheet, sheet.party_names[a], sheet.party_names[b]) for a, b in pairs),
        charts=charts,
    )
